/**
 * Retrying Proton calls: a classification table (error names, network codes, HTTP statuses; never
 * message text) decides, and one loop backs off exponentially with jitter. Errors the table calls
 * final may still be retried when the caller's `recover` looked at the resource's state and made the
 * retry meaningful (e.g. a conflict with a deployment that has since settled).
 */
import pRetry from "p-retry";
import { errorFacts, type ErrorFacts } from "./errors";
import type { ResolvedOperationSettings } from "./settings";

export type RetryDecision = "retry" | "fail";

export interface RetryRule {
  /** Why this row exists (shown in tests and in retry log lines). */
  reason: string;
  /** The request may have been applied with its answer lost (a dropped connection, a timeout). */
  answerLost?: boolean;
  names?: readonly string[];
  codes?: readonly string[];
  /** Inclusive HTTP status range. */
  httpStatus?: readonly [number, number];
  decision: RetryDecision;
}

/** Error names that mean "sent too fast": they also slow the shared rate limiter down. */
export const THROTTLING_NAMES: readonly string[] = [
  "ThrottlingException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "SlowDown",
];

/** First matching row wins; no match means fail. */
export const RETRY_RULES: readonly RetryRule[] = [
  {
    reason: "caller errors never succeed on retry",
    names: [
      "ValidationException",
      "ResourceNotFoundException",
      "AccessDeniedException",
      "ServiceQuotaExceededException",
      "UnrecognizedClientException",
      "InvalidSignatureException",
      "ExpiredTokenException",
      "SerializationException",
      "UnknownOperationException",
    ],
    decision: "fail",
  },
  { reason: "throttling", names: THROTTLING_NAMES, decision: "retry" },
  { reason: "too many requests", httpStatus: [429, 429], decision: "retry" },
  {
    // Which conflicts pass (a deployment in progress) is decided from the resource's state by the
    // caller's `recover`, never from Proton's wording.
    reason: "conflicts are decided from the resource's state",
    names: ["ConflictException"],
    decision: "fail",
  },
  { reason: "conflicts are decided from the resource's state", httpStatus: [409, 409], decision: "fail" },
  {
    reason: "server-side faults",
    names: [
      "InternalServerException",
      "ServiceUnavailableException",
      "InternalFailure",
      "ServiceUnavailable",
    ],
    decision: "retry",
  },
  { reason: "5xx responses", httpStatus: [500, 599], decision: "retry" },
  {
    reason: "network errors",
    codes: [
      "ECONNRESET",
      "ECONNREFUSED",
      "EPIPE",
      "ETIMEDOUT",
      "ESOCKETTIMEDOUT",
      "EAI_AGAIN",
      "ENOTFOUND",
      "ECONNABORTED",
      "UND_ERR_SOCKET",
    ],
    answerLost: true,
    decision: "retry",
  },
  {
    reason: "timeouts",
    names: ["TimeoutError", "RequestTimeout", "RequestTimeoutException"],
    answerLost: true,
    decision: "retry",
  },
];

function matches(rule: RetryRule, facts: ErrorFacts): boolean {
  if (rule.names && !rule.names.includes(facts.name)) return false;
  if (rule.codes && !(facts.code && rule.codes.includes(facts.code))) return false;
  if (rule.httpStatus) {
    const [min, max] = rule.httpStatus;
    if (facts.httpStatus === undefined || facts.httpStatus < min || facts.httpStatus > max) return false;
  }
  return true;
}

export interface Classification {
  decision: RetryDecision;
  reason: string;
  answerLost: boolean;
}

export function classifyError(error: unknown): Classification {
  const facts = errorFacts(error);
  const rule = RETRY_RULES.find((r) => matches(r, facts));
  return rule
    ? { decision: rule.decision, reason: rule.reason, answerLost: rule.answerLost === true }
    : { decision: "fail", reason: "unclassified", answerLost: false };
}

export function isThrottling(error: unknown): boolean {
  const facts = errorFacts(error);
  return THROTTLING_NAMES.includes(facts.name) || facts.httpStatus === 429;
}

export type RetrySettings = Pick<
  ResolvedOperationSettings,
  "maxRetries" | "retryMinDelayMs" | "retryMaxDelayMs"
>;

/**
 * The backoff before retry `attempt` (1 = the first retry): the base doubles from `retryMinDelayMs`,
 * each delay is one to two times it (jitter), capped at `retryMaxDelayMs`. With the defaults the
 * retries of one call span 1.5 to 2.5 minutes, so a burst of faults has time to pass.
 */
export function backoffDelay(attempt: number, settings: RetrySettings, random = Math.random): number {
  const base = settings.retryMinDelayMs * 2 ** (attempt - 1);
  return Math.round(Math.min(settings.retryMaxDelayMs, base * (1 + random())));
}

export interface RetryEvents {
  /** A failed attempt that will be retried after `delayMs`. */
  retrying?(error: unknown, attempt: number, reason: string, delayMs: number): void;
  /**
   * Consulted when the table says an error is final: answers whether the caller changed (or waited
   * out) the state that caused it, so that one more attempt can succeed.
   */
  recover?(error: unknown): Promise<boolean>;
  /**
   * Consulted before retrying an attempt whose answer may have been lost: whether Proton applied it
   * (read from the resource's state). True ends the call with AppliedWithoutAnswer instead of
   * sending a non-idempotent request twice.
   */
  applied?(error: unknown): Promise<boolean>;
  /** The final failure, after `attempts` attempts (the error itself is rethrown unchanged). */
  gaveUp?(error: unknown, attempts: number): void;
}

/** A request Proton applied although its answer was lost (see RetryEvents.applied). */
export class AppliedWithoutAnswer extends Error {
  constructor(readonly lost: unknown) {
    super(`applied, but the answer was lost: ${String(lost)}`);
    this.name = "AppliedWithoutAnswer";
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn`, retrying what the table marks retryable (or `recover` resolves) up to `maxRetries`
 * times, and rethrows the last error unchanged.
 *
 * p-retry runs the attempts; each failed attempt is judged here (onFailedAttempt throws to end the
 * call). The backoff is slept here as well, not by p-retry's timer, so the log names the exact delay
 * and a retry that `recover` made meaningful (it already waited for the state) starts at once.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  settings: RetrySettings,
  events: RetryEvents = {},
  sleep: (ms: number) => Promise<void> = realSleep,
): Promise<T> {
  return pRetry(() => fn(), {
    retries: settings.maxRetries,
    minTimeout: 0,
    maxTimeout: 0,
    async onFailedAttempt(failed) {
      // p-retry decorates the thrown error itself with the counts: it is still the error `fn` threw.
      const { attemptNumber: attempt, retriesLeft } = failed;
      const error: unknown = failed;
      const { decision, reason, answerLost } = classifyError(error);
      if (answerLost && events.applied && (await events.applied(error)))
        throw new AppliedWithoutAnswer(error);
      const retry =
        retriesLeft > 0 &&
        (decision === "retry" || (events.recover !== undefined && (await events.recover(error))));
      if (!retry) {
        events.gaveUp?.(error, attempt);
        throw error;
      }
      const delay = decision === "retry" ? backoffDelay(attempt, settings) : 0;
      events.retrying?.(
        error,
        attempt,
        decision === "retry" ? reason : "resolved from the resource's state",
        delay,
      );
      if (delay > 0) await sleep(delay);
    },
  });
}
