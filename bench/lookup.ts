/**
 * npm run bench:lookup — what the test look-up feature costs on top of ONR itself.
 *
 *  1. Added latency: the feature handler (form submit → result card: zod, identifier guard, claim +
 *     audit in SQLite, rate limiter, client machinery, card) against a direct keep-alive HTTP call
 *     doing the same two ONR requests (POST /yleistunniste/hae + GET /yleistunniste/hae/{oid}).
 *  2. Client throughput with keep-alive vs a new connection per request.
 *
 * The fake runs in a child process (its own core on a 2-core machine), on loopback.
 * Options: BENCH_ITERATIONS (default 1000), BENCH_REQUESTS (default 3000), BENCH_CONCURRENCY (default 16).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { createLogger } from '../bot/log.js';
import { openStore } from '../bot/store/db.js';
import { createLookupFeature } from '../bot/features/lookup/feature.js';
import { createOnrClient, type OnrClient } from '../bot/features/lookup/onr-client.js';
import { VERBS } from '../bot/features/lookup/verbs.js';
import type { UserContext } from '../bot/auth/roles.js';
import { FAKE_ONR_CREDENTIALS } from '../dev/fake-onr/seed.js';

/** CLI output goes to stdout; the app's logger is for the app. */
const print = (line: string) => void process.stdout.write(`${line}\n`);

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 1000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const WARMUP = 50;
const CALLER_ID = '1.2.246.562.10.00000000001.oppijanumero-teams-bench';
const PERSON = { hetu: '290288-944F', etunimet: 'Maija Anneli', kutsumanimi: 'Maija', sukunimi: 'Testinen' };
const PERSON_OID = '1.2.246.562.98.55500000017';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}
const ms = (v: number) => `${v.toFixed(2)} ms`;

async function startFakeProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'dev/fake-onr/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, FAKE_ONR_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error('fake ONR did not start')), 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(buffer);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`fake ONR exited with ${code}`)));
  });
  child.stdout!.resume();
  return { url, child };
}

/** The baseline: one keep-alive pool, a CAS session made by hand, and the two ONR requests. */
async function directSession(url: string) {
  const pool = new Pool(url, { connections: 4, pipelining: 1 });
  const common = { 'caller-id': CALLER_ID, csrf: 'CSRF' };
  const form = { 'content-type': 'application/x-www-form-urlencoded', cookie: 'CSRF=CSRF', ...common };
  const tgt = await pool.request({
    path: '/cas/v1/tickets',
    method: 'POST',
    headers: form,
    body: new URLSearchParams({ username: FAKE_ONR_CREDENTIALS.username, password: FAKE_ONR_CREDENTIALS.password }).toString(),
  });
  await tgt.body.dump();
  const tgtPath = new URL(String(tgt.headers.location)).pathname;
  const st = await pool.request({
    path: tgtPath,
    method: 'POST',
    headers: form,
    body: new URLSearchParams({ service: `${url}/oppijanumerorekisteri-service/j_spring_cas_security_check` }).toString(),
  });
  const ticket = await st.body.text();
  const check = await pool.request({
    path: `/oppijanumerorekisteri-service/j_spring_cas_security_check?ticket=${ticket}`,
    method: 'GET',
    headers: { cookie: 'CSRF=CSRF', ...common },
  });
  await check.body.dump();
  const setCookie = check.headers['set-cookie'];
  const session = String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!;
  const headers = { ...common, cookie: `CSRF=CSRF; ${session}`, accept: 'application/json' };
  return {
    pool,
    async hae(): Promise<{ oid: string }> {
      const response = await pool.request({
        path: '/oppijanumerorekisteri-service/yleistunniste/hae',
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(PERSON),
      });
      return (await response.body.json()) as { oid: string };
    },
    async check(oid: string): Promise<unknown> {
      const response = await pool.request({ path: `/oppijanumerorekisteri-service/yleistunniste/hae/${oid}`, method: 'GET', headers });
      return response.body.json();
    },
  };
}

