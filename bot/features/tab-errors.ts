/**
 * How every tab route answers a refusal: a coded AppError becomes its HTTP status and localized
 * `{ error, message }` (bot/i18n/error-response.ts); a feature may word a refusal more precisely
 * (`explain`). Anything else — a bug, or an INTERNAL error — goes on to the server, which logs it and
 * answers 500 with the same shape.
 */
import { isAppError, type AppError } from '../errors.js';
import { errorResponse } from '../i18n/error-response.js';
import type { TabRequest, TabResponse, TabRoute } from './types.js';

export type ExplainError = (error: unknown, request: TabRequest) => TabResponse | undefined;

/** Wraps a tab handler so refusals become responses; `explain` answers the feature's own errors first. */
export function answeringErrors(handler: TabRoute['handler'], explain?: ExplainError): TabRoute['handler'] {
  return async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      const explained = explain?.(error, request);
      if (explained) return explained;
      if (isAppError(error) && error.code !== 'INTERNAL') return errorResponse(error.code, request.user.lang);
      throw error;
    }
  };
}

/** `error` as its coded response, with a sentence of the feature's own. */
export function explainedResponse(error: AppError, request: TabRequest, message: string): TabResponse {
  return errorResponse(error.code, request.user.lang, { message });
}
