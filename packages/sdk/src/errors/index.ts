/** The SDK's typed errors, each with a type guard and a stable `code`. @module */
export { SdkError, isSdkError, type SdkErrorCode } from './sdk-error.js';
export { NotFoundError, isNotFoundError } from './not-found-error.js';
export { ConflictError, isConflictError, type ConflictReason } from './conflict-error.js';
export { ValidationError, isValidationError, type ValidationIssue } from './validation-error.js';
export { InvalidStateError, isInvalidStateError } from './invalid-state-error.js';
