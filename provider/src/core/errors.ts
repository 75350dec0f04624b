/** Errors that name the resource, the operation and Proton's own message. */

/** Facts about any thrown value, normalized for classification and messages. */
export interface ErrorFacts {
  name: string;
  message: string;
  code?: string;
  httpStatus?: number;
}

export function errorFacts(wrapped: unknown): ErrorFacts {
  // Our own wrapper keeps the SDK error as its cause: classify what Proton said.
  const error = wrapped instanceof ProtonOperationError ? wrapped.cause : wrapped;
  if (error === null || typeof error !== "object") return { name: "Error", message: String(error) };
  const e = error as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
    $metadata?: { httpStatusCode?: unknown };
    cause?: unknown;
  };
  const code = typeof e.code === "string" ? e.code : undefined;
  const status = e.$metadata?.httpStatusCode;
  const facts: ErrorFacts = {
    name: typeof e.name === "string" ? e.name : "Error",
    message: typeof e.message === "string" ? e.message : String(error),
    ...(code ? { code } : {}),
    ...(typeof status === "number" ? { httpStatus: status } : {}),
  };
  // Node network errors are sometimes wrapped; the cause carries the errno code.
  if (!facts.code && e.cause && typeof e.cause === "object") {
    const causeCode = (e.cause as { code?: unknown }).code;
    if (typeof causeCode === "string") facts.code = causeCode;
  }
  return facts;
}

export function isNotFound(error: unknown): boolean {
  const facts = errorFacts(error);
  return facts.name === "ResourceNotFoundException";
}

/** Proton refused because of the resource's current state (already exists, busy, in use). */
export function isConflict(error: unknown): boolean {
  return errorFacts(error).name === "ConflictException";
}

/** Proton refused the request itself (bad parameters, or an idempotent create's parameter mismatch). */
export function isValidation(error: unknown): boolean {
  return errorFacts(error).name === "ValidationException";
}

/** Thrown for any failed Proton call; keeps the original error as `cause`. */
export class ProtonOperationError extends Error {
  constructor(
    readonly kind: string,
    readonly resourceName: string,
    readonly operation: string,
    readonly protonMessage: string,
    readonly errorName: string,
    options?: { cause?: unknown },
    /** Attempts made (retries included). */
    readonly attempts = 1,
  ) {
    super(
      `${kind} "${resourceName}": ${operation} failed: ${errorName}: ${protonMessage}` +
        (attempts > 1 ? ` (after ${attempts} attempts)` : ""),
      options,
    );
    this.name = "ProtonOperationError";
  }
}

/** Wraps an SDK error; already-wrapped errors pass through unchanged. */
export function operationError(
  kind: string,
  resourceName: string,
  operation: string,
  error: unknown,
  attempts = 1,
): ProtonOperationError {
  if (error instanceof ProtonOperationError) return error;
  const facts = errorFacts(error);
  const name = facts.code && facts.name === "Error" ? facts.code : facts.name;
  return new ProtonOperationError(
    kind,
    resourceName,
    operation,
    facts.message,
    name,
    { cause: error },
    attempts,
  );
}

/** A wait ended in a failed state (REGISTRATION_FAILED, DELETE_FAILED, ...) or timed out. */
export class ProtonStateError extends Error {
  constructor(
    message: string,
    /** The status the wait ended in (`GONE` when the resource vanished, the last status on timeout). */
    readonly status: string,
    readonly timedOut = false,
  ) {
    super(message);
    this.name = "ProtonStateError";
  }
}

/** `value`, or a GONE ProtonStateError `${what} ${how}` when the resource is no longer there. */
export function present<T>(value: T | undefined, what: string, how: string): T {
  if (value === undefined) throw new ProtonStateError(`${what} ${how}`, "GONE");
  return value;
}

/**
 * The dynamic-provider protocol's "created but failed to initialize" error: when create/update
 * throws an object with `id`, the engine records the resource in the state with `properties`
 * (see grpcResponseFromError in @pulumi/pulumi/cmd/dynamic-provider) instead of forgetting it.
 */
export class PartialFailure extends Error {
  constructor(
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(reasons.join("; "));
    this.name = "PartialFailure";
  }
}
