/**
 * A-PRIV-1/2/3 and test plan B3.8: the privacy scanner itself (it finds planted canaries and leaves
 * test-range codes alone), then a realistic session through the real app in local mode — a guidance
 * question, look-up attempts, feedback and tab calls carrying a real-range henkilötunnus — after which
 * the log file, captured stdout/stderr, the SQLite files, the fake ONR's request log and the fake
 * connector's traffic must hold no hit.
 *
 * Real-range codes exist only at run time, as canaries generated from the check-character algorithm;
 * none is written in this file, and the reports print fingerprints, never values.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { classifyHetu, formatReport, scanPaths, scanText, type Finding, type PrivacyScanReport } from '../../scripts/privacy-scan.js';
import { CENTURY_SIGNS, SeededRandom, fuzzSeed, harvestActions, hetuDisguises, makeHetu } from '../helpers/fuzz.js';
import { loadConfig } from '../../bot/config.js';
import { hetuCheckChar } from '../../bot/features/lookup/identifiers.js';
import { VERBS as FEEDBACK_VERBS } from '../../bot/features/feedback/verbs.js';
import { VERBS as LOOKUP_VERBS } from '../../bot/features/lookup/verbs.js';
import { startApp, type RunningApp } from '../../bot/app.js';
import { createLogger } from '../../bot/log.js';
import { FAKE_ONR_CREDENTIALS, SEED_ONR_PERSONS, startFakeOnr, type FakeOnr } from '../../dev/fake-onr/index.js';
import { startFakeConnector, type FakeConnector } from '../../dev/fake-connector/index.js';
import { seedInstitutions } from '../../dev/seed/institutions.js';
import { PLAYGROUND_TENANT, PLAYGROUND_USERS, seedPlaygroundUsers } from '../../dev/seed/users.js';

const run = promisify(execFile);
const rng = new SeededRandom(fuzzSeed(0x9e7a));
const kinds = (findings: Finding[]) => findings.map((f) => f.kind);

/**
 * Two UUID-shaped ids whose junction spells a real-range code (its check character a hex digit), as
 * two random ids stored side by side sometimes do: the first ends with the birth date, the second starts
 * with the century sign "a", the individual number and the check character. Built at run time.
 */
function uuidsSpellingACodeTogether(): [string, string] {
  const date = '150304';
  for (let n = 2; n < 900; n += 1) {
    const individual = String(n).padStart(3, '0');
    const check = hetuCheckChar(date, individual);
    if (!/^[0-9A-F]$/.test(check)) continue;
    assert.equal(classifyHetu(`${date}A${individual}${check}`), 'real-range');
    return [`3f2b9c1e-7d4a-4b8e-9c2d-abcdef${date}`, `a${individual}${check.toLowerCase()}bcd-1e2f-4a3b-8c4d-5e6f7a8b9c0d`];
  }
  throw new Error('no individual number gives a hex check character');
}

/** Variants a user might type: lower case, inside a sentence, split by zero-width spaces, fullwidth digits. */
function disguises(code: string): string[] {
  return [
    code,
    code.toLowerCase(),
    `Asiakkaan henkilötunnus on ${code}, voitteko tarkistaa?`,
    `(${code}).`,
    code.split('').join('\u200b'),
    code.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
  ];
}

