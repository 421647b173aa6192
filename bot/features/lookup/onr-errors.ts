/**
 * What can go wrong with a look-up, as a closed set of kinds. The client maps every HTTP status,
 * network error and timeout to one of these; the cards map each kind to a plain sentence and a next
 * step. No kind carries the identifier or any response body.
 */
export const ONR_ERROR_KINDS = [
  /** The guard refused the identifier; nothing was sent. */
  'refused',
  /** 404 on /hae: neither ONR nor the population register (VTJ) knows the hetu; 404 on /hae/{oid}: no such OID. */
  'not_found',
  /** 409 on /hae: the names differ from the register. */
  'name_mismatch',
  /** 400: ONR's validation refused the request. */
  'validation',
  /** 401 after one fresh login: the service account lacks the YLEISTUNNISTE_LUONTI role. */
  'unauthorized',
  /** 403 from ONR or its proxy. */
  'forbidden',
  /** CAS or the token endpoint refused our credentials, or no session could be established. */
  'auth_failed',
  /** No answer within the connect or total time budget. */
  'timeout',
  /** 5xx/429, refused or reset connections. */
  'unavailable',
  /** The circuit breaker is open: answered at once without calling ONR. */
  'circuit_open',
  /** A response we do not understand (unexpected status, redirect elsewhere, malformed body). */
  'unexpected',
] as const;
export type OnrErrorKind = (typeof ONR_ERROR_KINDS)[number];

export class OnrError extends Error {
  constructor(
    readonly kind: OnrErrorKind,
    /** Developer detail for logs: status codes and route names only, never identifiers or bodies. */
    detail?: string,
    readonly status?: number,
  ) {
    super(detail ? `${kind}: ${detail}` : kind);
    this.name = 'OnrError';
  }
}

export function isOnrError(error: unknown): error is OnrError {
  return error instanceof OnrError;
}
