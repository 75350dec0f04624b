export { startEmulator, type EmulatorOptions, type RunningEmulator } from "./server";
export { ControlClient, type CallReport, type CallRecord, type FaultSettings } from "./controlClient";
export { StateFileError } from "./store";
export type { Clock } from "./operations";
