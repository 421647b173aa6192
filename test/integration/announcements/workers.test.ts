/**
 * Several outbox workers, each with its own database connection (as several app instances would
 * have), sharing one outbox: on PostgreSQL (TEST_DATABASE_URL) and on one SQLite file.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createAnnouncementsService } from '../../../bot/features/announcements/service.js';
import { createOutboxWorker, type OutboxWorker } from '../../../bot/features/announcements/outbox-worker.js';
import { DeliveryError } from '../../../bot/features/types.js';
import { ScriptedMessenger, draft, people, seedConversations, seedPeople, silentLogger, waitFor } from './helpers.js';

interface Target {
  name: string;
  open(): Promise<Store[]>;
  cleanup(): Promise<void>;
}

function targets(): Target[] {
  const out: Target[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ann-workers-'));
  out.push({
    name: 'sqlite file, three connections',
    async open() {
      const stores: Store[] = [];
      for (let i = 0; i < 3; i++) stores.push(await openStore({ dataDir: dir }));
      return stores;
    },
    async cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  });
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const schema = `t_ann_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    out.push({
      name: 'postgres, three pools',
      async open() {
        const stores: Store[] = [];
        for (let i = 0; i < 3; i++) stores.push(await openStore({ databaseUrl: url, pgSchema: schema }));
        return stores;
      },
      async cleanup() {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      },
    });
  } else if (process.env.CI === 'true') {
    throw new Error('TEST_DATABASE_URL is not set: CI must run the PostgreSQL suite');
  } else {
    console.warn('\n  !!! SKIPPING the PostgreSQL run of the multi-worker suite: TEST_DATABASE_URL is not set !!!\n');
  }
  return out;
}

for (const target of targets()) {
  describe(`announcements: several workers share the outbox [${target.name}]`, function () {
    this.timeout(60_000);
    let stores: Store[] = [];
    let workers: OutboxWorker[] = [];

    afterEach(async function () {
      for (const worker of workers) await worker.stop();
      for (const store of stores) await store.close();
      workers = [];
      stores = [];
    });
    after(async function () {
      await target.cleanup();
    });

    it('300 targets, three workers, faults injected: every target exactly once, work shared, app rate shared', async function () {
      stores = await target.open();
      const [first] = stores;
      await seedPeople(first!);
      await seedConversations(first!, { channels: 20, teams: 5, groups: 30, personal: 249 });
      const service = createAnnouncementsService({
        store: first!,
        conversations: createConversationsRepository(first!),
        serviceChannelId: '19:service-channel@thread.tacv2',
        approval: 'single',
        logger: silentLogger,
      });
      const created = await service.createDraft(people.admin, draft({}, new Date()));
      const id = (await service.submit(people.admin, created.announcement.id, created.announcement.version)).announcement.id;

      const messenger = new ScriptedMessenger();
      let n = 0;
      // Every 17th call answers 429 (half with Retry-After), every 23rd a 500; answers take 0–15 ms.
      messenger.script = () => {
        n++;
        if (n % 17 === 0) return new DeliveryError(429, n % 2 ? 1 : null);
        if (n % 23 === 0) return new DeliveryError(500);
        return new Promise<void>((resolve) => setTimeout(resolve, n % 16));
      };
      const sentBy = new Map<string, number>();
      workers = stores.map((store, i) =>
        createOutboxWorker({
          store,
          messenger,
          logger: silentLogger,
          workerId: `w${i}`,
          appRps: 150,
          leaseMs: 3_000,
          heartbeatMs: 200,
          pollMs: 25,
          backoff: { baseMs: 50, capMs: 400 },
          onEvent: (e) => {
            if (e.type === 'sent') sentBy.set(`w${i}`, (sentBy.get(`w${i}`) ?? 0) + 1);
          },
        }),
      );
      for (const worker of workers) worker.start();
      await waitFor(
        async () => {
          const rows = await first!.db.selectFrom('announcement_outbox').select('state').where('announcement_id', '=', id).execute();
          return rows.length === 300 && rows.every((r) => r.state === 'sent');
        },
        45_000,
        'all 300 sent',
      );

      const perTarget = messenger.postsTo(id);
      assert.equal(perTarget.size, 300, 'lost = 0');
      assert.deepEqual([...new Set(perTarget.values())], [1], 'duplicates = 0');
      assert.equal(sentBy.size, 3, `every worker took a share (${JSON.stringify(Object.fromEntries(sentBy))})`);
      assert.ok(
        workers.every((w) => Math.abs(w.stats().appRate - 50) < 0.01),
        'the app rate is split between the three live workers',
      );
      const rows = await first!.db
        .selectFrom('announcement_outbox')
        .select(['attempts', 'possible_duplicate'])
        .where('announcement_id', '=', id)
        .execute();
      const retried = rows.filter((r) => r.attempts > 1).length;
      assert.ok(retried > 0, 'the injected faults were retried');
    });
  });
}
