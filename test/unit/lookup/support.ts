/** Shared helpers of the lookup tests: a client wired to a fake, and a logger whose lines we can scan. */
import { createLogger, type Logger } from '../../../bot/log.js';
import { createOnrClient, type OnrClient, type OnrClientOptions } from '../../../bot/features/lookup/onr-client.js';
import { FAKE_ONR_CREDENTIALS, type FakeOnr } from '../../../dev/fake-onr/index.js';

export const CALLER_ID = '1.2.246.562.10.70000000011.oppijanumero-teams-test';

export function casAuth(credentials: { username: string; password: string } = FAKE_ONR_CREDENTIALS): OnrClientOptions['auth'] {
  return { kind: 'cas', username: credentials.username, password: credentials.password };
}

export function oauthAuth(credentials: { clientId: string; clientSecret: string } = FAKE_ONR_CREDENTIALS): OnrClientOptions['auth'] {
  return { kind: 'oauth2', clientId: credentials.clientId, clientSecret: credentials.clientSecret };
}

export function clientFor(fake: FakeOnr, overrides: Partial<OnrClientOptions> = {}): OnrClient {
  return createOnrClient({ baseUrl: fake.url, callerId: CALLER_ID, auth: casAuth(), retryBaseDelayMs: 5, ...overrides });
}

export interface CapturedLog {
  logger: Logger;
  lines: string[];
  text(): string;
}

/** A real (redacting) app logger writing into memory, at debug level so every line is seen. */
export function captureLogger(): CapturedLog {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines, text: () => lines.join('') };
}

export const MAIJA = { hetu: '290288-944F', etunimet: 'Maija Anneli', kutsumanimi: 'Maija', sukunimi: 'Testinen' } as const;
export const MAIJA_OID = '1.2.246.562.98.55500000017';
export const MAIJA_DUPLICATE_OID = '1.2.246.562.98.55500000025';

/** Requests the fake saw on ONR's API paths (not CAS, not the token endpoint). */
export function apiRequests(fake: FakeOnr) {
  return fake.requests().filter((r) => r.path.startsWith('/oppijanumerorekisteri-service/yleistunniste'));
}
