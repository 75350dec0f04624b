/**
 * Proton's modelled errors, with the statuses the model gives them (model/: the Smithy httpError traits),
 * plus the errors AWS front ends answer before an operation runs, which no service model lists.
 */
import { model, type ModelErrorCode } from "./model";

/** Protocol-level errors: HTTP 400 with a JSON body, as AWS JSON 1.0 services answer them. */
const protocolErrors = {
  SerializationException: 400,
  UnknownOperationException: 400,
  MissingAuthenticationTokenException: 400,
  IncompleteSignatureException: 400,
} as const;

export type ProtocolErrorCode = keyof typeof protocolErrors;
export type ErrorCode = ModelErrorCode | ProtocolErrorCode;

export const isModelledError = (code: ErrorCode): code is ModelErrorCode => Object.hasOwn(model.errors, code);

export const errorStatus = (code: ErrorCode): number =>
  isModelledError(code) ? model.errors[code].status : protocolErrors[code];

export class ProtonError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
    this.status = errorStatus(code);
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
export const incompleteSignature = factory("IncompleteSignatureException");