describe('A-PRIV-3 privacy scanner (scripts/privacy-scan.ts)', () => {
  it('A-PRIV-1 finds generated real-range codes with every century sign, in every disguise', () => {
    for (const sign of Object.keys(CENTURY_SIGNS)) {
      const canary = makeHetu(rng, { kind: 'real', sign });
      assert.equal(classifyHetu(canary), 'real-range');
      for (const text of disguises(canary)) {
        const found = scanText(`{"msg":"x","text":${JSON.stringify(text)}}`);
        assert.deepEqual(kinds(found), ['hetu-real'], `sign ${sign}, disguise #${disguises(canary).indexOf(text)}`);
      }
    }
  });

  it('counts test-range codes without failing, and ignores invalid check characters, impossible dates and 000–001', () => {
    const test = makeHetu(rng, { kind: 'test' });
    const wrongCheck = makeHetu(rng, { kind: 'invalid-check' });
    const real = makeHetu(rng, { kind: 'real', sign: '-' });
    const impossibleDate = `3102${real.slice(4, 6)}-${real.slice(7)}`;
    const individual001 = `${real.slice(0, 7)}001${real.slice(10)}`;
    const findings = scanText(`${test} ${wrongCheck} ${impossibleDate} ${individual001} 0401234567 1.2.246.562.24.00000000001 x${real}y`);
    assert.deepEqual(kinds(findings), ['hetu-test', 'hetu-real'], 'a code glued to letters is still found (issue 12)');
    const report = scanReport(findings.filter((f) => f.kind === 'hetu-test'));
    assert.equal(report.ok, true);
    assert.equal(report.counts['hetu-test'], 1);
  });

  it('finds JWTs, dev tab tokens, bearer credentials, CAS tickets, session ids and the fake ONR secrets — not their redacted forms', () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const jwt = `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ sub: 'x', aud: 'y' })}.${'s'.repeat(40)}`;
    const devToken = `dev.${b64({ tid: 't', oid: 'o', iat: 1, exp: 2 })}.${'m'.repeat(43)}`;
    const samples: Array<[string, string]> = [
      ['jwt', `token=${jwt}`],
      ['dev-token', `"authorization":"Bearer ${devToken}"`],
      ['bearer', 'Authorization: Bearer 0123456789abcdefABCDEF'],
      ['cas-ticket', 'GET /cas?ticket=ST-12-AbCdEf0123456789-cas'],
      ['cas-ticket', 'tgt TGT-3-xYz0123456789_abc'],
      ['session-id', 'Cookie: JSESSIONID=0a1b2c3d4e5f6a7b8c9d'],
      ['secret', `password=${FAKE_ONR_CREDENTIALS.password}`],
      ['secret', `{"note":"${FAKE_ONR_CREDENTIALS.clientSecret}"}`],
      ['secret', '"client_secret":"s3cr3t-value-123"'],
    ];
    for (const [kind, text] of samples) {
      assert.ok(kinds(scanText(text)).includes(kind as Finding['kind']), `${kind} sample #${samples.findIndex(([, t]) => t === text)}`);
    }
    const redacted =
      'Bearer [redacted] [jwt [redacted]] TGT-[redacted] ST-[redacted] JSESSIONID=[redacted] password=[redacted] "password":"[redacted]" body [credentials] [henkilötunnus]';
    assert.deepEqual(scanText(redacted), []);
    assert.deepEqual(kinds(scanText('x', 'label', { secrets: ['my-extra-secret'] })), []);
    assert.deepEqual(kinds(scanText('has my-extra-secret in it', 'label', { secrets: ['my-extra-secret'] })), ['secret']);
  });

  it('reports place and a fingerprint, never the value', () => {
    const canary = makeHetu(rng, { kind: 'real' });
    const findings = scanText(`line one\nline two ${canary} and ${canary}`, 'mem.log');
    assert.equal(findings.length, 2);
    assert.deepEqual([findings[0]!.line, findings[0]!.column], [2, 10]);
    assert.equal(findings[0]!.fingerprint, findings[1]!.fingerprint, 'same value, same fingerprint');
    const text = `${formatReport(scanReport(findings))}\n${JSON.stringify(findings)}`;
    assert.ok(!text.includes(canary) && !text.includes(canary.slice(0, 6)), 'no value or birth date in the report');
    assert.match(text, /HIT hetu-real\s+mem\.log:2:10/);
  });

  describe('files and the command line', () => {
    let dir: string;
    let canary: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-scan-'));
      canary = makeHetu(rng, { kind: 'real' });
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('walks directories, reads SQLite files with their WAL, skips images and lists missing paths', async () => {
      fs.mkdirSync(path.join(dir, 'data', 'nested'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'data', 'clean.log'), `{"msg":"ok","hetu":"${makeHetu(rng, { kind: 'test' })}"}\n`);
      fs.writeFileSync(path.join(dir, 'data', 'nested', 'shot.png'), `\x89PNG ${canary}`);
      const db = new BetterSqlite3(path.join(dir, 'data', 'nested', 'app.sqlite'));
      db.pragma('journal_mode = WAL');
      // The next column starts with a letter: in the raw bytes the code has no right-hand boundary.
      db.exec('CREATE TABLE notes (body TEXT, tail TEXT)');
      db.prepare('INSERT INTO notes VALUES (?, ?)').run(`muistiinpano ${canary}`, 'abc');
      // Left open on purpose: the row is still in the -wal file only, as in a running app.
      try {
        const report = await scanPaths([path.join(dir, 'data'), path.join(dir, 'absent')]);
        assert.equal(report.ok, false);
        // Found cell by cell; the raw bytes see it too now that a neighbouring letter hides nothing.
        assert.ok(report.hits.every((h) => h.kind === 'hetu-real'));
        assert.ok(report.hits.some((h) => h.source === `${path.join(dir, 'data', 'nested', 'app.sqlite')}#notes.body[row 1]`));
        assert.equal(report.counts['hetu-test'], 1);
        assert.deepEqual(report.missing, [path.join(dir, 'absent')]);
        assert.equal(report.skipped.length, 1);
        assert.ok(report.files.some((f) => f.path.endsWith('app.sqlite-wal')));
      } finally {
        db.close();
      }
    });

    it("a database's raw bytes: a code-shaped run across two machine ids stored side by side is no finding; a code beside text still is", async () => {
      const [first, second] = uuidsSpellingACodeTogether();
      assert.equal(kinds(scanText(`${first}${second}`)).filter((k) => k === 'hetu-real').length, 1, 'the run is code-shaped');
      assert.deepEqual(kinds(scanText(`\u0001${first}${second}\u0002`, 'raw', { databaseBytes: true })), []);
      assert.deepEqual(kinds(scanText(`\u0001huom ${canary}\u0002${second}`, 'raw', { databaseBytes: true })), ['hetu-real']);

      // The same through a real SQLite file: SQLite stores a row's values back to back.
      const file = path.join(dir, 'ids.sqlite');
      const db = new BetterSqlite3(file);
      db.exec('CREATE TABLE links (conversation_id TEXT, activity_id TEXT)');
      db.prepare('INSERT INTO links VALUES (?, ?)').run(first, second);
      db.close();
      assert.ok(fs.readFileSync(file).includes(`${first}${second}`), 'the two ids lie side by side in the file');
      const report = await scanPaths([file]);
      assert.ok(report.ok, formatReport(report));
      assert.equal(report.counts['hetu-real'], 0);
    });

    it('the CLI exits 1 with a report naming the hit (not the value), and 0 for clean artefacts', async function () {
      this.timeout(30_000);
      const dirty = path.join(dir, 'dirty');
      const clean = path.join(dir, 'clean');
      fs.mkdirSync(dirty);
      fs.mkdirSync(clean);
      fs.writeFileSync(path.join(dirty, 'app.log'), `{"level":30,"msg":"question ${canary}"}\n`);
      fs.writeFileSync(path.join(clean, 'app.log'), '{"level":30,"msg":"question [henkilötunnus]"}\n');
      const cli = (target: string) =>
        run(process.execPath, [
          '--import',
          'tsx',
          'scripts/privacy-scan.ts',
          '--json',
          path.join(dir, `${path.basename(target)}.json`),
          target,
        ]).then(
          ({ stdout }) => ({ code: 0, stdout }),
          (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
        );
      const [bad, good] = await Promise.all([cli(dirty), cli(clean)]);
      assert.equal(bad.code, 1, bad.stdout);
      assert.match(bad.stdout, /HIT hetu-real .*app\.log:1:\d+/);
      assert.ok(!bad.stdout.includes(canary));
      assert.equal(good.code, 0, good.stdout);
      assert.match(good.stdout, /privacy scan: OK/);
      const json = JSON.parse(fs.readFileSync(path.join(dir, 'dirty.json'), 'utf8')) as PrivacyScanReport;
      assert.equal(json.hits.length, 1);
    });
  });
});

