/** Connection and operation settings: per-resource arguments layered over stack configuration. */
import * as pulumi from "@pulumi/pulumi";

/** Where and as whom to call Proton; unset members use the standard AWS chain. Never holds secrets. */
export interface ConnectionArgs {
  /** AWS region (default: `aws:region` config, then `AWS_REGION`/shared config). Changing it replaces the resource. */
  region?: pulumi.Input<string>;
  /** Shared-config profile name (default: `aws:profile` config, then `AWS_PROFILE`). */
  profile?: pulumi.Input<string>;
  /** IAM role ARN to assume before calling Proton (default: `proton:roleArn` config). */
  roleArn?: pulumi.Input<string>;
  /** Proton endpoint URL (default: `proton:endpoint` config, then `AWS_ENDPOINT_URL_PROTON`). */
  endpoint?: pulumi.Input<string>;
}

/** Waiting and retrying; unset members use `proton:*` config, then `PROTON_*` env vars, then AWS-friendly defaults. */
export interface OperationArgs {
  /** Delay between status polls (config `proton:pollIntervalMs`, env `PROTON_POLL_INTERVAL_MS`, default 10000). */
  pollIntervalMs?: pulumi.Input<number>;
  /** Longest wait for one registration/deployment/deletion (config `proton:timeoutMs`, env `PROTON_TIMEOUT_MS`, default 3600000). */
  timeoutMs?: pulumi.Input<number>;
  /** Retries for throttling, 5xx and network errors (config `proton:maxRetries`, env `PROTON_MAX_RETRIES`, default 8). */
  maxRetries?: pulumi.Input<number>;
  /** First backoff delay (config `proton:retryMinDelayMs`, env `PROTON_RETRY_MIN_DELAY_MS`, default 500). */
  retryMinDelayMs?: pulumi.Input<number>;
  /** Longest backoff delay (config `proton:retryMaxDelayMs`, env `PROTON_RETRY_MAX_DELAY_MS`, default 30000). */
  retryMaxDelayMs?: pulumi.Input<number>;
}

/** Arguments every resource accepts. */
export interface CommonArgs {
  /** Overrides the stack's connection settings for this resource (another account or region). */
  connection?: pulumi.Input<ConnectionArgs>;
  /** Overrides the stack's wait and retry settings for this resource. */
  operation?: pulumi.Input<OperationArgs>;
  /**
   * Adopt the existing Proton resource with this id instead of creating one (see the class's id
   * format); the `import` resource option sets it for you. Replace-only properties must match the
   * existing resource; the others are updated to match the arguments. Removing it later changes nothing.
   */
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

/** The `connection`, `operation`, `autoNamePrefix` and `owner` inputs a resource sends to its provider. */
export function commonInputs(logicalName: string, args: CommonArgs | undefined): pulumi.Inputs {
  const defaults = configDefaults();
  const merge = (base: object | undefined, own: pulumi.Input<object> | undefined) =>
    pulumi.output(own ?? {}).apply((o) => definedOnly({ ...(base ?? {}), ...definedOnly(o as object) }));
  return {
    connection: merge(defaults.connection, args?.connection),
    operation: merge(defaults.operation, args?.operation),
    autoNamePrefix: logicalName,
    owner: `${pulumi.getProject()}/${pulumi.getStack()}/${logicalName}`,
  };
}
