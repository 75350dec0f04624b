/** Everything one provider call needs: the shared client, resolved settings, retrying calls and waits. */
import type { ProtonClient } from "@aws-sdk/client-proton";
import * as pulumi from "@pulumi/pulumi";
import { sharedConnection } from "./client";
import { errorFacts, isNotFound, operationError } from "./errors";
import { isThrottling, withRetry } from "./retry";
import {
  resolveOperationSettings,
  type ConnectionSettings,
  type OperationSettings,
  type ResolvedOperationSettings,
} from "./settings";
import { waitUntilSettled, type WaitOptions, type WaitResult } from "./wait";

/** Inputs every resource accepts besides its Proton members. */
export interface CommonInputs {
  connection?: ConnectionSettings;
  operation?: OperationSettings;
  /** Logical name passed by the SDK, used when no explicit name is given. */
  autoNamePrefix?: string;
  /**
   * `<project>/<stack>/<logical name>` passed by the SDK: part of every client token (two resources
   * or stacks with identical inputs never replay each other's create) and the owner tag that lets a
   * re-run adopt what an interrupted run created.
   */
  owner?: string;
  /** Adopt the existing resource with this Proton id instead of creating one. */
  importId?: string;
}

export type ProgressLogger = (message: string) => void;

let progressLogger: ProgressLogger = (message) => void pulumi.log.info(message);

/** Tests and tools may route progress lines elsewhere (defaults to `pulumi.log.info`). */
export function setProgressLogger(logger: ProgressLogger): void {
  progressLogger = logger;
}

/** A progress line outside an operation (e.g. from `diff`, which has no operation context). */
export function logProgress(message: string): void {
  progressLogger(message);
}

export interface CallOptions {
  /**
   * Consulted when Proton answers with an error the retry table calls final (a ConflictException):
   * reads the resource, waits out or fixes what caused it, and answers whether to send again.
   */
  recover?: (error: unknown) => Promise<boolean>;
  /**
   * For a request that must not be applied twice (one that starts a deployment): before retrying an
   * attempt whose answer was lost, reads whether Proton applied it; if so the call fails with
   * AppliedWithoutAnswer (see `answerWasLost`) instead of sending it again.
   */
  applied?: () => Promise<boolean>;
}

/** Whether a call failed only because Proton applied it and its answer was lost. */
export function answerWasLost(error: unknown): boolean {
  return errorFacts(error).name === "AppliedWithoutAnswer";
}

export type WaitForOptions<T> = Omit<WaitOptions<T>, "pollIntervalMs" | "timeoutMs" | "log">;

export interface OperationContext {
  kind: string;
  /** How errors and progress lines name the resource. */
  name: string;
  connection: ConnectionSettings;
  settings: ResolvedOperationSettings;
  client: ProtonClient;
  /** One Proton call: rate-limited, with classified retries; errors name the resource and operation. */
  call<T>(operation: string, fn: (client: ProtonClient) => Promise<T>, options?: CallOptions): Promise<T>;
  /** Like `call`, but ResourceNotFoundException yields undefined. */
  find<T>(operation: string, fn: (client: ProtonClient) => Promise<T>): Promise<T | undefined>;
  /** Polls until settled using the resolved interval/timeout and progress logger. */
  waitFor<T>(options: WaitForOptions<T>): Promise<WaitResult<T>>;
  log(message: string): void;
}

export function createContext(kind: string, name: string, inputs: CommonInputs): OperationContext {
  const connection = inputs.connection ?? {};
  const settings = resolveOperationSettings(inputs.operation);
  const { client, limiter } = sharedConnection(connection);
  const log = (message: string) => progressLogger(message);
  const call = <T>(operation: string, fn: (c: ProtonClient) => Promise<T>, options: CallOptions = {}) => {
    let attempts = 1;
    const attempt = async () => {
      const send = await limiter.acquire();
      try {
        const result = await fn(client);
        limiter.succeeded();
        return result;
      } catch (error) {
        if (isThrottling(error)) limiter.throttled(send);
        throw error;
      }
    };
    return withRetry(attempt, settings, {
      retrying: (error, n, reason, delayMs) =>
        log(
          `${kind} "${name}": ${operation} attempt ${n} failed (${reason}): ${String(error)}; retrying in ${delayMs} ms`,
        ),
      ...(options.recover ? { recover: options.recover } : {}),
      ...(options.applied ? { applied: options.applied } : {}),
      gaveUp: (_error, n) => {
        attempts = n;
      },
    }).catch((error: unknown) => {
      throw operationError(kind, name, operation, error, attempts);
    });
  };
  return {
    kind,
    name,
    connection,
    settings,
    client,
    call,
    async find(operation, fn) {
      try {
        return await call(operation, fn);
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    waitFor: (options) =>
      waitUntilSettled({
        ...options,
        pollIntervalMs: settings.pollIntervalMs,
        timeoutMs: settings.timeoutMs,
        log,
      }),
    log,
  };
}
