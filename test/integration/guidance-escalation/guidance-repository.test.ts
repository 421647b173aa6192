import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describeEachDatabase } from '../../helpers/databases.js';
import { createGuidanceRepository, formatTicketRef, type NewTicket } from '../../../bot/store/guidance-repository.js';
import { seedInstitution } from './helpers.js';

const TENANT = '00000000-0000-0000-0000-0000000000aa';
const asker = { tenantId: TENANT, objectId: 'asker-1', name: 'Asker One' };
const expertA = { tenantId: TENANT, objectId: 'expert-a', name: 'Expert A' };
const expertB = { tenantId: TENANT, objectId: 'expert-b', name: 'Expert B' };

function newTicket(overrides: Partial<NewTicket> = {}): NewTicket {
  return {
    formId: randomUUID(),
    asker,
    askerInstitutionId: null,
    lang: 'fi',
    question: 'Miten testitunnukset haetaan?',
    articleId: null,
    conversationId: '19:channel@thread.tacv2;messageid=100',
    conversationKind: 'channel',
    threadRootId: '100',
    now: '2026-11-26T10:00:00.000Z',
    ...overrides,
  };
}

describeEachDatabase('guidance repository', (getStore) => {
  describe('votes', () => {
    it('stores one vote per person and key; a second vote replaces the first and drops a stale comment', async () => {
      const repo = createGuidanceRepository(getStore());
      const base = {
        tenantId: TENANT,
        objectId: 'voter',
        voteKey: 'key-1',
        articleId: 'yksilointi',
        band: 'answer',
        question: 'Mitä yksilöinti on?',
        questionNorm: 'mitä yksilöinti on',
        lang: 'fi',
      };
      const first = await repo.upsertVote({ ...base, vote: 'down', now: '2026-11-26T10:00:00.000Z' });
      assert.equal(first.previous, null);
      assert.equal(
        await repo.setVoteComment(first.id, { tenantId: TENANT, objectId: 'voter' }, 'Puuttui esimerkki', '2026-11-26T10:00:01.000Z'),
        true,
      );

      // Same direction again: the comment survives.
      const again = await repo.upsertVote({ ...base, vote: 'down', now: '2026-11-26T10:00:02.000Z' });
      assert.equal(again.id, first.id);
      assert.equal(again.previous, 'down');
      assert.equal((await repo.findVote(first.id))?.comment, 'Puuttui esimerkki');

      // Direction changed: replaced, comment cleared, still one row.
      const second = await repo.upsertVote({ ...base, vote: 'up', now: '2026-11-26T10:01:00.000Z' });
      assert.equal(second.id, first.id);
      assert.equal(second.previous, 'down');
      const stored = await repo.findVote(first.id);
      assert.equal(stored?.vote, 'up');
      assert.equal(stored?.comment, null);
      const rows = await getStore().db.selectFrom('guidance_votes').selectAll().execute();
      assert.equal(rows.length, 1);

      // Another person's vote on the same key is a separate row.
      await repo.upsertVote({ ...base, objectId: 'someone-else', vote: 'down', now: '2026-11-26T10:02:00.000Z' });
      assert.equal((await getStore().db.selectFrom('guidance_votes').selectAll().execute()).length, 2);
    });

    it('refuses a comment on somebody else’s vote', async () => {
      const repo = createGuidanceRepository(getStore());
      const { id } = await repo.upsertVote({
        tenantId: TENANT,
        objectId: 'owner',
        voteKey: 'k',
        vote: 'down',
        articleId: 'a',
        band: 'answer',
        question: 'q',
        questionNorm: 'q',
        lang: 'fi',
        now: '2026-11-26T10:00:00.000Z',
      });
      assert.equal(await repo.setVoteComment(id, { tenantId: TENANT, objectId: 'intruder' }, 'x', '2026-11-26T10:00:01.000Z'), false);
      assert.equal((await repo.findVote(id))?.comment, null);
    });
  });

  describe('tickets', () => {
    it('numbers tickets per year without gaps and joins the institution name', async () => {
      const store = getStore();
      await seedInstitution(store);
      const repo = createGuidanceRepository(store);
      const a = await repo.createTicket(newTicket({ askerInstitutionId: 'inst-test' }));
      const b = await repo.createTicket(newTicket());
      const c = await repo.createTicket(newTicket({ now: '2027-01-02T08:00:00.000Z' }));
      assert.equal(a.ticket.ref, 'KY-2026-0001');
      assert.equal(b.ticket.ref, 'KY-2026-0002');
      assert.equal(c.ticket.ref, 'KY-2027-0001');
      assert.deepEqual(a.ticket.institutionNames, { fi: 'Testiyliopisto', sv: 'Testuniversitetet', en: 'Test University' });
      assert.equal(b.ticket.institutionNames, null);
      assert.equal(a.ticket.state, 'open');
      assert.equal(a.ticket.version, 1);
      assert.equal(a.ticket.threadRootId, '100');
      assert.equal(formatTicketRef(2026, 7), 'KY-2026-0007');
    });

    it('creates one ticket for a form submitted twice, even concurrently, and burns no number', async () => {
      const repo = createGuidanceRepository(getStore());
      const formId = randomUUID();
      const results = await Promise.all([0, 1, 2, 3].map(() => repo.createTicket(newTicket({ formId }))));
      assert.equal(results.filter((r) => r.created).length, 1);
      assert.equal(new Set(results.map((r) => r.ticket.id)).size, 1);
      const again = await repo.createTicket(newTicket({ formId }));
      assert.equal(again.created, false);
      const next = await repo.createTicket(newTicket());
      assert.equal(next.ticket.ref, 'KY-2026-0002');
      assert.equal((await getStore().db.selectFrom('guidance_tickets').selectAll().execute()).length, 2);
    });

    it('lets exactly one of two concurrent assigns win', async () => {
      const repo = createGuidanceRepository(getStore());
      const { ticket } = await repo.createTicket(newTicket());
      const [ra, rb] = await Promise.all([
        repo.assign(ticket.id, ticket.version, expertA, '2026-11-26T10:05:00.000Z'),
        repo.assign(ticket.id, ticket.version, expertB, '2026-11-26T10:05:00.000Z'),
      ]);
      assert.equal([ra, rb].filter((r) => r.ok).length, 1);
      const winner = ra.ok ? expertA : expertB;
      const current = await repo.getTicket(ticket.id);
      assert.equal(current?.state, 'assigned');
      assert.equal(current?.assignee?.objectId, winner.objectId);
      assert.equal(current?.version, 2);
    });

    it('allows only valid transitions, at the shown version, and answers only by the assignee', async () => {
      const repo = createGuidanceRepository(getStore());
      const { ticket } = await repo.createTicket(newTicket());
      const now = '2026-11-26T11:00:00.000Z';
      // open → answered is not a transition.
      assert.equal((await repo.answer(ticket.id, 1, expertA, 'Vastaus', now)).ok, false);
      const assigned = await repo.assign(ticket.id, 1, expertA, now);
      assert.ok(assigned.ok);
      // A stale version (1) is refused even for a valid move.
      assert.equal((await repo.assign(ticket.id, 1, expertB, now)).ok, false);
      // Not the assignee.
      assert.equal((await repo.answer(ticket.id, 2, expertB, 'Vastaus', now)).ok, false);
      const answered = await repo.answer(ticket.id, 2, expertA, 'Vastaus', now);
      assert.ok(answered.ok);
      assert.equal(answered.ticket.answer, 'Vastaus');
      assert.equal(answered.ticket.answeredBy?.name, 'Expert A');
      // Double submit of the same answer: refused, nothing changes.
      assert.equal((await repo.answer(ticket.id, 2, expertA, 'Toinen', now)).ok, false);
      const closed = await repo.close(ticket.id, 3, ['open', 'assigned', 'answered'], expertB, now);
      assert.ok(closed.ok);
      assert.equal(closed.ticket.state, 'closed');
      assert.equal(closed.ticket.answer, 'Vastaus');
      assert.equal((await repo.close(ticket.id, 4, ['open', 'assigned', 'answered'], expertB, now)).ok, false);
    });

    it('tracks the expert card and lets one caller claim a repost of a failed card', async () => {
      const repo = createGuidanceRepository(getStore());
      const { ticket } = await repo.createTicket(newTicket());
      assert.equal(ticket.expertPostState, 'pending');
      assert.equal(await repo.claimExpertRepost(ticket.id, ticket.createdAt), false);
      await repo.setExpertPostState(ticket.id, 'failed', ticket.createdAt);
      const claims = await Promise.all([
        repo.claimExpertRepost(ticket.id, ticket.createdAt),
        repo.claimExpertRepost(ticket.id, ticket.createdAt),
      ]);
      assert.deepEqual(claims.sort(), [false, true]);
      await repo.markExpertPosted(ticket.id, '19:experts;messageid=9', '9', ticket.createdAt);
      const posted = await repo.getTicket(ticket.id);
      assert.equal(posted?.expertPostState, 'posted');
      assert.equal(posted?.expertActivityId, '9');
      assert.equal(posted?.version, 1, 'posting is not a state change');
    });

    it('stores a KB draft once per ticket and lists tickets by state', async () => {
      const repo = createGuidanceRepository(getStore());
      const { ticket } = await repo.createTicket(newTicket());
      const draft = {
        ticketId: ticket.id,
        ticketRef: ticket.ref,
        lang: 'fi',
        question: 'Q',
        answer: 'A',
        articleId: null,
        createdAt: ticket.createdAt,
        createdBy: expertA,
      };
      assert.equal(await repo.addKbDraft(draft), true);
      assert.equal(await repo.addKbDraft(draft), false);
      const drafts = await repo.listKbDrafts(10);
      assert.equal(drafts.length, 1);
      assert.equal(drafts[0]?.ticketRef, ticket.ref);
      await repo.createTicket(newTicket());
      await repo.assign(ticket.id, 1, expertA, ticket.createdAt);
      assert.equal((await repo.listTickets({ limit: 10 })).length, 2);
      assert.deepEqual(
        (await repo.listTickets({ states: ['assigned'], limit: 10 })).map((t) => t.id),
        [ticket.id],
      );
    });
  });

  describe('knowledge gaps', () => {
    it('groups by normalised text, counts, newest group first, and includes only 👎 votes', async () => {
      const repo = createGuidanceRepository(getStore());
      const q = (question: string, questionNorm: string, now: string, lang = 'fi') =>
        repo.recordQuestion({ tenantId: TENANT, objectId: 'u', question, questionNorm, lang, band: 'unknown', articleId: null, now });
      await q('Mikä on OID?', 'mikä on oid', '2026-11-20T10:00:00.000Z');
      await q('mikä on oid', 'mikä on oid', '2026-11-21T10:00:00.000Z');
      await q('MIKÄ ON OID!!', 'mikä on oid', '2026-11-22T10:00:00.000Z', 'sv');
      await q('Kuka maksaa?', 'kuka maksaa', '2026-11-25T10:00:00.000Z');
      await q('Vanha kysymys', 'vanha kysymys', '2025-01-01T10:00:00.000Z');
      const vote = (objectId: string, vote: 'up' | 'down', now: string, norm = 'miten yksilöin') =>
        repo.upsertVote({
          tenantId: TENANT,
          objectId,
          voteKey: `k-${norm}`,
          vote,
          articleId: 'yksilointi',
          band: 'answer',
          question: 'Miten yksilöin?',
          questionNorm: norm,
          lang: 'fi',
          now,
        });
      const down = await vote('v1', 'down', '2026-11-23T10:00:00.000Z');
      await repo.setVoteComment(down.id, { tenantId: TENANT, objectId: 'v1' }, 'Ei esimerkkiä', '2026-11-23T10:00:00.000Z');
      await vote('v2', 'down', '2026-11-24T10:00:00.000Z');
      await vote('v3', 'up', '2026-11-24T10:00:00.000Z');
      await vote('v4', 'up', '2026-11-24T10:00:00.000Z', 'hyvä');

      const report = await repo.gaps({ since: '2026-11-01T00:00:00.000Z', limit: 10 });
      assert.deepEqual(
        report.unanswered.map((g) => [g.questionNorm, g.count]),
        [
          ['kuka maksaa', 1],
          ['mikä on oid', 3],
        ],
      );
      const oid = report.unanswered[1]!;
      assert.equal(oid.question, 'MIKÄ ON OID!!', 'latest wording is the sample');
      assert.deepEqual(oid.langs, ['fi', 'sv']);
      assert.equal(oid.firstAt, '2026-11-20T10:00:00.000Z');
      assert.equal(oid.lastAt, '2026-11-22T10:00:00.000Z');
      assert.equal(report.downvoted.length, 1);
      assert.equal(report.downvoted[0]?.count, 2);
      assert.deepEqual(report.downvoted[0]?.articleIds, ['yksilointi']);
      assert.deepEqual(report.downvoted[0]?.comments, ['Ei esimerkkiä']);

      const limited = await repo.gaps({ since: '2026-11-01T00:00:00.000Z', limit: 1 });
      assert.equal(limited.unanswered.length, 1);
      assert.equal(limited.unanswered[0]?.questionNorm, 'kuka maksaa');
    });
  });
});