function scanReport(findings: Finding[]): PrivacyScanReport {
  const counts = Object.fromEntries(
    ['hetu-real', 'hetu-test', 'jwt', 'dev-token', 'bearer', 'cas-ticket', 'session-id', 'secret'].map((k) => [k, 0]),
  ) as PrivacyScanReport['counts'];
  for (const f of findings) counts[f.kind]++;
  const hits = findings.filter((f) => f.kind !== 'hetu-test');
  return { files: [], missing: [], skipped: [], findings, hits, counts, ok: hits.length === 0 };
}

// ---------------------------------------------------------------------------------------------------

describe('A-PRIV-2/3 B3.8 privacy scan after a realistic session through the app', function () {
  this.timeout(180_000);
  const ADMIN = PLAYGROUND_USERS.find((u) => u.role === 'ServiceOwnerAdmin')!;
  const INSTITUTION_ADMIN = PLAYGROUND_USERS.find((u) => u.role === 'InstitutionAdmin')!;
  const VENDOR = PLAYGROUND_USERS.find((u) => u.role === 'Vendor')!;

  let dir: string;
  let dataDir: string;
  let logFile: string;
  let consoleFile: string;
  let fakeOnr: FakeOnr;
  let connector: FakeConnector;
  let app: RunningApp | null = null;
  let report: PrivacyScanReport;
  const canaries = Object.keys(CENTURY_SIGNS).map((sign) => makeHetu(rng, { kind: 'real', sign }));
  const session = {
    onrRequestsBeforeRefusals: 0,
    onrRequestsAfterRefusals: 0,
    onrRequestsAfterTestLookup: 0,
    invokeStatuses: [] as number[],
    tabStatuses: [] as number[],
    guidanceRows: 0,
    /** Issue 12: ONR requests around the look-ups with disguised codes in the name fields. */
    onrBeforeNameFields: 0,
    onrAfterNameFields: 0,
    disguisedTexts: 0,
    surfaces: [] as string[],
  };
  /** Every answer the app gave (webhook and tab API bodies): scanned like the log and the database. */
  const replies: string[] = [];

  let activitySeq = 0;
  const activity = (user: { objectId: string; name: string }, extra: Record<string, unknown>) => ({
    type: 'message',
    id: `act-${++activitySeq}-${randomUUID()}`,
    channelId: 'msteams',
    serviceUrl: connector.url,
    locale: 'fi-FI',
    timestamp: new Date().toISOString(),
    from: { id: `29:${user.objectId}`, name: user.name, aadObjectId: user.objectId },
    recipient: { id: '28:bot', name: 'Oppijanumero' },
    conversation: { id: `a:personal-${user.objectId}`, conversationType: 'personal', tenantId: PLAYGROUND_TENANT },
    ...extra,
  });
  const postActivity = async (body: unknown) => {
    const response = await fetch(`http://127.0.0.1:${app!.port}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    replies.push(text);
    return { status: response.status, text };
  };
  const say = (user: { objectId: string; name: string }, text: string) => postActivity(activity(user, { text }));
  const invoke = async (user: { objectId: string; name: string }, verb: string, data: Record<string, unknown>) => {
    const result = await postActivity(
      activity(user, { type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } }),
    );
    session.invokeStatuses.push(result.status);
    return result;
  };
  /** Actions of the cards the bot posted to the user's conversation so far. */
  const actionsFor = (user: { objectId: string }, verb: string) =>
    [...connector.activities.values()]
      .filter((a) => a.conversationId.startsWith(`a:personal-${user.objectId}`))
      .flatMap((a) => harvestActions(a.body))
      .filter((a) => a.verb === verb);

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'privacy-session-'));
    dataDir = path.join(dir, 'data');
    logFile = path.join(dir, 'app.log');
    consoleFile = path.join(dir, 'console.log');
    fs.writeFileSync(consoleFile, '');
    fakeOnr = await startFakeOnr({ port: 0 });
    connector = await startFakeConnector({ conversationLimits: [] });

    // Everything the process prints during the session goes to a file too (console.* and stray writes).
    const originals = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
    const tee = (original: typeof process.stdout.write) =>
      ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        fs.appendFileSync(consoleFile, typeof chunk === 'string' ? chunk : Buffer.from(chunk));
        return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof process.stdout.write;
    process.stdout.write = tee(originals.out);
    process.stderr.write = tee(originals.err);
    try {
      const logger = createLogger({ level: 'debug', destination: { write: (line: string) => fs.appendFileSync(logFile, line) } });
      const config = loadConfig({
        LOCAL_MODE: 'true',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOCAL_PLAYGROUND: 'false',
        LOG_LEVEL: 'debug',
        ONR_BASE_URL: fakeOnr.url,
        ONR_AUTH: 'cas',
        ONR_USERNAME: FAKE_ONR_CREDENTIALS.username,
        ONR_PASSWORD: FAKE_ONR_CREDENTIALS.password,
      });
      app = await startApp(config, { logger });
      await seedInstitutions(app.store);
      await seedPlaygroundUsers(app.store);
      await runSession();
    } finally {
      process.stdout.write = originals.out;
      process.stderr.write = originals.err;
      await app?.stop();
      app = null;
    }

    // The fakes' own records, dumped as a CI job would keep them.
    fs.writeFileSync(path.join(dir, 'onr-requests.json'), JSON.stringify(fakeOnr.requests(), null, 1));
    fs.writeFileSync(path.join(dir, 'connector-activities.json'), JSON.stringify([...connector.activities.values()], null, 1));
    fs.writeFileSync(path.join(dir, 'replies.json'), JSON.stringify(replies, null, 1));
    const main = await scanPaths([
      logFile,
      consoleFile,
      dataDir,
      path.join(dir, 'connector-activities.json'),
      path.join(dir, 'replies.json'),
    ]);
    // The CAS ticket in the fake CAS server's own ticket URL (/cas/v1/tickets/TGT-…) is the protocol, not a leak.
    const onr = await scanPaths([path.join(dir, 'onr-requests.json')], { ignore: ['cas-ticket'] });
    report = {
      ...main,
      files: [...main.files, ...onr.files],
      findings: [...main.findings, ...onr.findings],
      hits: [...main.hits, ...onr.hits],
      ok: main.ok && onr.ok,
      counts: sumCounts(main, onr),
    };
  });

  after(async () => {
    await app?.stop();
    await connector?.stop();
    await fakeOnr?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function runSession(): Promise<void> {
    const [c1, c2, c3, c4, c5, c6] = canaries;
    const d = (code: string | undefined, i: number) => disguises(code!)[i]!;

    // 1. Guidance questions carrying codes (plain, lower case, zero-width split, fullwidth digits).
    for (const [code, disguise] of [
      [c1, 0],
      [c2, 1],
      [c3, 4],
      [c4, 5],
    ] as const) {
      const reply = await say(INSTITUTION_ADMIN, `Miten haen oppijanumeron opiskelijalle, jonka henkilötunnus on ${d(code, disguise)}?`);
      assert.equal(reply.status, 200);
    }
    // An off-topic question is stored for the knowledge-gap report (masked), so the database has question text.
    assert.equal((await say(VENDOR, `Mikä on kissan lempiruoka, kysyy ${c5}?`)).status, 200);
    // Ask OPH with the card's own data, and with a forged, unmasked question in the data.
    const askOph = actionsFor(INSTITUTION_ADMIN, 'guidance.ask-oph')[0];
    if (askOph) {
      await invoke(INSTITUTION_ADMIN, askOph.verb, askOph.data);
      await invoke(INSTITUTION_ADMIN, askOph.verb, { ...askOph.data, question: `Tarkistakaa ${c5}` });
    }

    // 2. Look-up attempts with real-range codes: the guard refuses them before any ONR traffic.
    session.onrRequestsBeforeRefusals = fakeOnr.stats().requests;
    await say(VENDOR, `testihaku ${c1}`);
    const form = actionsFor(VENDOR, LOOKUP_VERBS.hetu)[0];
    assert.ok(form, 'the look-up form was posted');
    for (const [i, code] of [c1, c2, c6].entries()) {
      await invoke(VENDOR, LOOKUP_VERBS.hetu, {
        ...form.data,
        formId: randomUUID(),
        hetu: d(code, i),
        etunimet: 'Maija Anneli',
        kutsumanimi: 'Maija',
        sukunimi: 'Testinen',
      });
    }
    await invoke(VENDOR, LOOKUP_VERBS.oid, { formId: randomUUID(), oid: c3! });
    session.onrRequestsAfterRefusals = fakeOnr.stats().requests;

    // A test-range look-up does reach the fake, so its request log is not trivially empty.
    const person = SEED_ONR_PERSONS.find((p) => p.hetu && p.scenario === 'identified-master')!;
    await invoke(VENDOR, LOOKUP_VERBS.hetu, {
      formId: randomUUID(),
      hetu: person.hetu,
      etunimet: person.etunimet,
      kutsumanimi: person.kutsumanimi,
      sukunimi: person.sukunimi,
    });
    session.onrRequestsAfterTestLookup = fakeOnr.stats().requests;

    // 3. Feedback with a code in its text (when the feedback capability is wired into the app).
    await say(INSTITUTION_ADMIN, `palaute Opiskelijan ${c4} tiedot eivät päivity`);
    const feedbackForm = actionsFor(INSTITUTION_ADMIN, FEEDBACK_VERBS.submit)[0];
    await invoke(INSTITUTION_ADMIN, FEEDBACK_VERBS.submit, {
      ...(feedbackForm?.data ?? { formId: randomUUID() }),
      type: 'proposal',
      topic: 'yleistunniste',
      title: `Virhe henkilöllä ${c5}`,
      description: `Henkilön ${d(c6, 4)} tiedot eivät päivity rajapinnassa.`,
      impact: `Koskee ainakin tunnusta ${d(c2, 5)}`,
      contactOk: 'true',
    });

    // 4. Tab API: a dev token in every request, codes in the query, the path and a saved field.
    const base = `http://127.0.0.1:${app!.port}/api/tab`;
    const signIn = await fetch(`${base}/dev/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ objectId: ADMIN.objectId }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const institutions = (await (await fetch(`${base}/institutions`, { headers })).json()) as {
      institutions?: Array<{ id: string }>;
      items?: Array<{ id: string }>;
    };
    const firstId = (institutions.institutions ?? institutions.items ?? [])[0]?.id ?? 'kuurankoski';
    const calls: Array<[string, string, unknown?]> = [
      ['GET', `/institutions?q=${encodeURIComponent(c1!)}`],
      ['GET', `/institutions/${encodeURIComponent(c2!)}`],
      [
        'PATCH',
        `/institutions/${firstId}`,
        { systemName: `Järjestelmä ${c3}`, steps: [{ step: 1, note: `Yhteyshenkilön tunnus ${d(c4, 2)}` }] },
      ],
      ['PATCH', `/institutions/${firstId}`, { systemName: d(c5, 5) }],
      ['PATCH', `/institutions/${firstId}`, { unknownField: c6 }],
      [
        'POST',
        '/feedback',
        {
          type: 'proposal',
          topic: 'yleistunniste',
          title: `Tunnus ${c1}`,
          description: `Kuvaus ${d(c2, 4)}`,
          impact: 'x',
          contactOk: true,
        },
      ],
      ['GET', `/gaps?days=${encodeURIComponent(c3!)}`],
    ];
    for (const [method, url, body] of calls) {
      const response = await fetch(`${base}${url}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
      session.tabStatuses.push(response.status);
      await response.arrayBuffer();
    }
    // A forged token and a JWT-looking header: the refusal must not log them.
    await fetch(`${base}/me`, { headers: { Authorization: `Bearer ${token.slice(0, -4)}AAAA` } }).then((r) => r.arrayBuffer());

    await typeDisguisedCodesEverywhere(base, headers, firstId);

    const rows = await app!.store.db.selectFrom('guidance_questions').select('question').execute();
    session.guidanceRows = rows.length;
  }

  /**
   * Issue 12: every disguise of test/helpers/fuzz.ts (invisible, bidi, combining and tag characters,
   * other digit sets, no-break spaces, glued letters), each on a fresh real-range canary, typed
   * everywhere a user can type: look-up name fields, guidance questions, an Ask OPH ticket, feedback
   * and its comments, onboarding notes and an announcement.
   */
  async function typeDisguisedCodesEverywhere(base: string, headers: Record<string, string>, institutionId: string): Promise<void> {
    const variants = Object.keys(CENTURY_SIGNS).flatMap((sign, i) =>
      hetuDisguises(makeHetu(rng, { kind: 'real', sign }))
        .filter((_, j) => j % 4 === i % 4)
        .map(([, text]) => text),
    );
    session.disguisedTexts = variants.length;
    const chunks: string[][] = [];
    for (let i = 0; i < variants.length; i += 4) chunks.push(variants.slice(i, i + 4));
    const tab = async (method: string, url: string, body?: unknown) => {
      const response = await fetch(`${base}${url}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
      session.tabStatuses.push(response.status);
      const text = await response.text();
      replies.push(text);
      return { status: response.status, text };
    };

    // Look-up name fields, with a valid test code in its own field: nothing may reach the fake ONR.
    const person = SEED_ONR_PERSONS.find((p) => p.hetu && p.scenario === 'identified-master')!;
    session.onrBeforeNameFields = fakeOnr.stats().requests;
    for (const [i, text] of variants.entries()) {
      const field = (['etunimet', 'kutsumanimi', 'sukunimi'] as const)[i % 3]!;
      await invoke(VENDOR, LOOKUP_VERBS.hetu, {
        formId: randomUUID(),
        hetu: person.hetu,
        etunimet: person.etunimet,
        kutsumanimi: person.kutsumanimi,
        sukunimi: person.sukunimi,
        [field]: field === 'kutsumanimi' ? text : `${person.etunimet} ${text}`,
      });
    }
    session.onrAfterNameFields = fakeOnr.stats().requests;
    session.surfaces.push('look-up names');

    // Guidance questions (stored as knowledge gaps when unanswered) and an Ask OPH ticket.
    for (const chunk of chunks) await say(INSTITUTION_ADMIN, `Miten kissa syö? ${chunk.join(' / ')}`);
    const askOph = actionsFor(INSTITUTION_ADMIN, 'guidance.ask-oph').at(-1);
    if (askOph)
      for (const chunk of chunks)
        await invoke(INSTITUTION_ADMIN, askOph.verb, { ...askOph.data, question: `Tiketti ${chunk.join(' / ')}` });
    session.surfaces.push('questions', 'tickets');

    // Feedback (tab and bot) and comments on it.
    let ref: string | undefined;
    for (const chunk of chunks) {
      const created = await tab('POST', '/feedback', {
        type: 'proposal',
        topic: 'yleistunniste',
        title: `Ehdotus ${chunk[0]}`,
        description: chunk.join(' / '),
        impact: chunk.at(-1),
        contactOk: false,
      });
      ref ??= /"ref":"([^"]+)"/.exec(created.text)?.[1];
    }
    assert.ok(ref, 'feedback was created');
    for (const chunk of chunks)
      await tab('POST', `/feedback/${encodeURIComponent(ref)}/comments`, { body: `Kommentti ${chunk.join(' / ')}` });
    for (const chunk of chunks) await say(INSTITUTION_ADMIN, `palaute ${chunk.join(' / ')}`);
    session.surfaces.push('feedback', 'comments');

    // Onboarding notes and an announcement draft.
    for (const chunk of chunks)
      await tab('PATCH', `/institutions/${institutionId}`, { steps: [{ step: 2, note: `Muistiinpano ${chunk.join(' / ')}` }] });
    for (const chunk of chunks) {
      await tab('POST', '/announcements', {
        title: { fi: `Tiedote ${chunk[0]}` },
        body: { fi: `Muutos: ${chunk.join(' / ')}` },
        category: 'maintenance',
        effectiveDate: '2026-12-03',
        interfaces: ['yleistunniste'],
        audience: { kind: 'all' },
      });
    }
    session.surfaces.push('onboarding notes', 'announcements');
  }

  it('issue 12: disguised codes were typed on every surface, and none reached the fake ONR from a name field', () => {
    assert.ok(session.disguisedTexts >= 26, `${session.disguisedTexts} disguised texts`);
    assert.deepEqual(session.surfaces, [
      'look-up names',
      'questions',
      'tickets',
      'feedback',
      'comments',
      'onboarding notes',
      'announcements',
    ]);
    assert.equal(session.onrAfterNameFields, session.onrBeforeNameFields, 'A-PRIV-2: a code in a name field causes no ONR request');
    assert.ok(replies.length > 50, 'the replies were captured for the scan');
    assert.ok(
      report.files.some((f) => path.basename(f.path) === 'replies.json'),
      'replies scanned',
    );
  });

  it('the session exercised the app: answered turns, guard refusals without ONR traffic, one test-range look-up', () => {
    assert.ok(session.invokeStatuses.length >= 6);
    assert.ok(
      session.invokeStatuses.every((s) => s === 200),
      `invoke statuses ${session.invokeStatuses.join(',')}`,
    );
    assert.ok(
      session.tabStatuses.every((s) => s < 500),
      `tab statuses ${session.tabStatuses.join(',')}`,
    );
    assert.equal(session.onrRequestsAfterRefusals, session.onrRequestsBeforeRefusals, 'A-PRIV-2: a refused code causes no ONR request');
    assert.ok(session.onrRequestsAfterTestLookup > session.onrRequestsAfterRefusals, 'the test-range look-up reached the fake ONR');
    assert.ok(session.guidanceRows >= 1, 'unanswered questions were stored (masked), so the database scan has something to read');
    assert.ok(report.counts['hetu-test'] >= 1, 'the test-range code sent to the fake ONR is visible to the scan');
    const scanned = report.files.map((f) => path.basename(f.path));
    for (const name of ['app.log', 'oppijanumero-teams.sqlite', 'onr-requests.json', 'connector-activities.json'])
      assert.ok(scanned.includes(name), `${name} scanned`);
  });

  it('A-PRIV-2/A-PRIV-3: log, console, SQLite files, fake ONR requests and connector traffic hold zero hits', () => {
    assert.ok(report.ok, formatReport(report));
    assert.equal(report.counts['hetu-real'], 0);
  });
});

function sumCounts(a: PrivacyScanReport, b: PrivacyScanReport): PrivacyScanReport['counts'] {
  const out = { ...a.counts };
  for (const [k, v] of Object.entries(b.counts)) out[k as keyof typeof out] += v;
  return out;
}

/**
 * B3.8 after the other suites: test/privacy/ runs last, so the end-to-end suites' artefacts
 * (test-artifacts/) are on disk by now. PRIVACY_SCAN_PATHS (comma-separated) adds more, e.g. a CI
 * job's captured logs. Screenshots are skipped by extension: pixels are not text.
 */
describe('B3.8 privacy scan of the test artefacts', () => {
  it('test-artifacts/ and PRIVACY_SCAN_PATHS hold no real-range henkilötunnus, token or secret', async () => {
    const extra = (process.env.PRIVACY_SCAN_PATHS ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
    const report = await scanPaths([path.resolve('test-artifacts'), ...extra]);
    assert.deepEqual(
      report.missing.filter((m) => extra.includes(m)),
      [],
      'every path named in PRIVACY_SCAN_PATHS exists',
    );
    assert.ok(report.ok, formatReport(report));
  });
});
