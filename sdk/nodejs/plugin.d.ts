export * from "./dist/plugin";
