/**
 * Per-resource settings that travel with each resource's inputs (and so into the state). Only
 * non-secret values live here: credentials always come from the AWS chain at run time.
 */

/** Where and as whom to call Proton. Unset members fall back to the standard AWS chain. */
export interface ConnectionSettings {
  /** AWS region; changing it moves the resource, so it forces a replacement. */
  region?: string;
  /** Named profile from the shared AWS config/credentials files. */
  profile?: string;
  /** IAM role to assume (with the profile's or default credentials) before calling Proton. */
  roleArn?: string;
  /** Proton endpoint URL override (a local emulator, a VPC endpoint). */
  endpoint?: string;
}

/** How long to wait and how hard to retry. Unset members fall back to env vars, then defaults. */
export interface OperationSettings {
  /**
   * The longest time between two status polls of a wait. Waits poll first 1 s after the request,
   * then after 1 s plus 1/30 of the time already waited, up to this; a value of 1000 or less is a
   * fixed interval.
   */
  pollIntervalMs?: number;
  /** Upper bound for one wait (registration, deployment, deletion). */
  timeoutMs?: number;
  /** Retries for throttling, 5xx and network errors (0 disables retrying). */
  maxRetries?: number;
  /** First backoff delay; later delays grow exponentially (with jitter) up to `retryMaxDelayMs`. */
  retryMinDelayMs?: number;
  /** Cap on one backoff delay. */
  retryMaxDelayMs?: number;
}

export type ResolvedOperationSettings = Required<OperationSettings>;

/** Defaults suit real AWS: Proton deployments take minutes (and the poll schedule adapts to them). */
export const DEFAULT_OPERATION_SETTINGS: ResolvedOperationSettings = {
  pollIntervalMs: 60_000,
  timeoutMs: 60 * 60_000,
  maxRetries: 8,
  retryMinDelayMs: 500,
  retryMaxDelayMs: 30_000,
};

/** Environment variables read by the provider process (tests shorten waits with these). */
export const OPERATION_SETTINGS_ENV: Record<keyof OperationSettings, string> = {
  pollIntervalMs: "PROTON_POLL_INTERVAL_MS",
  timeoutMs: "PROTON_TIMEOUT_MS",
  maxRetries: "PROTON_MAX_RETRIES",
  retryMinDelayMs: "PROTON_RETRY_MIN_DELAY_MS",
  retryMaxDelayMs: "PROTON_RETRY_MAX_DELAY_MS",
};

/** Precedence: the resource's own settings, then environment variables, then defaults. */
export function resolveOperationSettings(
  explicit: OperationSettings | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ResolvedOperationSettings {
  const resolved = { ...DEFAULT_OPERATION_SETTINGS };
  for (const key of Object.keys(DEFAULT_OPERATION_SETTINGS) as (keyof OperationSettings)[]) {
    const fromEnv = Number(env[OPERATION_SETTINGS_ENV[key]]);
    const value = explicit?.[key] ?? (env[OPERATION_SETTINGS_ENV[key]] ? fromEnv : undefined);
    if (value !== undefined && Number.isFinite(value) && value >= 0) resolved[key] = value;
  }
  return resolved;
}
