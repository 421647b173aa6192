import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { UserContext } from '../../../bot/auth/roles.js';
import type { AdaptiveCard } from '../../../bot/cards/card.js';
import { isAppError } from '../../../bot/errors.js';
import {
  FEEDBACK_FORM_COMMANDS,
  FEEDBACK_LIST_COMMANDS,
  FEEDBACK_VERBS as V,
  createFeedbackFeature,
} from '../../../bot/features/feedback/index.js';
import type { ActionResult, Feature, Reply } from '../../../bot/features/types.js';
import type { Lang } from '../../../bot/i18n/index.js';
import { createFeedbackRepository } from '../../../bot/store/feedback-repository.js';
import { describeEachDatabase } from '../../helpers/databases.js';
import { FakeMessenger, makeTurn } from '../../helpers/fakes.js';
import { people, seedInstitutions, validForm } from './helpers.js';

/** Records the reply builders too, so a test can render a notification in any language. */
class RecordingMessenger extends FakeMessenger {
  readonly builders: Array<{ objectId: string; build: (lang: Lang) => Reply }> = [];
  override async sendToUser(user: { tenantId: string; objectId: string }, reply: (lang: Lang) => Reply) {
    const sent = await super.sendToUser(user, reply);
    if (sent) this.builders.push({ objectId: user.objectId, build: reply });
    return sent;
  }
}

// A test-range henkilötunnus (individual number 900–999) with a correct check character.
const TEST_HETU = '010190-900P';

const json = (x: unknown) => JSON.stringify(x);

function cardOf(result: ActionResult | Reply | undefined): AdaptiveCard {
  assert.ok(result && result.kind === 'card', `expected a card, got ${json(result)}`);
  return result.card;
}
function messageOf(result: ActionResult): string {
  assert.equal(result.kind, 'message', `expected a message, got ${result.kind}`);
  return (result as { text: string }).text;
}
function dataOf(card: AdaptiveCard, verb: string): Record<string, unknown> {
  const found: Array<Record<string, unknown>> = [];
  const walk = (n: unknown) => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n && typeof n === 'object') {
      const r = n as Record<string, unknown>;
      if (r.type === 'Action.Execute' && r.verb === verb) found.push(r.data as Record<string, unknown>);
      Object.values(r).forEach(walk);
    }
  };
  walk(card);
  assert.ok(found[0], `no ${verb} action on the card`);
  return found[0];
}

