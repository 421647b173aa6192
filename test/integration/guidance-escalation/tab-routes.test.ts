import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describeEachDatabase } from '../../helpers/databases.js';
import { makeUser } from '../../helpers/fakes.js';
import { createGuidanceRepository } from '../../../bot/store/guidance-repository.js';
import { escalationTabRoutes } from '../../../bot/features/guidance/escalation/index.js';
import type { TabRequest, TabResponse, TabRoute } from '../../../bot/features/types.js';
import type { UserContext } from '../../../bot/auth/roles.js';
import { AppError } from '../../../bot/errors.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const admin = makeUser('ServiceOwnerAdmin');
const institutionAdmin = makeUser('InstitutionAdmin');

function call(routes: TabRoute[], path: string, user: UserContext, query: TabRequest['query'] = {}): Promise<TabResponse> {
  const route = routes.find((r) => r.method === 'get' && r.path === path);
  assert.ok(route, `no route ${path}`);
  return route.handler({ user, params: {}, query, body: undefined });
}

const forbidden = (e: unknown) => e instanceof AppError && e.code === 'FORBIDDEN';

describeEachDatabase('guidance escalation tab API', (getStore) => {
  let routes: TabRoute[];
  beforeEach(async () => {
    const repo = createGuidanceRepository(getStore());
    routes = escalationTabRoutes({ repository: repo, clock: () => NOW });
    const record = (question: string, norm: string, at: string) =>
      repo.recordQuestion({
        tenantId: 't',
        objectId: 'u',
        question,
        questionNorm: norm,
        lang: 'fi',
        band: 'unknown',
        articleId: null,
        now: at,
      });
    await record('=HYPERLINK("http://evil.example","klikkaa")', 'hyperlink http evil example klikkaa', '2026-11-25T08:00:00.000Z');
    await record('Kuka vastaa duplikaateista?', 'kuka vastaa duplikaateista', '2026-11-20T08:00:00.000Z');
    await record('kuka vastaa duplikaateista', 'kuka vastaa duplikaateista', '2026-11-21T08:00:00.000Z');
    await record('Ikivanha', 'ikivanha', '2026-01-01T08:00:00.000Z');
    await repo.upsertVote({
      tenantId: 't',
      objectId: 'u',
      voteKey: 'k',
      vote: 'down',
      articleId: 'yksilointi',
      band: 'answer',
      question: 'Mitä yksilöinti on?',
      questionNorm: 'mitä yksilöinti on',
      lang: 'sv',
      now: '2026-11-24T08:00:00.000Z',
    });
    const { ticket } = await repo.createTicket({
      formId: randomUUID(),
      asker: { tenantId: 't', objectId: 'asker', name: 'Asker' },
      askerInstitutionId: null,
      lang: 'fi',
      question: 'Kysymys OPH:lle',
      articleId: null,
      conversationId: '19:secret-conversation@thread.tacv2;messageid=1',
      conversationKind: 'channel',
      threadRootId: '1',
      now: '2026-11-26T09:00:00.000Z',
    });
    await repo.assign(ticket.id, 1, { tenantId: 't', objectId: 'e', name: 'Expert' }, '2026-11-26T09:10:00.000Z');
    await repo.answer(ticket.id, 2, { tenantId: 't', objectId: 'e', name: 'Expert' }, 'Vastaus', '2026-11-26T09:20:00.000Z');
    await repo.addKbDraft({
      ticketId: ticket.id,
      ticketRef: ticket.ref,
      lang: 'fi',
      question: 'Kysymys OPH:lle',
      answer: 'Vastaus',
      articleId: null,
      createdAt: '2026-11-26T09:20:00.000Z',
      createdBy: { tenantId: 't', objectId: 'e' },
    });
  });

  it('GET /gaps returns grouped gaps of the window, newest first', async () => {
    const res = await call(routes, '/gaps', admin);
    assert.ok('body' in res);
    assert.equal(res.status, 200);
    const body = res.body as {
      days: number;
      since: string;
      unanswered: Array<{ questionNorm: string; count: number }>;
      downvoted: Array<{ count: number; langs: string[] }>;
    };
    assert.equal(body.days, 90);
    assert.deepEqual(
      body.unanswered.map((g) => [g.questionNorm, g.count]),
      [
        ['hyperlink http evil example klikkaa', 1],
        ['kuka vastaa duplikaateista', 2],
      ],
    );
    assert.deepEqual(
      body.downvoted.map((g) => [g.count, g.langs]),
      [[1, ['sv']]],
    );
    const wide = (await call(routes, '/gaps', admin, { days: '365', limit: '1' })) as { body: typeof body };
    assert.equal(wide.body.unanswered.length, 1);
    const all = (await call(routes, '/gaps', admin, { days: '3650' })) as { body: typeof body };
    assert.equal(all.body.unanswered.length, 3);
  });

  it("GET /gaps names the articles by title in the reader's language, not by raw id (issue 15 item 16)", async () => {
    const titled = escalationTabRoutes({
      repository: createGuidanceRepository(getStore()),
      clock: () => NOW,
      articleTitle: (id, lang) => (id === 'yksilointi' ? { fi: 'Yksilöinti', sv: 'Individualisering', en: 'Identification' }[lang] : null),
    });
    const res = (await call(titled, '/gaps', { ...admin, lang: 'sv' })) as { body: { articleTitles: Record<string, string> } };
    assert.deepEqual(res.body.articleTitles, { yksilointi: 'Individualisering' });
  });

  it('GET /gaps/export.csv is a BOM + CRLF CSV with formulas defused', async () => {
    const res = await call(routes, '/gaps/export.csv', { ...admin, lang: 'en' });
    assert.ok('csv' in res);
    assert.match(res.filename, /^tietopankin-aukot-2026-11-26\.csv$/);
    assert.ok(res.csv.startsWith('\uFEFFType,Question,Count'));
    assert.ok(res.csv.endsWith('\r\n'));
    assert.equal(res.csv.split('\r\n').length, 5, 'header + 3 groups + final CRLF');
    assert.ok(res.csv.includes(`"'=HYPERLINK(""http://evil.example"",""klikkaa"")"`));
    assert.ok(!/(^|,)=/m.test(res.csv), 'no cell starts with =');
  });

  it('refuses the knowledge gaps to anyone without view-knowledge-gaps, and bad queries', async () => {
    await assert.rejects(call(routes, '/gaps', institutionAdmin), forbidden);
    await assert.rejects(call(routes, '/gaps/export.csv', makeUser('Participant')), forbidden);
    for (const query of [{ days: '0' }, { days: 'abc' }, { days: '99999' }, { limit: '-1' }, { days: ['1', '2'] }]) {
      await assert.rejects(call(routes, '/gaps', admin, query), (e: unknown) => e instanceof AppError && e.code === 'VALIDATION');
    }
  });

  it('GET /tickets lists tickets for admins without conversation or object ids', async () => {
    const res = (await call(routes, '/tickets', admin)) as { status: number; body: { tickets: Array<Record<string, unknown>> } };
    assert.equal(res.body.tickets.length, 1);
    const t = res.body.tickets[0]!;
    assert.equal(t.ref, 'KY-2026-0001');
    assert.equal(t.state, 'answered');
    assert.equal(t.assigneeName, 'Expert');
    assert.ok(!JSON.stringify(t).includes('secret-conversation'));
    assert.ok(!('asker' in t));
    const none = (await call(routes, '/tickets', admin, { state: 'open' })) as typeof res;
    assert.equal(none.body.tickets.length, 0);
    await assert.rejects(call(routes, '/tickets', institutionAdmin), forbidden);
    await assert.rejects(
      call(routes, '/tickets', admin, { state: 'hacked' }),
      (e: unknown) => e instanceof AppError && e.code === 'VALIDATION',
    );
  });

  it('GET /kb-drafts lists drafts for admins only', async () => {
    const res = (await call(routes, '/kb-drafts', admin)) as { body: { drafts: Array<{ ticketRef: string; answer: string }> } };
    assert.deepEqual(
      res.body.drafts.map((d) => [d.ticketRef, d.answer]),
      [['KY-2026-0001', 'Vastaus']],
    );
    await assert.rejects(call(routes, '/kb-drafts', makeUser('Vendor')), forbidden);
  });
});
