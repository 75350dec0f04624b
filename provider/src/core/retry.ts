/** Retrying Proton calls: a classification table decides, p-retry backs off with jitter. */
import pRetry from "p-retry";
import { errorFacts, type ErrorFacts } from "./errors";
import type { ResolvedOperationSettings } from "./settings";

export type RetryDecision = "retry" | "fail";

export interface RetryRule {
  /** Why this row exists (shown in tests). */
  reason: string;
  names?: readonly string[];
  codes?: readonly string[];
  /** Inclusive HTTP status range. */
  httpStatus?: readonly [number, number];
  message?: RegExp;
  decision: RetryDecision;
}

/** Conflicts that only mean "another operation on this resource is still running". */
const IN_PROGRESS_CONFLICT =
  /in[ _-]?progress|ongoing|currently being|being (deployed|updated|deleted|created|registered)|another (deployment|operation|update)|\bstill [a-z]+ing\b/i;

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
    ],
    decision: "fail",
  },
  {
    reason: "throttling",
    names: ["ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown"],
    decision: "retry",
  },
  { reason: "too many requests", httpStatus: [429, 429], decision: "retry" },
  {
    reason: "another operation on the same resource is in progress",
    names: ["ConflictException"],
    message: IN_PROGRESS_CONFLICT,
    decision: "retry",
  },
  {
    reason: "other conflicts (already exists, wrong state) are final",
    names: ["ConflictException"],
    decision: "fail",
  },
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
    ],
    decision: "retry",
  },
  {
    reason: "timeouts",
    names: ["TimeoutError", "RequestTimeout", "RequestTimeoutException"],
    decision: "retry",
  },
  {
    reason: "dropped connections",
    message: /socket hang up|ECONNRESET|ECONNREFUSED|network|timed? ?out/i,
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
  if (rule.message && !rule.message.test(facts.message)) return false;
  return true;
}

export function classifyError(error: unknown): { decision: RetryDecision; reason: string } {
  const facts = errorFacts(error);
  const rule = RETRY_RULES.find((r) => matches(r, facts));
  return rule
    ? { decision: rule.decision, reason: rule.reason }
    : { decision: "fail", reason: "unclassified" };
}

export type RetrySettings = Pick<
  ResolvedOperationSettings,
  "maxRetries" | "retryMinDelayMs" | "retryMaxDelayMs"
>;

/** Runs `fn`, retrying only what the table marks retryable, with exponential backoff + jitter. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  settings: RetrySettings,
  onRetry?: (error: unknown, attempt: number, reason: string) => void,
  classify: (error: unknown) => { decision: RetryDecision; reason: string } = classifyError,
): Promise<T> {
  return pRetry(
    async () => {
      try {
        return await fn();
      } catch (error) {
        const { decision } = classify(error);
        if (decision === "fail") throw new pRetry.AbortError(asError(error));
        throw asError(error);
      }
    },
    {
      retries: settings.maxRetries,
      factor: 2,
      minTimeout: settings.retryMinDelayMs,
      maxTimeout: settings.retryMaxDelayMs,
      randomize: true,
      onFailedAttempt: (error) => onRetry?.(error, error.attemptNumber, classify(error).reason),
    },
  );
}

/** p-retry only accepts Error instances; keep SDK errors as they are (they already are Errors). */
function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
