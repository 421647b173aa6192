import pino, { type Logger, type DestinationStream } from 'pino';
import { redactText, redactValue } from './privacy.js';

export type { Logger };

/**
 * The one logger factory. Every argument of every log call passes through the redaction layer, so a
 * henkilötunnus, bearer token or secret cannot reach a log line even when a caller forgets.
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

export { redactText };
