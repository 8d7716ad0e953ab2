/**
 * Stable error codes, the same over HTTP (problem+json `code`) and the CLI (`--json` error object
 * and exit code). Messages may change; codes never do. Documented in docs/errors.md.
 * @module
 */

export const ERRORS = {
  SP_BAD_REQUEST: { status: 400, exit: 2, title: 'The request is malformed or invalid' },
  SP_UNAUTHENTICATED: { status: 401, exit: 2, title: 'A valid API token is required' },
  SP_FORBIDDEN: { status: 403, exit: 2, title: "The token's role does not allow this operation" },
  SP_NOT_FOUND: { status: 404, exit: 2, title: 'No such resource' },
  SP_CONFLICT: { status: 409, exit: 2, title: 'The request conflicts with the current state' },
  SP_PAYLOAD_TOO_LARGE: { status: 413, exit: 2, title: 'The request body is too large' },
  SP_LIST_FORMAT: { status: 422, exit: 2, title: 'The file is not a list Stackport can read' },
  SP_NOT_READY: { status: 503, exit: 1, title: 'The service is not ready' },
  SP_INTERNAL: { status: 500, exit: 1, title: 'Internal error' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export interface ProblemDetail {
  /** Where in the input: a JSON path, a field, or a row number. */
  readonly path?: string;
  readonly message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: readonly ProblemDetail[];
  constructor(code: ErrorCode, message: string, details: readonly ProblemDetail[] = []) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return ERRORS[this.code].status;
  }
  get exitCode(): number {
    return ERRORS[this.code].exit;
  }
}

/** RFC 9457 problem document for an error. Internal errors never leak their message. */
export function toProblem(err: unknown, instance?: string) {
  const e = err instanceof AppError ? err : new AppError('SP_INTERNAL', 'Internal error');
  const info = ERRORS[e.code];
  return {
    type: `https://stackport.dev/errors#${e.code.toLowerCase()}`,
    title: info.title,
    status: info.status,
    code: e.code,
    detail: e.message,
    ...(e.details.length ? { errors: e.details } : {}),
    ...(instance ? { instance } : {}),
  };
}
