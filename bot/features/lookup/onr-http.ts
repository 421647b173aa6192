import { Agent, type Dispatcher } from 'undici';
import { OnrError } from './onr-errors.js';
import { networkErrorCode } from '../../errors.js';

/**
 * One HTTP exchange with the ONR test environment over an undici Agent: keep-alive pool, connect
 * timeout, per-attempt and total deadlines, a response-size cap and no redirects (undici 7 does not
 * follow them unless an interceptor is added, and we add none). Errors come out classified so the
 * retry policy can tell "never left this process" (safe to retry even a POST) from "maybe sent".
 */

export interface TransportOptions {
  keepAlive?: boolean;
  /** Sockets per origin in the keep-alive pool. */
  connections?: number;
  connectTimeoutMs?: number;
  attemptTimeoutMs?: number;
  maxResponseBytes?: number;
  /** The only origins this transport may contact (SSRF guard, A-PRIV-7). */
  allowedOrigins: readonly string[];
  /** Injected dispatcher for tests; closed by close() only when we created it. */
  dispatcher?: Dispatcher;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Absolute deadline for the whole operation (performance.now() time base). */
  deadline: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** Where a failed exchange broke: 'connect' means no byte of the request left the process. */
export type FailurePhase = 'connect' | 'exchange';

export class TransportError extends OnrError {
  constructor(
    kind: 'timeout' | 'unavailable' | 'unexpected',
    readonly phase: FailurePhase,
    detail: string,
  ) {
    super(kind, detail);
    this.name = 'TransportError';
  }
}

const CONNECT_PHASE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** Marker used as the abort reason so our own deadline is told apart from other aborts. */
class DeadlineExceeded extends Error {
  constructor() {
    super('deadline exceeded');
    this.name = 'DeadlineExceeded';
  }
}

export function classifyTransportFailure(error: unknown, deadlineHit: boolean): TransportError {
  if (error instanceof TransportError) return error;
  const code = networkErrorCode(error);
  if (deadlineHit || error instanceof DeadlineExceeded || (error as { name?: string })?.name === 'AbortError') {
    return new TransportError('timeout', 'exchange', 'deadline');
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return new TransportError('timeout', 'connect', code);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') return new TransportError('timeout', 'exchange', code);
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') return new TransportError('unexpected', 'exchange', 'response too large');
  if (code && CONNECT_PHASE_CODES.has(code)) return new TransportError('unavailable', 'connect', code);
  return new TransportError('unavailable', 'exchange', code ?? 'network error');
}

export class OnrTransport {
  readonly keepAlive: boolean;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly attemptTimeoutMs: number;
  private readonly allowedOrigins: ReadonlySet<string>;

  constructor(options: TransportOptions) {
    this.keepAlive = options.keepAlive ?? true;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 2_000;
    this.allowedOrigins = new Set(options.allowedOrigins.map((o) => new URL(o).origin));
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        // pipelining 0 is undici's "no keep-alive" switch; 1 keeps sockets open for reuse.
        pipelining: this.keepAlive ? 1 : 0,
        connections: options.connections ?? 8,
        keepAliveTimeout: 10_000,
        keepAliveMaxTimeout: 60_000,
        connect: { timeout: options.connectTimeoutMs ?? 1_000 },
        headersTimeout: this.attemptTimeoutMs,
        bodyTimeout: this.attemptTimeoutMs,
        maxResponseSize: options.maxResponseBytes ?? 1024 * 1024,
      });
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const url = new URL(request.url);
    if (!this.allowedOrigins.has(url.origin)) {
      // A programming error, not a user error: every URL is built from the resolved endpoints.
      throw new TransportError('unexpected', 'connect', 'origin not allowed');
    }
    const budget = Math.min(this.attemptTimeoutMs, request.deadline - performance.now());
    if (budget <= 0) throw new TransportError('timeout', 'connect', 'no time left');
    const controller = new AbortController();
    let deadlineHit = false;
    const timer = setTimeout(() => {
      deadlineHit = true;
      controller.abort(new DeadlineExceeded());
    }, budget);
    try {
      const response = await this.dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal: controller.signal,
        headersTimeout: budget,
        bodyTimeout: budget,
        // Without keep-alive, ask for the socket to be closed after this exchange.
        reset: !this.keepAlive,
      });
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      throw classifyTransportFailure(error, deadlineHit);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}

export function headerValue(headers: HttpResponse['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

export function headerValues(headers: HttpResponse['headers'], name: string): string[] {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
