/**
 * Coded application errors. A user never sees a stack trace or their own input echoed back: the code
 * is mapped to a localized sentence in one place (bot/i18n/core.ts → `errors`).
 */
export const ERROR_CODES = [
  'INTERNAL',
  'VALIDATION',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'CARD_TOO_LARGE',
  'UNAUTHENTICATED',
  'DEPENDENCY_DOWN',
  'DEPENDENCY_TIMEOUT',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The HTTP status of each code: the one table the server and every tab route answer with. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  INTERNAL: 500,
  VALIDATION: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  CARD_TOO_LARGE: 400,
  UNAUTHENTICATED: 401,
  DEPENDENCY_DOWN: 503,
  DEPENDENCY_TIMEOUT: 504,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    /** Developer-facing detail; goes to logs (redacted), never to the user. */
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(detail ?? code, options);
    this.name = 'AppError';
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

export function errorCodeOf(error: unknown): ErrorCode {
  return isAppError(error) ? error.code : 'INTERNAL';
}

/**
 * The system or undici error code (`ECONNREFUSED`, `UND_ERR_CONNECT_TIMEOUT` …) of a network failure,
 * looked for in the error and up to three `cause`s: fetch and undici wrap the socket's error.
 */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
