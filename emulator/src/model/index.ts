/** AWS's Proton model as the emulator uses it: the generated table, typed (see types.ts). */
import generated from "./proton.generated.json";
import type { ModelOperation, ModelShape, ModelTable } from "./types";

export type { ModelError, ModelMember, ModelOperation, ModelShape, ModelTable } from "./types";

export const model = generated as unknown as ModelTable;

/** Every operation the model defines (the emulator may not implement all of them). */
export type OperationName = keyof typeof generated.operations;
/** Error shapes the model defines. */
export type ModelErrorCode = keyof typeof generated.errors;

export const operationNames = Object.keys(model.operations) as OperationName[];

export const isOperationName = (name: string): name is OperationName => Object.hasOwn(model.operations, name);

export const operation = (name: OperationName): ModelOperation => model.operations[name];

export function shapeNamed(name: string): ModelShape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`the Proton model has no shape ${name}`);
  return shape;
}
