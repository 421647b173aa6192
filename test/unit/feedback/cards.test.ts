import assert from 'node:assert/strict';
import { cardByteSize, MAX_CARD_BYTES, type AdaptiveCard } from '../../../bot/cards/card.js';
import {
  VERBS,
  confirmationCard,
  detailCard,
  formCard,
  keptValues,
  listCard,
  statusNotificationCard,
  type DetailOptions,
} from '../../../bot/features/feedback/cards.js';
import { LIMITS } from '../../../bot/features/feedback/model.js';
import { DEFAULT_LIST_FILTER } from '../../../bot/features/feedback/validation.js';
import type { FeedbackComment, FeedbackItem } from '../../../bot/store/feedback-repository.js';

const FORM_ID = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const INJECTIONS = [
  '[klikkaa](https://evil.example)',
  '**x**',
  '{{DATE(2017-02-14T06:08:00Z)}}',
  '${$root.secret}',
  '<at>Kaikki</at>',
  '\\" } ] , {"type":"Action.OpenUrl"',
];

function item(overrides: Partial<FeedbackItem> = {}): FeedbackItem {
  return {
    id: 'id-1',
    ref: 'KE-2026-0042',
    formId: FORM_ID,
    type: 'proposal',
    topic: 'yleistunniste',
    title: 'Eräajon tila',
    description: 'Kuvaus',
    impact: 'Kaikki',
    institutionId: 'inst-a',
    institutionNames: { fi: 'Testikorkeakoulu', sv: 'Testhögskolan', en: 'Test University' },
    contactOk: true,
    submitter: { tenantId: 't', objectId: 'o' },
    lang: 'fi',
    status: 'new',
    statusReason: null,
    duplicateOfId: null,
    duplicateOfRef: null,
    version: 1,
    votes: 3,
    votedByViewer: false,
    commentCount: 0,
    createdAt: '2026-11-26T10:00:00.000Z',
    updatedAt: '2026-11-26T10:00:00.000Z',
    ...overrides,
  };
}

/** Every element and action of a card, depth first (inputs inside ShowCards and ActionSets included). */
function walk(node: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(node)) node.forEach((n) => walk(n, out));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.type === 'string') out.push(record);
    for (const value of Object.values(record)) walk(value, out);
  }
  return out;
}
const byId = (card: AdaptiveCard, id: string) => walk(card).find((e) => e.id === id);
const openUrls = (card: AdaptiveCard) =>
  walk(card)
    .filter((e) => e.type === 'Action.OpenUrl')
    .map((e) => e.url);

function detailOptions(overrides: Partial<DetailOptions> = {}): DetailOptions {
  return {
    lang: 'fi',
    item: item(),
    comments: [],
    events: [],
    followUrl: 'https://bot.example/tab/#/feedback/KE-2026-0042',
    canVote: true,
    canComment: true,
    canTriage: false,
    commentId: '11111111-1111-4111-8111-111111111111',
    statusActionId: '22222222-2222-4222-8222-222222222222',
    mergeActionId: '33333333-3333-4333-8333-333333333333',
    nextStatuses: [],
    ...overrides,
  };
}

