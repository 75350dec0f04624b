export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";
export { ControlClient } from "./controlClient";
export { StateFileError } from "./store";
