/**
 * Standalone fake ONR test environment: `npx tsx dev/fake-onr/main.ts` (port from FAKE_ONR_PORT,
 * default 3980; 0 picks a free port). Prints its URL and the fake-only service account, then runs
 * until SIGINT/SIGTERM.
 */
import { startFakeOnr } from './server.js';
import { FAKE_ONR_CREDENTIALS } from './seed.js';

/** CLI output goes to stdout; the app's logger is for the app. */
const print = (line: string) => void process.stdout.write(`${line}\n`);

const raw = process.env.FAKE_ONR_PORT ?? '3980';
const port = Number(raw);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('FAKE_ONR_PORT must be a port number');
  process.exit(2);
}

const fake = await startFakeOnr({ port, host: process.env.FAKE_ONR_HOST ?? '127.0.0.1' });
print(`fake ONR test environment listening on ${fake.url}`);
print(`  CAS:    ${fake.url}/cas/v1/tickets   (username ${FAKE_ONR_CREDENTIALS.username})`);
print(`  OAuth2: ${fake.url}/kayttooikeus-service/oauth2/token   (client_id ${FAKE_ONR_CREDENTIALS.clientId})`);
print(`  ONR:    ${fake.url}/oppijanumerorekisteri-service/yleistunniste/hae`);
print(`  test persons: ${fake.url}/__fake/persons   stats: ${fake.url}/__fake/stats`);

const shutdown = () => {
  void fake.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
