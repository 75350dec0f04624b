/**
 * Proton's modelled errors plus the protocol-level errors AWS front ends return.
 * Statuses follow the AWS Proton API reference: every modelled client error is HTTP 400 and only
 * InternalServerException is 500 (the JSON protocol tells errors apart by `__type`, not by status).
 */
export const errorStatus = {
  ValidationException: 400,
  AccessDeniedException: 400,
  ResourceNotFoundException: 400,
  ConflictException: 400,
  ServiceQuotaExceededException: 400,
  ThrottlingException: 400,
  InternalServerException: 500,
  // Not in Proton's model: returned by the AWS front end before an operation runs.
  SerializationException: 400,
  UnknownOperationException: 400,
  MissingAuthenticationTokenException: 403,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class ProtonError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
    this.status = errorStatus[code];
  }
}

const factory = (code: ErrorCode) => (message: string) => new ProtonError(code, message);

export const validation = factory("ValidationException");
export const accessDenied = factory("AccessDeniedException");
export const notFound = factory("ResourceNotFoundException");
export const conflict = factory("ConflictException");
export const quotaExceeded = factory("ServiceQuotaExceededException");
export const throttled = factory("ThrottlingException");
export const internal = factory("InternalServerException");
export const serialization = factory("SerializationException");
export const unknownOperation = factory("UnknownOperationException");
export const missingAuthentication = factory("MissingAuthenticationTokenException");
