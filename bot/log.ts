import pino, { type Logger, type DestinationStream } from 'pino';
import { redactText, redactValue } from './privacy.js';

export type { Logger };

/**
 * The one logger factory. Every argument of every log call passes through the redaction layer, so a
 * henkilötunnus, bearer token or secret cannot reach a log line even when a caller forgets. Redaction
 * runs before any destination sees the record, so it covers JSON and human-readable output alike.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'oppijanumero-teams' },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((arg) => redactValue(arg));
          method.apply(this, redacted as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
}

export type LogFormat = 'json' | 'pretty';

/**
 * Human-readable lines only for a person watching a terminal in local mode; JSON whenever the output
 * goes to a file, a pipe or a log collector, and always in production (App Service and log queries
 * parse JSON).
 */
export function chooseLogFormat(where: { isTty: boolean; mode: 'local' | 'production' }): LogFormat {
  return where.isTty && where.mode === 'local' ? 'pretty' : 'json';
}

/**
 * A pino-pretty stream (coloured, local clock time, without the constant fields), or undefined when
 * pino-pretty is not installed: it is a development dependency, so a production install without dev
 * dependencies falls back to JSON instead of failing.
 */
export async function prettyDestination(
  options: { destination?: NodeJS.WritableStream; colorize?: boolean } = {},
): Promise<DestinationStream | undefined> {
  let pretty: typeof import('pino-pretty');
  try {
    pretty = (await import('pino-pretty')).default;
  } catch {
    return undefined;
  }
  return pretty({
    colorize: options.colorize ?? true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,app',
    sync: true,
    ...(options.destination ? { destination: options.destination } : {}),
  });
}

export { redactText };