async function throughput(client: OnrClient): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  await client.checkOid(PERSON_OID); // log in outside the measurement
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next++;
        const t0 = performance.now();
        try {
          await client.checkOid(PERSON_OID);
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const s = summary(latencies);
  return { rps: REQUESTS / seconds, p50: s.p50, p99: s.p99, errors };
}

async function main(): Promise<void> {
  const { url, child } = await startFakeProcess();
  const store = await openStore({ dataDir: ':memory:' });
  const logger = createLogger({ level: 'silent' });
  const clientOptions = {
    baseUrl: url,
    callerId: CALLER_ID,
    auth: { kind: 'cas' as const, username: FAKE_ONR_CREDENTIALS.username, password: FAKE_ONR_CREDENTIALS.password },
  };
  const client = createOnrClient({ ...clientOptions, keepAlive: true });
  const feature = createLookupFeature({
    store,
    logger,
    client,
    config: { LOOKUP_RATE_LIMIT: 1_000_000, LOOKUP_RATE_WINDOW_SECONDS: 60 },
  });
  const action = feature.actions!.find((a) => a.verbs.includes(VERBS.hetu))!;
  // The same handler with an instant in-process client: what our own code costs, without any I/O to ONR.
  const stubClient: OnrClient = {
    environment: 'local',
    findByHetu: async () => ({ oid: PERSON_OID, oppijanumero: PERSON_OID }),
    checkOid: async () => ({ oid: PERSON_OID, oppijanumero: PERSON_OID, passivoitu: false, linked: ['1.2.246.562.98.55500000025'] }),
    stats: () => client.stats(),
    close: async () => undefined,
  };
  const stubAction = createLookupFeature({
    store,
    logger,
    client: stubClient,
    config: { LOOKUP_RATE_LIMIT: 1_000_000, LOOKUP_RATE_WINDOW_SECONDS: 60 },
  }).actions!.find((a) => a.verbs.includes(VERBS.hetu))!;
  const user: UserContext = { tenantId: 'bench-tenant', objectId: 'bench-user', role: 'Vendor', institutionId: null, lang: 'fi' };
  const submit = (handler = action) => {
    const value = { verb: VERBS.hetu, formId: randomUUID(), ...PERSON };
    return handler.run({
      user,
      lang: 'fi',
      text: '',
      conversation: { id: 'bench', kind: 'personal', teamId: null, threadRootId: null },
      activityId: randomUUID(),
      now: new Date(),
      value,
      verb: VERBS.hetu,
    });
  };
  const direct = await directSession(url);

  // Warm up JIT, pools and the SQLite statement cache.
  for (let i = 0; i < WARMUP; i++) {
    await submit();
    await submit(stubAction);
    await client.checkOid((await client.findByHetu(PERSON)).oid);
    await direct.check((await direct.hae()).oid);
  }

  const featureSamples: number[] = [];
  const stubSamples: number[] = [];
  const clientSamples: number[] = [];
  const directSamples: number[] = [];
  const directPostOnly: number[] = [];
  const paired: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    // Interleaved so that drift (GC, the other core, other processes) hits every variant alike.
    let t0 = performance.now();
    const result = await submit();
    const featureMs = performance.now() - t0;
    featureSamples.push(featureMs);
    if (result.kind !== 'card' || !JSON.stringify(result.card).includes(PERSON_OID))
      throw new Error('feature did not return the result card');
    t0 = performance.now();
    const found = await direct.hae();
    const t1 = performance.now();
    await direct.check(found.oid);
    const directMs = performance.now() - t0;
    directSamples.push(directMs);
    directPostOnly.push(t1 - t0);
    paired.push(featureMs - directMs);
    t0 = performance.now();
    await client.checkOid((await client.findByHetu(PERSON)).oid);
    clientSamples.push(performance.now() - t0);
    t0 = performance.now();
    await submit(stubAction);
    stubSamples.push(performance.now() - t0);
  }
  const f = summary(featureSamples);
  const d = summary(directSamples);
  const d1 = summary(directPostOnly);
  const c = summary(clientSamples);
  const st = summary(stubSamples);
  const pd = summary(paired);

  const keepAliveClient = createOnrClient({ ...clientOptions, keepAlive: true, connections: CONCURRENCY });
  const noKeepAliveClient = createOnrClient({ ...clientOptions, keepAlive: false });
  const withKeepAlive = await throughput(keepAliveClient);
  const withoutKeepAlive = await throughput(noKeepAliveClient);

  print(`\nTest look-up benchmark (fake ONR in a child process on loopback, Node ${process.version}, ${ITERATIONS} sequential look-ups)\n`);
  print('Added latency of the feature handler (form submit → result card) over direct HTTP doing the same ONR calls');
  print('| path | p50 | p99 | mean |');
  print('|---|---|---|---|');
  print(`| direct HTTP: POST /hae only | ${ms(d1.p50)} | ${ms(d1.p99)} | ${ms(d1.mean)} |`);
  print(`| direct HTTP: POST /hae + GET /hae/{oid} (baseline) | ${ms(d.p50)} | ${ms(d.p99)} | ${ms(d.mean)} |`);
  print(`| our ONR client (CAS session, breaker, deadline, zod) doing the same two calls | ${ms(c.p50)} | ${ms(c.p99)} | ${ms(c.mean)} |`);
  print(`| feature handler (lookup.hetu → result card) | ${ms(f.p50)} | ${ms(f.p99)} | ${ms(f.mean)} |`);
  print(
    `| **added by the feature** (feature − baseline, percentile difference) | **${ms(f.p50 - d.p50)}** | **${ms(f.p99 - d.p99)}** | ${ms(f.mean - d.mean)} |`,
  );
  print(`| added by the feature, paired per iteration | ${ms(pd.p50)} | ${ms(pd.p99)} | ${ms(pd.mean)} |`);
  print(
    `| feature handler with an instant in-process client (our code only, no I/O to ONR) | ${ms(st.p50)} | ${ms(st.p99)} | ${ms(st.mean)} |`,
  );
  print(`\nClient throughput, GET /yleistunniste/hae/{oid}, ${REQUESTS} requests, concurrency ${CONCURRENCY}`);
  print('| client | requests/s | p50 | p99 | errors |');
  print('|---|---|---|---|---|');
  print(
    `| keep-alive (undici Agent, ${CONCURRENCY} sockets) | ${withKeepAlive.rps.toFixed(0)} | ${ms(withKeepAlive.p50)} | ${ms(withKeepAlive.p99)} | ${withKeepAlive.errors} |`,
  );
  print(
    `| no keep-alive (new connection per request) | ${withoutKeepAlive.rps.toFixed(0)} | ${ms(withoutKeepAlive.p50)} | ${ms(withoutKeepAlive.p99)} | ${withoutKeepAlive.errors} |`,
  );
  print(`| keep-alive speed-up | ×${(withKeepAlive.rps / withoutKeepAlive.rps).toFixed(2)} | | | |`);
  print(
    `\n${JSON.stringify({
      iterations: ITERATIONS,
      addedLatencyMs: { p50: f.p50 - d.p50, p99: f.p99 - d.p99 },
      addedPairedMs: pd,
      handlerOnlyMs: st,
      clientMs: c,
      featureMs: f,
      directMs: d,
      directPostOnlyMs: d1,
      throughput: { keepAlive: withKeepAlive, noKeepAlive: withoutKeepAlive, requests: REQUESTS, concurrency: CONCURRENCY },
    })}`,
  );

  await Promise.all([client.close(), keepAliveClient.close(), noKeepAliveClient.close(), direct.pool.close(), store.close()]);
  child.kill('SIGTERM');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
