/**
 * Several instances: two real app processes on one PostgreSQL database. One announcement to 1,000
 * installations reaches every target exactly once (counted at the fake Teams connector) with both
 * processes' outbox workers sharing the work, and a burst of 20 copies of one activity, spread over
 * both processes, is processed once.
 *
 * Needs TEST_DATABASE_URL (a PostgreSQL server; each run creates and drops its own database).
 * Without it the suite is skipped loudly; under CI=true that is a failure.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { FakeConnector } from '../../../dev/fake-connector/index.js';
import { startAppProcess, type AppProcess } from '../../helpers/app-process.js';

const TARGETS = 1_000;
const APP_RPS = 60;
const TENANT = '00000000-0000-0000-0000-0000000000001';
/** Alex, ServiceOwnerAdmin, seeded by local mode. */
const ALEX = '00000000-0000-0000-0000-0000000000020';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await sleep(100);
  }
}

/** A database URL naming another database on the same server. */
function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) {
  if (process.env.CI === 'true') throw new Error('TEST_DATABASE_URL is not set: CI must run the two-instance suite on PostgreSQL');
  console.warn('\n  !!! SKIPPING the two-instance suite (two app processes on one PostgreSQL): TEST_DATABASE_URL is not set !!!\n');
}

(serverUrl ? describe : describe.skip)('several instances on one PostgreSQL', function () {
  this.timeout(150_000);
  const database = `t2i_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const databaseUrl = serverUrl ? withDatabase(serverUrl, database) : '';
  const fake = new FakeConnector({ appRps: APP_RPS, seed: 7 });
  const apps: AppProcess[] = [];
  const dataDirs: string[] = [];
  let store: Store | undefined;
  let created = false;

  before(async function () {
    await admin(serverUrl!, `CREATE DATABASE ${database}`);
    created = true;
    await fake.start();
    const env = (dataDir: string) => ({
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      FAKE_ONR_PORT: '0',
      LOCAL_PLAYGROUND: 'false',
      LOG_LEVEL: 'warn',
      OUTBOX_APP_RPS: String(APP_RPS),
    });
    // One after the other: the first runs the migrations, the second finds them done.
    for (let i = 0; i < 2; i++) {
      const dataDir = await mkdtemp(path.join(tmpdir(), `two-instances-${i}-`));
      dataDirs.push(dataDir);
      apps.push(await startAppProcess(env(dataDir)));
    }
    store = await openStore({ databaseUrl });
  });

  after(async function () {
    for (const app of apps) await app.stop().catch(() => undefined);
    await store?.close();
    await fake.stop();
    for (const dir of dataDirs) await rm(dir, { recursive: true, force: true });
    if (created) await admin(serverUrl!, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('one announcement to 1,000 targets: every target exactly once, both processes deliver', async function () {
    const db = store!;
    const before = await db.db.selectFrom('conversations').select('id').where('active', '=', 1).execute();
    const conversations = createConversationsRepository(db);
    const serviceUrl = fake.url;
    const targets: string[] = [];
    for (let i = 0; i < TARGETS; i++) {
      const channel = i % 10 === 0;
      const id = channel ? `19:t2i-channel-${i}@thread.tacv2` : `a:t2i-personal-${i}`;
      const kind = channel ? 'channel' : 'personal';
      await conversations.upsert({
        id,
        kind,
        tenantId: TENANT,
        teamId: channel ? `19:t2i-team-${i}@thread.tacv2` : null,
        teamName: channel ? `Team ${i}` : null,
        channelName: channel ? `Channel ${i}` : null,
        serviceUrl,
        reference: {
          channelId: 'msteams',
          serviceUrl,
          conversation: { id, conversationType: kind, tenantId: TENANT },
          bot: { id: '28:bot' },
        },
      });
      targets.push(id);
    }

    const [a, b] = apps as [AppProcess, AppProcess];
    const signIn = await fetch(`${a.url}/api/tab/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ objectId: ALEX }),
    });
    assert.equal(signIn.status, 200, await signIn.clone().text());
    const { token } = (await signIn.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const draft = await fetch(`${a.url}/api/tab/announcements`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        title: { fi: 'Kahden instanssin testi' },
        body: { fi: 'Tämä tiedote lähtee tuhannelle vastaanottajalle kerran.' },
        category: 'maintenance',
        audience: { kind: 'all' },
        requestId: `t2i-${randomUUID()}`,
      }),
    });
    const draftText = await draft.text();
    assert.equal(draft.status, 201, draftText);
    const { announcement } = JSON.parse(draftText) as { announcement: { id: string; version: number } };

    // While the outbox drains, note which worker holds each row (the owner is cleared once it is sent).
    const owners = new Map<string, string>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const rows = await db.db
          .selectFrom('announcement_outbox')
          .select(['id', 'lease_owner'])
          .where('announcement_id', '=', announcement.id)
          .where('lease_owner', 'is not', null)
          .execute();
        for (const row of rows) owners.set(row.id, row.lease_owner!);
        await sleep(50);
      }
    })();

    const started = Date.now();
    const submit = await fetch(`${a.url}/api/tab/announcements/${announcement.id}/submit`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ version: announcement.version }),
    });
    const submitText = await submit.text();
    assert.equal(submit.status, 200, submitText);
    let durationMs: number;
    try {
      await until(
        async () => {
          const open = await db.db
            .selectFrom('announcement_outbox')
            .select('id')
            .where('announcement_id', '=', announcement.id)
            .where('state', 'in', ['pending', 'leased', 'sending'])
            .execute();
          return fake.lostTargets(targets, announcement.id).length === 0 && open.length === 0;
        },
        120_000,
        `every target posted (lost so far: ${fake.lostTargets(targets, announcement.id).length})`,
      );
      durationMs = Date.now() - started;
      // Room for a late duplicate to arrive before counting.
      await sleep(1_000);
    } finally {
      sampling = false;
      await sampler;
    }

    const lost = fake.lostTargets(targets, announcement.id);
    const duplicates = fake.duplicates();
    const rows = await db.db
      .selectFrom('announcement_outbox')
      .select(['conversation_id', 'state', 'possible_duplicate'])
      .where('announcement_id', '=', announcement.id)
      .where('op', '=', 'post')
      .execute();
    const byOwner = new Map<string, number>();
    for (const owner of owners.values()) byOwner.set(owner, (byOwner.get(owner) ?? 0) + 1);
    const share = Object.fromEntries(
      [...byOwner].map(([owner, n]) => [owner.includes(`-${a.pid}-`) ? 'A' : owner.includes(`-${b.pid}-`) ? 'B' : owner, n]),
    );
    console.log(
      `      two instances: ${TARGETS} targets in ${(durationMs / 1000).toFixed(1)} s at OUTBOX_APP_RPS ${APP_RPS}; ` +
        `rows seen leased per process ${JSON.stringify(share)} (of ${owners.size}); lost ${lost.length}, duplicates ${duplicates.posts}; ` +
        `requests ${fake.counts.requests}, 429s ${JSON.stringify(fake.byCause())}; max accepted in 1 s ${fake.maxInWindow(1_000)}`,
    );

    assert.deepEqual(lost, [], 'lost = 0: every target received the announcement');
    assert.equal(duplicates.posts, 0, `duplicates = 0 (${duplicates.keys.slice(0, 5).join(', ')})`);
    const posted = targets.filter((t) => fake.postsByTarget.get(`${t}|${announcement.id}`) === 1);
    assert.equal(posted.length, TARGETS, '1,000 distinct targets posted once each');
    // Only our targets (and whatever local mode had installed before) were in the audience.
    assert.equal(rows.length, TARGETS + before.length, 'one post row per installation');
    assert.ok(
      rows.filter((r) => targets.includes(r.conversation_id)).every((r) => r.state === 'sent' && r.possible_duplicate === 0),
      'every target row is sent, none flagged as a possible duplicate',
    );
    assert.equal(Object.keys(share).length, 2, `both processes took rows: ${JSON.stringify(share)}`);
    assert.ok(share.A && share.B, `the worker ids are the two processes': ${JSON.stringify(share)}`);
    assert.ok(Math.min(share.A, share.B) >= owners.size * 0.2, `the work is shared: ${JSON.stringify(share)}`);
  });

  it('a burst of 20 copies of one activity over both processes is processed once', async function () {
    const [a, b] = apps as [AppProcess, AppProcess];
    const activity = {
      type: 'message',
      channelId: 'msteams',
      id: `burst-${randomUUID()}`,
      timestamp: new Date().toISOString(),
      serviceUrl: fake.url,
      conversation: { id: 'a:burst', conversationType: 'personal', tenantId: TENANT },
      from: { id: '29:x', aadObjectId: '00000000-0000-0000-0000-0000000000023' },
      recipient: { id: '28:bot' },
      channelData: { tenant: { id: TENANT } },
      locale: 'fi-FI',
      text: 'apua',
    };
    const repliesToBurst = () =>
      [...fake.activities.values()].filter((x) => x.conversationId.split(';')[0] === 'a:burst' && x.body.type === 'message');
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        fetch(`${(i % 2 ? b : a).url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(activity),
        }).then(async (r) => ({ status: r.status, text: await r.text() })),
      ),
    );
    await until(() => repliesToBurst().length >= 1, 15_000, 'the bot answered the burst');
    // Room for a second (duplicate) answer to arrive.
    await sleep(2_000);
    const statuses = responses.map((r) => r.status);
    console.log(`      burst: 20 POSTs → statuses ${JSON.stringify(statuses)}; bot replies ${repliesToBurst().length}`);
    assert.ok(
      statuses.every((s) => s >= 200 && s < 300),
      `all 20 answered 2xx: ${JSON.stringify(responses.filter((r) => r.status >= 300))}`,
    );
    assert.equal(repliesToBurst().length, 1, 'exactly one reply reached the connector');
  });

  it('both processes stop on SIGTERM with exit code 0', async function () {
    const codes = await Promise.all(apps.map((app) => app.stop()));
    assert.deepEqual(codes, [0, 0], apps.map((app) => app.output()).join('\n----\n'));
  });
});
