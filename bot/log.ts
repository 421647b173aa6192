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
      timestamp: isoTimeCachedPerSecond(),
      // The hook below has already turned an error into its redacted plain form ({ type, message, code,
      // stack, cause }); pino's own `err` serializer would see a plain object and call its type "Object".
      serializers: { err: (value: unknown) => value },
      hooks: {
        logMethod(args, method) {
          // In place: pino hands the hook its own fresh array of the call's arguments.
          for (let i = 0; i < args.length; i += 1) args[i] = redactValue(args[i]) as (typeof args)[number];
          method.apply(this, args);
        },
      },
    },
    options.destination,
  );
}

/**
 * pino's `isoTime` (`,"time":"2026-12-06T04:37:18.653Z"`) without a Date and its toISOString for every
 * line: the text up to the seconds is kept for the current second and only the milliseconds are
 * written per line. The same characters as `isoTime` for every instant `Date.now` gives (whole
 * milliseconds, years 1970–9999; a clock that steps back just starts another second).
 */
export function isoTimeCachedPerSecond(now: () => number = Date.now): () => string {
  let second = Number.NaN;
  let upToSeconds = '';
  return () => {
    const time = now();
    const thisSecond = Math.floor(time / 1000);
    if (thisSecond !== second) {
      second = thisSecond;
      // "YYYY-MM-DDTHH:MM:SS." — the first 20 characters of the ISO form.
      upToSeconds = `,"time":"${new Date(thisSecond * 1000).toISOString().slice(0, 20)}`;
    }
    const ms = time - thisSecond * 1000;
    return `${upToSeconds}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z"`;
  };
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
