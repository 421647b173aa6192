import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../helpers/databases.js';
import { makeTurn } from '../../helpers/fakes.js';
import type { Store } from '../../../bot/store/db.js';
import type { UserContext } from '../../../bot/auth/roles.js';
import type { ActionResult, Feature, TurnInput } from '../../../bot/features/types.js';
import { createAnnouncementsFeature } from '../../../bot/features/announcements/index.js';
import { createAnnouncementsService } from '../../../bot/features/announcements/service.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createAnnouncementsRepository } from '../../../bot/store/announcements-repository.js';
import { LEGACY_VERB_ALIASES, VERBS } from '../../../bot/features/announcements/verbs.js';
import { AppError } from '../../../bot/errors.js';
import { buildVerbTable } from '../../../bot/teams/verb-table.js';
import { SERVICE_CHANNEL, draft, form, people, seedConversations, seedPeople, silentLogger } from './helpers.js';

const NOW = new Date('2026-11-26T10:00:00Z');

function setup(store: Store, approval: 'single' | 'two-person' = 'single') {
  let now = NOW;
  const deps = {
    store,
    conversations: createConversationsRepository(store),
    serviceChannelId: SERVICE_CHANNEL,
    approval,
    clock: () => now,
    logger: silentLogger,
  };
  return {
    feature: createAnnouncementsFeature(deps),
    service: createAnnouncementsService(deps),
    repo: createAnnouncementsRepository(store),
    setNow(date: Date) {
      now = date;
    },
  };
}

function turn(user: UserContext, extra: Partial<TurnInput> = {}): TurnInput {
  return makeTurn({ user, now: NOW, ...extra });
}

async function act(
  feature: Feature,
  user: UserContext,
  verb: string,
  value: Record<string, unknown> = {},
  extra: Partial<TurnInput> = {},
): Promise<ActionResult> {
  // Through the router's verb table, so an old verb reaches its new name's handler as in the app.
  const entry = buildVerbTable([feature]).get(verb);
  assert.ok(entry, `no handler for ${verb}`);
  return entry.handler.run({ ...turn(user, extra), verb: entry.verb, value: { verb, ...value } });
}

function cardText(result: ActionResult): string {
  assert.equal(result.kind, 'card');
  return JSON.stringify(result.kind === 'card' ? [result.card, ...(result.followUps ?? [])] : null);
}

/** The data of the first button with `verb` on a result card. */
function button(result: ActionResult, verb: string): Record<string, unknown> {
  const text = cardText(result);
  const match = new RegExp(`"data":(\\{"verb":"${verb.replace('.', '\\.')}"[^}]*\\})`).exec(text);
  assert.ok(match, `no ${verb} button`);
  return JSON.parse(match[1]!) as Record<string, unknown>;
}

async function saveDraft(feature: Feature, user: UserContext, values = form(), formId = 'form-00000001') {
  const result = await act(feature, user, VERBS.save, { ...values, formId });
  return { result, send: button(result, VERBS.send) };
}

