/** Connection and operation settings: per-resource arguments layered over stack configuration. */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionSettingsArgs, OperationSettingsArgs } from "./generated";

/** Where and as whom to call Proton (schema type ConnectionSettings; the name predates the generated SDK). */
export type ConnectionArgs = ConnectionSettingsArgs;
/** How long to wait and how hard to retry (schema type OperationSettings; the name predates the generated SDK). */
export type OperationArgs = OperationSettingsArgs;

/** Arguments every resource accepts (each generated Args interface has them, from schema.json). */
export interface CommonArgs {
  connection?: pulumi.Input<ConnectionArgs>;
  operation?: pulumi.Input<OperationArgs>;
  importId?: pulumi.Input<string>;
}

const OPERATION_KEYS = [
  "pollIntervalMs",
  "timeoutMs",
  "maxRetries",
  "retryMinDelayMs",
  "retryMaxDelayMs",
] as const;

function definedOnly<T extends object>(value: T): Partial<T> | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
  return entries.length > 0 ? (Object.fromEntries(entries) as Partial<T>) : undefined;
}

/** Stack configuration read in the program (not in the provider), so it is visible in the state. */
function configDefaults(): { connection?: Record<string, string>; operation?: Record<string, number> } {
  const aws = new pulumi.Config("aws");
  const proton = new pulumi.Config("proton");
  const connection = definedOnly({
    region: aws.get("region"),
    profile: aws.get("profile"),
    roleArn: proton.get("roleArn"),
    endpoint: proton.get("endpoint"),
  }) as Record<string, string> | undefined;
  const operation = definedOnly(Object.fromEntries(OPERATION_KEYS.map((k) => [k, proton.getNumber(k)]))) as
    | Record<string, number>
    | undefined;
  return { connection, operation };
}

export interface Settings {
  connection?: Record<string, unknown>;
  operation?: Record<string, unknown>;
}

/** The stack's settings with the caller's own (plain values) over them; unset members left out. */
export function withStackSettings(own: { connection?: object; operation?: object }): Settings {
  const defaults = configDefaults();
  return {
    connection: definedOnly({ ...defaults.connection, ...definedOnly(own.connection ?? {}) }),
    operation: definedOnly({ ...defaults.operation, ...definedOnly(own.operation ?? {}) }),
  };
}

/** The `connection`, `operation`, `autoNamePrefix` and `owner` inputs a resource sends to its provider. */
export function commonInputs(logicalName: string, args: CommonArgs | undefined): pulumi.Inputs {
  return {
    connection: pulumi
      .output(args?.connection ?? {})
      .apply((connection) => withStackSettings({ connection }).connection),
    operation: pulumi
      .output(args?.operation ?? {})
      .apply((operation) => withStackSettings({ operation }).operation),
    autoNamePrefix: logicalName,
    owner: `${pulumi.getProject()}/${pulumi.getStack()}/${logicalName}`,
  };
}