describe('feedback cards', () => {
  it('form: required fields, lengths and error messages checked on the card', () => {
    const card = formCard({ lang: 'fi', formId: FORM_ID, institution: 'Testikorkeakoulu' });
    assert.equal(card.version, '1.5');
    for (const id of ['type', 'topic', 'title', 'description']) {
      const input = byId(card, id);
      assert.equal(input?.isRequired, true, `${id} is required`);
      assert.equal(typeof input?.errorMessage, 'string');
    }
    assert.equal(byId(card, 'title')?.maxLength, LIMITS.title);
    assert.equal(byId(card, 'description')?.maxLength, LIMITS.description);
    assert.equal(byId(card, 'impact')?.maxLength, LIMITS.impact);
    assert.equal(byId(card, 'impact')?.isRequired, undefined);
    assert.equal(byId(card, 'contactOk')?.type, 'Input.Toggle');
    const submit = card.actions?.[0] as Record<string, unknown>;
    assert.equal(submit.type, 'Action.Execute');
    assert.equal(submit.verb, VERBS.submit);
    assert.deepEqual(submit.data, { verb: VERBS.submit, formId: FORM_ID });
    assert.deepEqual((submit.fallback as Record<string, unknown>).data, { verb: VERBS.submit, formId: FORM_ID });
    assert.equal((submit.fallback as Record<string, unknown>).type, 'Action.Submit');
    assert.ok(JSON.stringify(card).includes('Testikorkeakoulu'));
  });

  it('form: a bad submit comes back with the input kept and the problems named', () => {
    const raw = { type: 'bug', topic: 'nonsense', title: 'Otsikko', description: '', impact: 'Kaikki', contactOk: 'true' };
    const card = formCard({
      lang: 'sv',
      formId: FORM_ID,
      institution: null,
      values: keptValues(raw),
      problems: [{ field: 'description', message: 'Beskrivning: obligatorisk uppgift saknas.' }],
    });
    assert.equal(byId(card, 'type')?.value, 'bug');
    assert.equal(byId(card, 'topic')?.value, undefined, 'an unknown choice is not echoed back');
    assert.equal(byId(card, 'title')?.value, 'Otsikko');
    assert.equal(byId(card, 'contactOk')?.value, 'true');
    assert.ok(JSON.stringify(card).includes('Beskrivning: obligatorisk uppgift saknas.'));
    assert.ok(JSON.stringify(card).includes('Inte kopplad till någon organisation'));
  });

  it('form: even oversized kept input stays under the Teams size limit', () => {
    const raw = { title: '*'.repeat(50_000), description: '"'.repeat(200_000), impact: '\\'.repeat(50_000) };
    const card = formCard({ lang: 'fi', formId: FORM_ID, institution: 'x', values: keptValues(raw) });
    assert.ok(cardByteSize(card) <= MAX_CARD_BYTES, `form is ${cardByteSize(card)} bytes`);
    assert.ok((byId(card, 'description')?.value as string).length >= LIMITS.description / 2, 'most of the text is kept');
    const normal = formCard({
      lang: 'fi',
      formId: FORM_ID,
      institution: 'x',
      values: keptValues({ description: 'a'.repeat(LIMITS.description + 200) }),
    });
    assert.equal((byId(normal, 'description')?.value as string).length, LIMITS.description + 200, 'ordinary text is kept whole');
  });

  it('confirmation: reference, follow link, masked note', () => {
    const card = confirmationCard({
      lang: 'en',
      item: item(),
      masked: true,
      repeated: false,
      followUrl: 'https://bot.example/tab/#/feedback/KE-2026-0042',
    });
    const json = JSON.stringify(card);
    assert.ok(json.includes('KE-2026-0042'));
    assert.ok(json.includes('[henkilötunnus]'));
    assert.deepEqual(openUrls(card), ['https://bot.example/tab/#/feedback/KE-2026-0042']);
  });

  it('list: user text cannot add links, mentions or templates, and the structure stays the same', () => {
    const control = listCard({ lang: 'fi', items: [item({ title: 'Tavallinen otsikko' })], total: 1, filter: DEFAULT_LIST_FILTER });
    for (const injection of INJECTIONS) {
      const card = listCard({ lang: 'fi', items: [item({ title: injection })], total: 1, filter: DEFAULT_LIST_FILTER });
      assert.equal(walk(card).length, walk(control).length, `structure changed for ${injection}`);
      assert.deepEqual(openUrls(card), []);
      const titleBlock = walk(card).find((e) => e.type === 'TextBlock' && String(e.text).startsWith('**KE-2026-0042**'));
      const shown = String(titleBlock?.text);
      assert.ok(!shown.includes('](https://'), 'link markup is escaped');
      assert.ok(!shown.includes('<at>'), 'mention markup is escaped');
      assert.ok(!shown.includes('{{'), 'template markup is escaped');
    }
  });

  it('list: vote or withdraw per item, carrying the page; a full page of long titles fits', () => {
    const items = Array.from({ length: 8 }, (_, i) =>
      item({
        id: `id-${i}`,
        ref: `KE-2026-000${i}`,
        title: '['.repeat(LIMITS.title),
        votedByViewer: i === 0,
        status: i === 7 ? 'done' : 'new',
      }),
    );
    const card = listCard({ lang: 'sv', items, total: 20, filter: { ...DEFAULT_LIST_FILTER, page: 1 } });
    assert.ok(cardByteSize(card) <= MAX_CARD_BYTES);
    const actions = walk(card).filter((e) => e.type === 'Action.Execute');
    assert.equal(actions.filter((a) => a.verb === VERBS.unvote).length, 1);
    assert.equal(actions.filter((a) => a.verb === VERBS.vote).length, 6, 'no vote button on a closed item');
    assert.deepEqual(actions.find((a) => a.verb === VERBS.vote)?.data, { verb: VERBS.vote, ref: 'KE-2026-0001', page: 1 });
    assert.ok(
      actions.some((a) => a.verb === VERBS.list && (a.data as { page: number }).page === 0),
      'previous page',
    );
    assert.ok(
      actions.some((a) => a.verb === VERBS.list && (a.data as { page: number }).page === 2),
      'next page',
    );
    assert.equal(byId(card, 'filterStatus')?.value, 'open');
  });

  it('detail: worst-case content is shortened until it fits', () => {
    const comments: FeedbackComment[] = Array.from({ length: 20 }, (_, i) => ({
      id: `c${i}`,
      itemId: 'id-1',
      author: { tenantId: 't', objectId: `p${i}` },
      authorKind: 'participant',
      authorInstitutionNames: null,
      body: '*'.repeat(LIMITS.comment),
      createdAt: '2026-11-26T10:00:00.000Z',
    }));
    const card = detailCard(
      detailOptions({
        item: item({ description: '_'.repeat(LIMITS.description), impact: '#'.repeat(LIMITS.impact) }),
        comments,
        canTriage: true,
        nextStatuses: ['under_review', 'rejected'],
      }),
    );
    assert.ok(cardByteSize(card) <= MAX_CARD_BYTES, `detail is ${cardByteSize(card)} bytes`);
    assert.ok(JSON.stringify(card).includes('(lyhennetty'), 'the card says it was shortened');
  });

  it('detail: admin controls only for triage staff, with the allowed next statuses', () => {
    const plain = detailCard(detailOptions());
    assert.equal(byId(plain, 'status'), undefined);
    assert.equal(byId(plain, 'targetRef'), undefined);
    const admin = detailCard(detailOptions({ canTriage: true, nextStatuses: ['under_review', 'rejected'] }));
    const choices = (byId(admin, 'status')?.choices as Array<{ value: string }>).map((c) => c.value);
    assert.deepEqual(choices, ['under_review', 'rejected']);
    const statusAction = walk(admin).find((e) => e.verb === VERBS.status);
    assert.deepEqual(statusAction?.data, { verb: VERBS.status, ref: 'KE-2026-0042', actionId: '22222222-2222-4222-8222-222222222222' });
    const regex = new RegExp(String(byId(admin, 'targetRef')?.regex));
    assert.ok(regex.test(' ke-2026-0001 ') && regex.test('KE-2026-0042'));
    assert.ok(!regex.test('KE-26-1') && !regex.test('x KE-2026-0001'));
  });

  it('notification: localized and escaped', () => {
    const card = statusNotificationCard({
      lang: 'sv',
      item: item({ title: '[x](https://evil.example)' }),
      from: 'new',
      to: 'rejected',
      reason: 'Ej möjligt',
      followUrl: 'https://bot.example/f',
    });
    const json = JSON.stringify(card);
    assert.ok(json.includes('Statusen för din respons KE-2026-0042 har ändrats'));
    assert.ok(json.includes('Ny → Avslagen'));
    assert.deepEqual(openUrls(card), ['https://bot.example/f']);
  });
});