describeEachDatabase('announcements feature', (getStore) => {
  beforeEach(async function () {
    await seedPeople(getStore());
    await seedConversations(getStore(), { channels: 4, teams: 2, groups: 2, personal: 3 });
  });

  it('politely refuses everyone but OPH admins, for the command and every authoring verb', async function () {
    const { feature } = setup(getStore());
    const command = feature.commands!.find((c) => c.names.includes('tiedote'))!;
    const replies = await command.run(turn(people.instA, { text: 'tiedote' }));
    assert.deepEqual(
      replies.map((r) => r.kind),
      ['text'],
    );
    assert.match(replies[0]!.kind === 'text' ? replies[0]!.text : '', /vain Opetushallituksen ylläpitäjät/);
    for (const verb of [VERBS.save, VERBS.send, VERBS.approve, VERBS.retract, VERBS.report, VERBS.list]) {
      const result = await act(feature, people.vendor, verb, {
        ...form(),
        formId: 'form-00000009',
        announcementId: 'ann-00000000',
        version: 1,
      });
      assert.equal(result.kind, 'message', `${verb} refused`);
    }
    assert.equal((await getStore().db.selectFrom('announcements').selectAll().execute()).length, 0);
  });

  it('opens the form with `tiedote` and shows clear messages for bad input', async function () {
    const { feature } = setup(getStore());
    const command = feature.commands!.find((c) => c.names.includes('tiedote'))!;
    const [formReply] = await command.run(turn(people.admin, { text: 'tiedote' }));
    assert.equal(formReply?.kind, 'card');
    assert.match(JSON.stringify(formReply), /Uusi tiedote/);

    const empty = cardText(await act(feature, people.admin, VERBS.save, { ...form({ titleFi: '' }), formId: 'form-00000002' }));
    assert.match(empty, /Otsikko suomeksi on pakollinen/);
    const huge = 'Pitkä tiedote. '.repeat(700);
    // Too big to echo back in a form: the problem comes as a message and the client keeps the typed form.
    const tooBig = await act(feature, people.admin, VERBS.save, {
      ...form({ bodyFi: huge, bodySv: huge, titleEn: 'Long', bodyEn: huge }),
      formId: 'form-00000003',
    });
    assert.equal(tooBig.kind, 'message');
    assert.match(tooBig.kind === 'message' ? tooBig.text : '', /liian pitkä Teamsiin: \d+\.\d kt/);
    const overRaw = await act(feature, people.admin, VERBS.save, { ...form({ bodyFi: 'x'.repeat(12_001) }), formId: 'form-00000005' });
    assert.match(overRaw.kind === 'message' ? overRaw.text : JSON.stringify(overRaw), /Kenttä "Teksti \(suomeksi\)" on liian pitkä/);
    const past = cardText(
      await act(feature, people.admin, VERBS.save, { ...form({ sendDate: '2026-11-25', sendTime: '09:00' }), formId: 'form-00000004' }),
    );
    assert.match(past, /Ajastettu aika on jo mennyt/);
    assert.match(past, /form-00000004/, 'the same form comes back, with the values kept');
    assert.equal((await getStore().db.selectFrom('announcements').selectAll().execute()).length, 0);
  });

  it('saves a draft once per form, previews the real card, and sends it to every installation (single approval)', async function () {
    const { feature, repo } = setup(getStore());
    const { result, send } = await saveDraft(feature, people.admin);
    const text = cardText(result);
    assert.match(text, /Luonnos tallennettu/);
    assert.match(text, /ESIKATSELU/);
    assert.match(text, /Kuittaa luetuksi/, 'the preview is the real card');
    // "Lähetä" asks first and names how many conversations the send reaches (issue 15 item 4).
    assert.match(text, /"type":"Action.ShowCard","title":"Lähetä".*Se menee 10 keskusteluun/);
    await saveDraft(feature, people.admin); // Teams redelivers the same submit
    assert.equal((await getStore().db.selectFrom('announcements').selectAll().execute()).length, 1);

    const sent = cardText(await act(feature, people.admin, VERBS.send, send));
    assert.match(sent, /Lähetys aloitettu: 10 kohdetta/);
    const again = await act(feature, people.admin, VERBS.send, send); // same action key
    assert.equal(again.kind, 'card');
    const rows = await repo.rowsFor(String(send.announcementId));
    assert.equal(rows.length, 10, 'one post per installation: service channel, 4 channels, 2 group chats, 3 personal chats');
    assert.ok(rows.every((r) => r.op === 'post' && r.state === 'pending'));
    const trail = await repo.auditTrail(String(send.announcementId));
    assert.deepEqual(
      trail.map((a) => a.action),
      ['created', 'published'],
    );
  });

  it('refuses to publish to nobody: a service-channel audience with no service channel stays a draft', async function () {
    const store = getStore();
    const deps = {
      store,
      conversations: createConversationsRepository(store),
      serviceChannelId: undefined,
      approval: 'single' as const,
      clock: () => NOW,
      logger: silentLogger,
    };
    const feature = createAnnouncementsFeature(deps);
    const { send } = await saveDraft(feature, people.admin, form({ audienceKind: 'service-channel' }));
    const refused = await act(feature, people.admin, VERBS.send, send);
    assert.match(JSON.stringify(refused), /ei löytynyt yhtään keskustelua/);
    const repo = createAnnouncementsRepository(store);
    const id = String(send.announcementId);
    assert.equal((await repo.get(id))?.status, 'draft');
    assert.deepEqual(await repo.rowsFor(id), []);
  });

  it('two-person rule: the author cannot approve; another admin can, and everything is audited', async function () {
    const { feature, repo } = setup(getStore(), 'two-person');
    const { send } = await saveDraft(feature, people.admin, form({ audienceKind: 'service-channel' }));
    const submitted = await act(feature, people.admin, VERBS.send, send);
    assert.match(cardText(submitted), /Lähetetty hyväksyttäväksi/);
    assert.throws(() => button(submitted, VERBS.approve), 'the author gets no approve button');

    const id = String(send.announcementId);
    const forged = await act(feature, people.admin, VERBS.approve, { announcementId: id, version: 2, actionKey: 'key-forged-1' });
    assert.match(cardText(forged), /Kaksihenkilösääntö/);
    assert.equal((await repo.get(id))?.status, 'pending_approval');
    assert.equal(
      (await act(feature, people.instA, VERBS.approve, { announcementId: id, version: 2 })).kind,
      'message',
      'a non-admin is refused',
    );

    const viewed = await act(feature, people.admin2, VERBS.view, { announcementId: id });
    const approved = await act(feature, people.admin2, VERBS.approve, button(viewed, VERBS.approve));
    assert.match(cardText(approved), /Lähetys aloitettu: 1 kohde\./);
    const rows = await repo.rowsFor(id);
    assert.deepEqual(
      rows.map((r) => r.conversation_id),
      [SERVICE_CHANNEL],
    );
    const trail = await repo.auditTrail(id);
    assert.deepEqual(
      trail.map((a) => [a.action, a.actor_name]),
      [
        ['created', 'OPH Admin One'],
        ['submitted', 'OPH Admin One'],
        ['published', 'OPH Admin Two'],
      ],
    );
  });

  it('an edit by the approver makes them the last editor, so they cannot approve their own change', async function () {
    const { feature, service } = setup(getStore(), 'two-person');
    const { send } = await saveDraft(feature, people.admin);
    const id = String(send.announcementId);
    await act(feature, people.admin, VERBS.send, send);
    await service.updateDraft(people.admin2, id, 2, draft({ titleFi: 'Muokattu otsikko' }));
    const a = await service.get(people.admin2, id);
    assert.equal(a.status, 'draft', 'an edit returns it to draft');
    await service.submit(people.admin, id, a.version);
    const pending = await service.get(people.admin2, id);
    assert.equal(service.canApprove(people.admin2, pending), false);
  });

  it('schedules in Finnish time and the scheduler publishes once when the time comes', async function () {
    const { feature, service, repo, setNow } = setup(getStore());
    const { send } = await saveDraft(feature, people.admin, form({ sendDate: '2026-12-01', sendTime: '09:00' }));
    const scheduled = cardText(await act(feature, people.admin, VERBS.send, send));
    assert.match(scheduled, /Tiedote lähtee 1.12.2026 klo 9.00 \(Suomen aikaa\)/);
    const id = String(send.announcementId);
    assert.equal((await repo.get(id))?.scheduled_at, '2026-12-01T07:00:00.000Z');
    setNow(new Date('2026-12-01T06:59:59Z'));
    assert.equal(await service.publishDue(), 0);
    setNow(new Date('2026-12-01T07:00:00Z'));
    const [first, second] = await Promise.all([service.publishDue(), service.publishDue()]);
    assert.equal(first + second, 1, 'two instances racing publish it once');
    assert.equal((await repo.rowsFor(id)).length, 10);
  });

  it("issue 12 item 7: the bot form refuses a link outside the allow-list, in the user's language", async function () {
    const { feature } = setup(getStore());
    const result = await act(feature, people.admin, VERBS.save, { ...form({ link: 'https://evil.example/x' }), formId: 'form-00000077' });
    assert.match(cardText(result), /Linkki voi osoittaa vain/);
    assert.equal((await createAnnouncementsRepository(getStore()).list({ statuses: ['draft'], limit: 10 })).length, 0, 'nothing saved');
  });

  it('issue 12 item 4: nobody but an announcer reads a scheduled or pending announcement by its id', async function () {
    const { feature, service } = setup(getStore(), 'two-person');
    const secret = 'Embargoed change 4417';
    const { send } = await saveDraft(feature, people.admin, form({ titleFi: secret, sendDate: '2026-12-01', sendTime: '09:00' }));
    const id = String(send.announcementId);
    await act(feature, people.admin, VERBS.send, send);
    assert.equal((await service.get(people.admin, id)).status, 'pending_approval');
    const refused = async (user: UserContext) => {
      await assert.rejects(
        act(feature, user, VERBS.refresh, { announcementId: id }),
        (error: unknown) => error instanceof AppError && error.code === 'NOT_FOUND',
      );
      const ack = await act(feature, user, VERBS.ack, { announcementId: id });
      assert.ok(!JSON.stringify(ack).includes(secret), 'the acknowledgement answer holds no content');
    };
    for (const user of [people.participant, people.vendor, people.instA]) await refused(user);
    await service.approve(people.admin2, id, (await service.get(people.admin, id)).version);
    assert.equal((await service.get(people.admin, id)).status, 'scheduled');
    for (const user of [people.participant, people.vendor, people.instA]) await refused(user);
    // The announcers themselves still may.
    assert.match(cardText(await act(feature, people.admin2, VERBS.refresh, { announcementId: id })), new RegExp(secret));
  });

  it('a stale card gets the fresh state and an explanation, not a second change', async function () {
    const { feature, service } = setup(getStore());
    const { send } = await saveDraft(feature, people.admin);
    const id = String(send.announcementId);
    await service.updateDraft(people.admin2, id, 1, draft({ titleFi: 'Toisen muokkaus' }));
    const stale = cardText(await act(feature, people.admin, VERBS.send, { ...send, actionKey: 'key-stale-01' }));
    assert.match(stale, /Tieto on muuttunut/);
    assert.equal((await service.get(people.admin, id)).status, 'draft');
  });

  it('duplicates once per action key and deletes drafts', async function () {
    const { feature } = setup(getStore());
    const { result } = await saveDraft(feature, people.admin);
    const dup = button(result, VERBS.duplicate);
    await act(feature, people.admin, VERBS.duplicate, dup);
    await act(feature, people.admin, VERBS.duplicate, dup);
    const all = await getStore().db.selectFrom('announcements').selectAll().execute();
    assert.equal(all.length, 2);
    const copy = all.find((a) => a.duplicated_from)!;
    const removed = await act(feature, people.admin, VERBS.remove, {
      announcementId: copy.id,
      version: copy.version,
      actionKey: 'key-remove-1',
    });
    assert.match(cardText(removed), /Luonnos poistettu/);
    assert.equal(
      (await getStore().db.selectFrom('announcements').select('status').where('id', '=', copy.id).executeTakeFirst())?.status,
      'deleted',
    );
  });

  it('a revision queues an in-place update and a thread notice per target; a retract deletes everywhere', async function () {
    const { feature, repo } = setup(getStore());
    const { send } = await saveDraft(feature, people.admin);
    const published = await act(feature, people.admin, VERBS.send, send);
    const id = String(send.announcementId);
    // Deliver three posts (as a worker would) so the retract has something to delete.
    const posts = await repo.rowsFor(id, ['post']);
    for (const [i, post] of posts.slice(0, 3).entries()) {
      await getStore()
        .db.updateTable('announcement_outbox')
        .set({ state: 'sent', activity_id: `act-${i}`, thread_id: post.conversation_id, sent_at: NOW.toISOString() })
        .where('id', '=', post.id)
        .execute();
    }
    const reviseForm = await act(feature, people.admin, VERBS.reviseForm, button(published, VERBS.reviseForm));
    assert.match(cardText(reviseForm), /Päivitä tai korjaa lähetetty tiedote/);
    const refs = button(reviseForm, VERBS.revise);
    const noNote = cardText(await act(feature, people.admin, VERBS.revise, { ...form(), ...refs }));
    assert.match(noNote, /Kerro lyhyesti, mitä muuttui/);
    const revised = await act(feature, people.admin, VERBS.revise, {
      ...form({ bodyFi: 'Korjattu teksti.' }),
      revisionKind: 'correction',
      noteFi: 'Päivämäärä korjattu',
      ...refs,
    });
    assert.match(cardText(revised), /Muutos julkaistu/);
    const rows = await repo.rowsFor(id);
    assert.equal(rows.filter((r) => r.op === 'update').length, 10);
    assert.equal(rows.filter((r) => r.op === 'reply').length, 10);
    assert.equal((await repo.get(id))?.revision, 1);

    const retracted = await act(feature, people.admin, VERBS.retract, button(revised, VERBS.retract));
    assert.match(cardText(retracted), /Tiedote perutaan: se poistetaan 3 kohteesta/);
    const after = await repo.rowsFor(id);
    assert.equal(after.filter((r) => r.op === 'delete').length, 3, 'a delete for each delivered post');
    assert.ok(after.filter((r) => r.op !== 'delete' && r.state === 'pending').length === 0, 'nothing else goes out');
    assert.equal(after.filter((r) => r.state === 'cancelled').length, 7 + 10 + 10);
  });

  it('a card posted before the verb rename (announcement.*) still works: the old verbs answer as their new names (issue 14 item 10)', async function () {
    const { feature, repo } = setup(getStore());
    const table = buildVerbTable([feature]);
    for (const [old, current] of Object.entries(LEGACY_VERB_ALIASES)) {
      assert.equal(table.get(old)?.verb, current, `${old} is answered as ${current}`);
      assert.equal(table.get(old)?.handler, table.get(current)?.handler, `${old} goes to the handler of ${current}`);
    }
    const { send } = await saveDraft(feature, people.admin);
    const id = String(send.announcementId);
    await act(feature, people.admin, 'announcement.send', send);
    assert.equal((await repo.get(id))?.status, 'published', 'the old send verb sends');
    const acked = cardText(await act(feature, people.instA, 'announcement.ack', { announcementId: id, revision: 0 }));
    assert.match(acked, /Kuittasit tiedotteen luetuksi/, 'a reader pressing an old card acknowledges');
    assert.deepEqual(
      (await repo.acks(id)).map((a) => a.objectId),
      ['inst-a-admin'],
    );
    assert.doesNotMatch(acked, /"announcement\./, 'the card it answers with carries only new verbs');
    const refused = await act(feature, people.instA, 'announcement.delete', { announcementId: id, version: 1, actionKey: 'k-1' });
    assert.equal(refused.kind, 'message', 'an old admin verb is authorised like its new name');
  });

  it('"Kuittaa luetuksi" records the acting user once and returns their acknowledged card', async function () {
    const { feature, repo } = setup(getStore());
    const { send } = await saveDraft(feature, people.admin);
    const id = String(send.announcementId);
    const preview = await act(feature, people.instA, VERBS.ack, { announcementId: id, revision: 0 });
    assert.equal(preview.kind, 'message', 'a draft cannot be acknowledged');
    await act(feature, people.admin, VERBS.send, send);
    // A tampered payload naming someone else is ignored: identity comes from the turn only.
    const acked = await act(
      feature,
      people.instA,
      VERBS.ack,
      { announcementId: id, revision: 0, objectId: 'someone-else', tenantId: 'evil' },
      { conversation: { id: '19:chan-2@thread.tacv2', kind: 'channel', teamId: '19:team-0@thread.tacv2', threadRootId: null } },
    );
    const text = cardText(acked);
    assert.match(text, /Kuittasit tiedotteen luetuksi/);
    assert.ok(!text.includes(`"verb":"${VERBS.ack}"`), 'no acknowledge button once acknowledged');
    await act(feature, people.instA, VERBS.ack, { announcementId: id, revision: 0 });
    const acks = await repo.acks(id);
    assert.deepEqual(
      acks.map((a) => [a.objectId, a.institutionId]),
      [['inst-a-admin', 'inst-a']],
    );
    const swedish = cardText(await act(feature, people.instB, VERBS.ack, { announcementId: id }));
    assert.match(swedish, /Du kvitterade meddelandet som läst/);
    const refreshed = cardText(await act(feature, people.instA, VERBS.refresh, { announcementId: id }));
    assert.match(refreshed, /Kuittasit tiedotteen luetuksi/);
  });

  it('reports delivery and acknowledgements per institution, naming who has not acknowledged a breaking change', async function () {
    const { feature, service, repo } = setup(getStore());
    const { send } = await saveDraft(feature, people.admin);
    const id = String(send.announcementId);
    await act(feature, people.admin, VERBS.send, send);
    const posts = await repo.rowsFor(id, ['post']);
    await getStore()
      .db.updateTable('announcement_outbox')
      .set({ state: 'sent', sent_at: NOW.toISOString() })
      .where(
        'id',
        'in',
        posts.slice(0, 8).map((p) => p.id),
      )
      .execute();
    await getStore()
      .db.updateTable('announcement_outbox')
      .set({ state: 'failed', last_status: 403, last_error: 'http-403:MessageWritesBlocked' })
      .where('id', '=', posts[8]!.id)
      .execute();
    await act(feature, people.instA, VERBS.ack, { announcementId: id });
    const report = await service.report(people.admin, id);
    assert.deepEqual(report.summary, {
      targets: 10,
      delivered: 8,
      pending: 1,
      failed: 1,
      unconfirmed: 0,
      cancelled: 0,
      possibleDuplicates: 0,
      acknowledged: 1,
      retracted: 0,
      retractionPending: 0,
      retractionFailed: 0,
    });
    assert.deepEqual(report.failureReasons, [{ reason: 'http-403:MessageWritesBlocked', count: 1 }]);
    const a = report.institutions.find((i) => i.id === 'inst-a')!;
    const b = report.institutions.find((i) => i.id === 'inst-b')!;
    assert.deepEqual([a.users, a.acknowledged, b.users, b.acknowledged], [1, 1, 2, 0]);
    assert.deepEqual(report.notAcknowledged.map((p) => p.displayName).sort(), ['Bertil B', 'Pat P', 'Vendor V']);
    const card = cardText(await act(feature, people.admin, VERBS.report, { announcementId: id }));
    assert.match(card, /Kuittaamatta \(3\)/);
    assert.match(card, /käyttäjä on estänyt botin/);
  });

  it('resend to failed only re-queues failed, dead and unconfirmed posts', async function () {
    const { feature, repo } = setup(getStore());
    const { send } = await saveDraft(feature, people.admin);
    const id = String(send.announcementId);
    const published = await act(feature, people.admin, VERBS.send, send);
    const nothing = cardText(await act(feature, people.admin, VERBS.resendFailed, button(published, VERBS.resendFailed)));
    assert.match(nothing, /Epäonnistuneita toimituksia ei ole/);
    const posts = await repo.rowsFor(id, ['post']);
    await getStore()
      .db.updateTable('announcement_outbox')
      .set({ state: 'sent' })
      .where(
        'id',
        'in',
        posts.slice(0, 8).map((p) => p.id),
      )
      .execute();
    await getStore().db.updateTable('announcement_outbox').set({ state: 'dead', attempts: 8 }).where('id', '=', posts[8]!.id).execute();
    await getStore().db.updateTable('announcement_outbox').set({ state: 'unconfirmed' }).where('id', '=', posts[9]!.id).execute();
    const resent = cardText(await act(feature, people.admin, VERBS.resendFailed, { announcementId: id, actionKey: 'key-resend-1' }));
    assert.match(resent, /2 epäonnistunutta toimitusta lähetetään uudelleen/);
    const after = await repo.rowsFor(id, ['post']);
    assert.equal(after.filter((r) => r.state === 'sent').length, 8, 'delivered targets are not sent again');
    assert.equal(after.filter((r) => r.possible_duplicate === 1).length, 1, 'the unconfirmed one is flagged');
  });
});
