/**
 * An error code as an HTTP answer: its status (bot/errors.ts → HTTP_STATUS) and the fixed JSON body
 * `{ error, message }` with the localized sentence (bot/i18n/core.ts). The server, the local sign-in
 * and every tab route answer errors through here, so the shape cannot drift between them.
 */
import { HTTP_STATUS, type ErrorCode } from '../errors.js';
import { errorMessage } from './core.js';
import type { Lang } from './index.js';

export interface ErrorBody {
  error: ErrorCode;
  message: string;
}

export interface ErrorResponse<B extends ErrorBody = ErrorBody> {
  status: number;
  body: B;
}

/**
 * `code` with its status and localized message. `details` may name a more specific sentence or add
 * fields (field problems, a refusal reason); their order in the JSON is the order given.
 */
export function errorResponse<D extends Partial<ErrorBody> & Record<string, unknown> = Record<never, never>>(
  code: ErrorCode,
  lang: Lang,
  details?: D,
): ErrorResponse<ErrorBody & D> {
  return { status: HTTP_STATUS[code], body: { error: code, message: errorMessage(code, lang), ...details } as ErrorBody & D };
}