describeEachDatabase('feedback feature (through the Feature interface)', (getStore) => {
  let messenger: RecordingMessenger;
  let feature: Feature;
  const tabUrl = (ref: string) => `https://bot.example/tab/#/feedback/${ref}`;

  beforeEach(async () => {
    await seedInstitutions(getStore());
    messenger = new RecordingMessenger();
    feature = createFeedbackFeature({ store: getStore(), messenger, tabUrl });
  });

  const repo = () => createFeedbackRepository(getStore());
  async function command(text: string, user: UserContext): Promise<Reply[]> {
    const word = text.split(' ')[0]!.toLowerCase();
    const handler = feature.commands?.find((c) => c.names.includes(word));
    assert.ok(handler, `no command ${word}`);
    return handler.run(makeTurn({ user, text }));
  }
  async function act(verb: string, value: Record<string, unknown>, user: UserContext, now?: Date): Promise<ActionResult> {
    const handler = feature.actions?.find((a) => a.verbs.includes(verb));
    assert.ok(handler, `no handler for ${verb}`);
    return handler.run({ ...makeTurn({ user, ...(now ? { now } : {}) }), verb, value: { verb, ...value } });
  }
  async function submit(user: UserContext, overrides: Record<string, unknown> = {}) {
    const form = cardOf((await command('palaute', user))[0]);
    const { formId } = dataOf(form, V.submit);
    const result = await act(V.submit, { ...validForm, formId, ...overrides }, user);
    const ref = /KE-\d{4}-\d{4}/.exec(json(result))?.[0];
    return { result, formId: formId as string, ref: ref ?? '' };
  }
  async function rejectsWith(promise: Promise<unknown>, code: string) {
    await assert.rejects(promise, (error) => isAppError(error) && error.code === code);
  }

  it('opens the form from every command word and from the help button verb', async () => {
    for (const word of ['palaute', 'kehitysehdotus', 'feedback', 'proposal', 'respons', 'förslag']) {
      assert.ok(FEEDBACK_FORM_COMMANDS.includes(word));
      const card = cardOf((await command(word, people.submitter))[0]);
      assert.ok(dataOf(card, V.submit).formId, `${word} gives a form with a form id`);
    }
    const viaButton = cardOf(await act(V.open, {}, people.vendor));
    assert.ok(json(viaButton).includes('Testyrkeshögskolan B'), 'institution prefilled in the user language from the mapping');
    assert.ok(json(cardOf((await command('feedback', people.participant))[0])).includes('Not linked to an organisation'));
    const first = dataOf(cardOf((await command('palaute', people.submitter))[0]), V.submit).formId;
    const second = dataOf(cardOf((await command('palaute', people.submitter))[0]), V.submit).formId;
    assert.notEqual(first, second, 'each rendered form has its own idempotency key');
    const prefilled = cardOf((await command('palaute Haku on hidas', people.submitter))[0]);
    assert.ok(json(prefilled).includes('"value":"Haku on hidas"'));
  });

  it('stores a valid submit with the identity and institution of the sender and confirms with a reference', async () => {
    const { result, ref } = await submit(people.submitter);
    const card = cardOf(result);
    assert.equal(ref, 'KE-2026-0001');
    assert.ok(json(card).includes(tabUrl(ref)));
    const item = await repo().findByRef(ref);
    assert.equal(item?.submitter.objectId, people.submitter.objectId);
    assert.equal(item?.institutionId, 'inst-a');
    assert.equal(item?.status, 'new');
    assert.equal(item?.contactOk, true);
    assert.equal(item?.type, 'proposal');
  });

  it('creates one item when the same card is submitted twice', async () => {
    const { formId, ref } = await submit(people.submitter);
    const again = await act(V.submit, { ...validForm, formId, title: 'toinen yritys' }, people.submitter);
    assert.ok(json(again).includes(ref));
    assert.ok(json(again).includes('Tämä lomake on jo lähetetty'));
    const all = await repo().list({ visibility: { all: true }, sort: 'recent', limit: 10, offset: 0 });
    assert.equal(all.total, 1);
    assert.equal(all.items[0]?.title, validForm.title);
  });

  it('answers a bad submit with the same form, input kept and problems named, storing nothing', async () => {
    const form = cardOf((await command('palaute', people.submitter))[0]);
    const { formId } = dataOf(form, V.submit);
    const empty = cardOf(await act(V.submit, { formId, type: 'bug', title: '', description: '  ' }, people.submitter));
    const text = json(empty);
    assert.ok(text.includes('Otsikko: pakollinen tieto puuttuu.'));
    assert.ok(text.includes('Kuvaus: pakollinen tieto puuttuu.'));
    assert.ok(text.includes('Aihe: pakollinen tieto puuttuu.'));
    assert.equal(dataOf(empty, V.submit).formId, formId, 'the same form id, so the corrected submit is still idempotent');
    assert.ok(text.includes('"id":"type"') && text.includes('"value":"bug"'), 'input kept');

    const tooLong = cardOf(await act(V.submit, { ...validForm, formId, title: 'x'.repeat(121) }, people.vendor));
    assert.ok(json(tooLong).includes('Rubrik: för lång, högst 120 tecken.'), 'in the user language (sv)');
    const wrongTypes = cardOf(await act(V.submit, { ...validForm, formId, topic: ['testing'], description: 42 }, people.participant));
    assert.ok(json(wrongTypes).includes('Topic: invalid value.'));
    assert.ok(json(wrongTypes).includes('Description: invalid value.'));
    const badFormId = cardOf(await act(V.submit, { ...validForm, formId: 'nope' }, people.submitter));
    assert.ok(json(badFormId).includes('Lomake on vanhentunut'));
    assert.notEqual(dataOf(badFormId, V.submit).formId, 'nope');
    assert.equal((await repo().list({ visibility: { all: true }, sort: 'recent', limit: 10, offset: 0 })).total, 0);
  });

  it('ignores a tampered submit payload: forged status, submitter, institution and reference', async () => {
    const { ref } = await submit(people.submitter, {
      status: 'done',
      submitter: { tenantId: 'evil', objectId: people.participant.objectId },
      submitterObjectId: people.participant.objectId,
      tenantId: 'evil-tenant',
      institutionId: 'inst-b',
      ref: 'KE-2026-0999',
      votes: 1000,
    });
    assert.equal(ref, 'KE-2026-0001');
    const item = await repo().findByRef(ref);
    assert.equal(item?.status, 'new');
    assert.deepEqual(item?.submitter, { tenantId: people.submitter.tenantId, objectId: people.submitter.objectId });
    assert.equal(item?.institutionId, 'inst-a');
    assert.equal(item?.votes, 0);
  });

  it('masks a henkilötunnus in free text before storing it and tells the user', async () => {
    const { result, ref } = await submit(people.submitter, {
      description: `Haku tunnuksella ${TEST_HETU} epäonnistui`,
      impact: `ks. ${TEST_HETU}`,
    });
    assert.ok(json(result).includes('[henkilötunnus] ennen tallennusta'));
    const item = await repo().findByRef(ref);
    assert.equal(item?.description, 'Haku tunnuksella [henkilötunnus] epäonnistui');
    assert.ok(!json(await repo().exportAll()).includes(TEST_HETU));
  });

  it('limits submissions per person per hour', async () => {
    for (let i = 0; i < 10; i++) await submit(people.participant2);
    await rejectsWith(submit(people.participant2), 'RATE_LIMITED');
    assert.equal((await submit(people.participant)).ref.startsWith('KE-2026-'), true, 'other people are not affected');
  });

  it('lists open proposals for others, with votes that count once and can be withdrawn', async () => {
    const { ref } = await submit(people.submitter);
    await submit(people.submitter, { type: 'bug', title: 'Yksityinen virheilmoitus' });
    for (const word of FEEDBACK_LIST_COMMANDS) assert.ok(json(await command(word, people.vendor)).includes(ref));
    const list = cardOf((await command('proposals', people.participant))[0]);
    assert.ok(!json(list).includes('Yksityinen virheilmoitus'), "someone else's error report stays private");
    const voteData = dataOf(list, V.vote);
    const afterVote = cardOf(await act(V.vote, voteData, people.participant));
    assert.ok(json(afterVote).includes('Withdraw vote'));
    await act(V.vote, voteData, people.participant);
    await act(V.vote, voteData, people.vendor);
    assert.equal((await repo().findByRef(ref))?.votes, 2);
    await act(V.unvote, { ref }, people.participant);
    assert.equal((await repo().findByRef(ref))?.votes, 1);
    // Filters travel with the action as card inputs.
    const filtered = cardOf(await act(V.list, { filterTopic: 'testing', filterStatus: 'all' }, people.vendor));
    assert.ok(!json(filtered).includes(ref));
    const byTopic = cardOf(await act(V.list, { filterTopic: 'yleistunniste', filterSort: 'recent' }, people.vendor));
    assert.ok(json(byTopic).includes(ref));
  });

  it('runs the lifecycle for OPH and notifies the submitter of every change in their language', async () => {
    const { ref } = await submit(people.submitter);
    const detail = cardOf(await act(V.view, { ref }, people.admin));
    const statusData = dataOf(detail, V.status);
    assert.equal(statusData.ref, ref);
    const steps: Array<[string, string]> = [
      ['under_review', ''],
      ['planned', 'Tulossa kevään versioon'],
      ['done', ''],
    ];
    for (const [status, reason] of steps) {
      const result = await act(V.status, { ref, status, reason, actionId: randomUUID() }, people.admin);
      assert.ok(json(cardOf(result)).includes(ref));
      assert.equal((await repo().findByRef(ref))?.status, status);
    }
    const notes = messenger.sent.filter((m) => m.op === 'sendToUser');
    assert.equal(notes.length, 3);
    assert.ok(notes.every((m) => m.conversationId === `personal:${people.submitter.objectId}`));
    assert.ok(json(notes[1]?.reply).includes('Käsittelyssä → Suunniteltu'));
    assert.ok(json(notes[1]?.reply).includes('Tulossa kevään versioon'));
    const sv = messenger.builders[2]!.build('sv');
    assert.ok(json(sv).includes('Planerad → Genomförd'));
    assert.ok(json(messenger.builders[0]!.build('en')).includes('The status of your feedback'));
    const events = await repo().events((await repo().findByRef(ref))!.id);
    assert.deepEqual(
      events.map((e) => e.toStatus),
      ['new', 'under_review', 'planned', 'done'],
    );
    assert.ok(events.slice(1).every((e) => e.notified === true));
  });

  it('refuses transitions outside the lifecycle and a rejection without a reason', async () => {
    const { ref } = await submit(people.submitter);
    const skip = messageOf(await act(V.status, { ref, status: 'done', actionId: randomUUID() }, people.admin));
    assert.equal(skip, 'Tilasta "Uusi" ei voi siirtyä tilaan "Toteutettu".');
    const duplicate = messageOf(await act(V.status, { ref, status: 'duplicate', actionId: randomUUID() }, people.admin));
    assert.ok(duplicate.includes('Duplikaatti'));
    const noReason = messageOf(await act(V.status, { ref, status: 'rejected', reason: '  ', actionId: randomUUID() }, people.admin));
    assert.equal(noReason, 'Kirjoita hylkäykselle perustelu.');
    const invalid = messageOf(await act(V.status, { ref, status: 'archived', actionId: randomUUID() }, people.admin));
    assert.ok(invalid.includes('Uusi tila'));
    assert.equal((await repo().findByRef(ref))?.status, 'new');
    assert.equal(messenger.sent.length, 0, 'no notification for a refused change');

    await act(V.status, { ref, status: 'rejected', reason: `Ei toteuteta, ks. ${TEST_HETU}`, actionId: randomUUID() }, people.admin);
    const item = await repo().findByRef(ref);
    assert.equal(item?.status, 'rejected');
    assert.equal(item?.statusReason, 'Ei toteuteta, ks. [henkilötunnus]');
    assert.ok(json(messenger.sent[0]?.reply).includes('Ei toteuteta'));
    const final = messageOf(await act(V.status, { ref, status: 'under_review', actionId: randomUUID() }, people.admin));
    assert.ok(final.includes('Hylätty'));
  });

  it('refuses a forged status or merge from a non-admin and changes nothing', async () => {
    const { ref } = await submit(people.submitter);
    const other = await submit(people.vendor);
    for (const user of [people.submitter, people.vendor, people.participant]) {
      await rejectsWith(
        act(V.status, { ref, status: 'under_review', actionId: randomUUID(), role: 'ServiceOwnerAdmin' }, user),
        'FORBIDDEN',
      );
      await rejectsWith(act(V.merge, { ref, targetRef: other.ref, actionId: randomUUID() }, user), 'FORBIDDEN');
    }
    const item = await repo().findByRef(ref);
    assert.equal(item?.status, 'new');
    assert.equal(item?.version, 1);
    assert.equal(messenger.sent.length, 0);
    const detail = cardOf(await act(V.view, { ref }, people.submitter));
    assert.ok(!json(detail).includes(V.status), 'no admin controls for the submitter');
  });

  it('processes a repeated admin action once', async () => {
    const { ref } = await submit(people.submitter);
    const actionId = randomUUID();
    await act(V.status, { ref, status: 'under_review', actionId }, people.admin);
    const repeat = await act(V.status, { ref, status: 'under_review', actionId }, people.admin);
    assert.ok(json(cardOf(repeat)).includes('Käsittelyssä'));
    assert.equal(messenger.sent.length, 1);
    assert.equal((await repo().events((await repo().findByRef(ref))!.id)).length, 2);
  });

  it('keeps the change when the submitter cannot be reached, and records that', async () => {
    const { ref } = await submit(people.submitter);
    messenger.unreachableUsers.add(people.submitter.objectId);
    await act(V.status, { ref, status: 'under_review', actionId: randomUUID() }, people.admin);
    messenger.unreachableUsers.clear();
    messenger.failNext = new Error('connector down');
    await act(V.status, { ref, status: 'planned', actionId: randomUUID() }, people.admin);
    const item = await repo().findByRef(ref);
    assert.equal(item?.status, 'planned');
    assert.deepEqual(
      (await repo().events(item!.id)).slice(1).map((e) => e.notified),
      [false, false],
    );
  });

  it('lets participants comment; the submitter hears about comments by others', async () => {
    const { ref } = await submit(people.submitter);
    const detail = cardOf(await act(V.view, { ref }, people.vendor));
    const { commentId } = dataOf(detail, V.comment);
    const added = cardOf(await act(V.comment, { ref, commentId, comment: 'Sama tarve meillä' }, people.vendor));
    assert.ok(json(added).includes('Kommentaren har lagts till.'));
    assert.ok(json(added).includes('Sama tarve meill'));
    await act(V.comment, { ref, commentId, comment: 'Sama tarve meillä' }, people.vendor);
    await act(V.comment, { ref, commentId: randomUUID(), comment: 'Kiitos!' }, people.submitter, new Date('2026-11-26T11:00:00Z'));
    const oph = await act(
      V.comment,
      { ref, commentId: randomUUID(), comment: `Selvitämme. ${TEST_HETU}` },
      people.admin,
      new Date('2026-11-26T12:00:00Z'),
    );
    assert.ok(json(oph).includes('[henkilötunnus]'));
    const item = await repo().findByRef(ref);
    const comments = await repo().comments(item!.id);
    assert.deepEqual(
      comments.map((c) => c.authorKind),
      ['participant', 'submitter', 'oph'],
    );
    assert.equal(comments[0]?.authorInstitutionNames?.fi, 'Testiammattikorkeakoulu B');
    assert.equal(messenger.sent.length, 2, 'vendor and OPH comments notify; the submitter’s own does not');
    assert.ok(json(messenger.sent[0]?.reply).includes('Uusi kommentti palautteeseesi'));
    const empty = messageOf(await act(V.comment, { ref, commentId: randomUUID(), comment: ' ' }, people.vendor));
    assert.ok(empty.includes('pakollinen') || empty.includes('obligatorisk'));
    const tooLong = messageOf(await act(V.comment, { ref, commentId: randomUUID(), comment: 'x'.repeat(1001) }, people.vendor));
    assert.ok(tooLong.includes('1000'));
  });

  it("hides another person's feedback and error reports from the view, votes and comments", async () => {
    const { ref } = await submit(people.submitter, { type: 'feedback' });
    await rejectsWith(act(V.view, { ref }, people.vendor), 'NOT_FOUND');
    await rejectsWith(act(V.vote, { ref }, people.vendor), 'NOT_FOUND');
    await rejectsWith(act(V.comment, { ref, commentId: randomUUID(), comment: 'x' }, people.vendor), 'NOT_FOUND');
    await rejectsWith(act(V.view, { ref: 'KE-2026-<script>' }, people.vendor), 'NOT_FOUND');
    assert.ok(json(await act(V.view, { ref }, people.submitter)).includes(ref));
    assert.ok(json(await act(V.view, { ref }, people.admin)).includes(ref));
  });

  it('merges a duplicate: votes carry over once, the submitter is told, the duplicate closes', async () => {
    const original = await submit(people.submitter);
    const dup = await submit(people.vendor, { title: 'Sama asia uudestaan' });
    await act(V.vote, { ref: original.ref }, people.participant);
    await act(V.vote, { ref: dup.ref }, people.participant);
    await act(V.vote, { ref: dup.ref }, people.participant2);
    const detail = cardOf(await act(V.view, { ref: dup.ref }, people.admin));
    const { actionId } = dataOf(detail, V.merge);
    const merged = cardOf(await act(V.merge, { ref: dup.ref, targetRef: original.ref.toLowerCase(), actionId }, people.admin));
    assert.ok(json(merged).includes(`yhdistettiin kohteeseen ${original.ref}`));
    await act(V.merge, { ref: dup.ref, targetRef: original.ref, actionId }, people.admin);
    assert.equal((await repo().findByRef(original.ref))?.votes, 2);
    assert.equal((await repo().findByRef(dup.ref))?.status, 'duplicate');
    const notes = messenger.sent.filter((m) => m.op === 'sendToUser');
    assert.equal(notes.length, 1);
    assert.equal(notes[0]?.conversationId, `personal:${people.vendor.objectId}`);
    assert.ok(json(messenger.builders[0]!.build('sv')).includes(`Samma sak finns redan i ärende ${original.ref}`));
    assert.equal(
      messageOf(await act(V.vote, { ref: dup.ref }, people.submitter)),
      'Tähän ei voi enää äänestää, koska sen käsittely on päättynyt.',
    );
    assert.equal(
      messageOf(await act(V.merge, { ref: original.ref, targetRef: original.ref, actionId: randomUUID() }, people.admin)),
      'Kohdetta ei voi yhdistää itseensä.',
    );
    assert.equal(
      messageOf(await act(V.merge, { ref: original.ref, targetRef: dup.ref, actionId: randomUUID() }, people.admin)),
      'Kohde on jo yhdistetty tähän. Yhdistä toisin päin.',
    );
    assert.equal(
      messageOf(await act(V.merge, { ref: original.ref, targetRef: 'KE-2026-0999', actionId: randomUUID() }, people.admin)),
      'Annetulla viitenumerolla ei löytynyt kohdetta.',
    );
    assert.equal(
      messageOf(await act(V.merge, { ref: dup.ref, targetRef: original.ref, actionId: randomUUID() }, people.admin)),
      'Vain avoimen kohteen voi yhdistää duplikaattina.',
    );
  });
});
