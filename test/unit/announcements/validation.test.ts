import assert from 'node:assert/strict';
import {
  checkDraft,
  checkRevision,
  problemMessage,
  rawFromForm,
  rawFromTab,
  formValuesSchema,
  cardRefSchema,
  cardIdSchema,
  linkPolicyFromConfig,
} from '../../../bot/features/announcements/validation.js';
import { form } from '../../integration/announcements/helpers.js';

const NOW = new Date('2026-11-26T10:00:00Z');
const codes = (values: Parameters<typeof form>[0]) => checkDraft(rawFromForm(form(values)), NOW).problems.map((p) => p.code);

describe('announcements validation', function () {
  it('accepts a complete draft and keeps the languages given', function () {
    const { draft, problems } = checkDraft(rawFromForm(form()), NOW);
    assert.deepEqual(problems, []);
    assert.equal(draft?.content.title.sv, 'Felkoderna för allmän identifierare ändras');
    assert.equal(draft?.content.title.en, undefined);
    assert.deepEqual(draft?.content.interfaces, ['yleistunniste', 'oppija-controller']);
    assert.deepEqual(draft?.audience, { kind: 'all' });
    assert.equal(draft?.scheduledAt, null);
  });

  it('requires the Finnish title and body', function () {
    assert.deepEqual(codes({ titleFi: '   ' }), ['titleRequired']);
    assert.deepEqual(codes({ bodyFi: '' }), ['bodyRequired']);
  });

  it('refuses a body whose rendered card would exceed 28 KB, saying how big it is', function () {
    // Under the raw character limit, but three languages of it render far above 28 KB.
    const long = 'Pitkä tiedote. '.repeat(700);
    const { problems } = checkDraft(rawFromForm(form({ bodyFi: long, bodySv: long, titleEn: 'Long', bodyEn: long })), NOW);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.code, 'tooLong');
    assert.match(problemMessage(problems[0]!, 'fi'), /liian pitkä Teamsiin: \d+\.\d kt/);
    assert.deepEqual(codes({ bodyFi: 'x'.repeat(12_001) }), ['fieldTooLong']);
  });

  it('takes the schedule in Finnish time, stores UTC, and refuses a past time', function () {
    const { draft } = checkDraft(rawFromForm(form({ sendDate: '2026-12-01', sendTime: '09:00' })), NOW);
    assert.equal(draft?.scheduledAt, '2026-12-01T07:00:00.000Z');
    assert.deepEqual(codes({ sendDate: '2026-11-26', sendTime: '11:59' }), ['schedulePast'], '11:59 Helsinki is 09:59 UTC, before now');
    assert.deepEqual(codes({ sendDate: '2026-13-01' }), ['scheduleInvalid']);
    assert.match(problemMessage({ field: 'sendDate', code: 'schedulePast' }, 'sv'), /passerat/);
  });

  it('issue 12 item 7: links are https to an allowed host (OPH and the service by default, with subdomains)', function () {
    for (const link of [
      'https://wiki.eduuni.fi/display/ONR',
      'https://opintopolku.fi/konfo/fi/',
      'https://virkailija.testiopintopolku.fi/x',
      'https://www.oph.fi/fi',
    ]) {
      assert.deepEqual(codes({ link }), [], link);
    }
    for (const link of [
      'https://evil.example/phish',
      'https://opintopolku.fi.evil.example/',
      'https://evilopintopolku.fi/',
      'https://eduuni.fi/',
      'https://xn--opintopolk-ocb.fi/',
    ]) {
      assert.deepEqual(codes({ link }), ['linkHost'], link);
    }
    const { problems } = checkDraft(rawFromForm(form({ link: 'https://evil.example/' })), NOW);
    assert.match(problemMessage(problems[0]!, 'fi'), /opintopolku\.fi/);
    assert.match(problemMessage(problems[0]!, 'sv'), /underdomäner/);
    assert.match(problemMessage(problems[0]!, 'en'), /subdomains/);
    assert.ok(!problemMessage(problems[0]!, 'en').includes('evil'), 'the refused link is not echoed');
    // Configurable: the list replaces the defaults, and the app's own host is always allowed.
    const policy = linkPolicyFromConfig(['example.org'], 'https://bot.example.fi');
    assert.deepEqual(checkDraft(rawFromForm(form({ link: 'https://docs.example.org/a' })), NOW, policy).problems, []);
    assert.deepEqual(checkDraft(rawFromForm(form({ link: 'https://bot.example.fi/tab/' })), NOW, policy).problems, []);
    assert.deepEqual(
      checkDraft(rawFromForm(form({ link: 'https://oph.fi/' })), NOW, policy).problems.map((p) => p.code),
      ['linkHost'],
    );
    const revision = checkRevision({ ...rawFromForm(form({ link: 'https://evil.example/' })), kind: 'update', note: { fi: 'Korjaus' } });
    assert.deepEqual(
      revision.problems.map((p) => p.code),
      ['linkHost'],
    );
  });

  it('issue 12 item 6: card and request ids refuse a henkilötunnus-shaped value in any disguise', function () {
    const code = ['1310', '52', '-', '9088'].join(''); // test-range shape, assembled at run time
    for (const id of [code, `form-${code}`, `${code}x`, code.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)))]) {
      assert.equal(cardIdSchema.safeParse(id).success, false, id);
      assert.equal(cardRefSchema.safeParse({ formId: id }).success, false, id);
      assert.equal(cardRefSchema.safeParse({ actionKey: id }).success, false, id);
    }
    assert.equal(cardIdSchema.safeParse('0b6f3c2e-5d1a-4f7e-9c3b-2a1d4e5f6a7b').success, true);
    assert.equal(cardIdSchema.safeParse('form-00000001').success, true);
  });

  it('checks link, category, interfaces, effective date and the subset', function () {
    assert.deepEqual(codes({ link: 'http://example.org' }), ['linkInvalid']);
    assert.deepEqual(codes({ link: 'javascript:alert(1)' }), ['linkInvalid']);
    assert.deepEqual(codes({ category: 'gossip' }), ['categoryInvalid']);
    // A required choice, no silent "Uusi ominaisuus" (issue 15 item 10).
    assert.deepEqual(codes({ category: '' }), ['categoryInvalid']);
    assert.deepEqual(codes({ interfaces: 'yleistunniste,ftp' }), ['interfacesInvalid']);
    assert.deepEqual(codes({ effectiveDate: '2026-02-31' }), ['effectiveDateInvalid']);
    assert.deepEqual(codes({ audienceKind: 'subset', targets: '' }), ['subsetEmpty']);
    const { draft } = checkDraft(rawFromForm(form({ audienceKind: 'subset', targets: '19:a@thread.tacv2,team:19:t@thread.tacv2' })), NOW);
    assert.deepEqual(draft?.audience, { kind: 'subset', conversationIds: ['19:a@thread.tacv2'], teamIds: ['19:t@thread.tacv2'] });
  });

  it('masks a henkilötunnus typed into the text and says so', function () {
    // 010190-900P is a test-range identifier (individual number 900) with a correct check character.
    const { draft } = checkDraft(rawFromForm(form({ bodyFi: 'Esimerkki: 010190-900P ei kuulu tiedotteeseen.' })), NOW);
    assert.equal(draft?.masked, true);
    assert.doesNotMatch(draft!.content.body.fi, /010190-900P/);
  });

  it('accepts the tab JSON shape, with an ISO schedule that must carry a zone', function () {
    const base = {
      title: { fi: 'Otsikko' },
      body: { fi: 'Teksti' },
      category: 'maintenance',
      interfaces: ['other'],
      audience: { kind: 'service-channel' },
    };
    assert.equal(
      checkDraft(rawFromTab({ ...base, scheduledAt: '2026-12-01T07:00:00Z' }), NOW).draft?.scheduledAt,
      '2026-12-01T07:00:00.000Z',
    );
    assert.deepEqual(
      checkDraft(rawFromTab({ ...base, scheduledAt: '2026-12-01T07:00:00' }), NOW).problems.map((p) => p.code),
      ['scheduleInvalid'],
    );
  });

  it('requires a note for a revision', function () {
    const raw = rawFromForm(form());
    assert.deepEqual(
      checkRevision({ ...raw, kind: 'correction', note: {} }).problems.map((p) => p.code),
      ['noteRequired'],
    );
    const ok = checkRevision({ ...raw, kind: 'correction', note: { fi: 'Päivämäärä korjattu' } });
    assert.equal(ok.revision?.kind, 'correction');
  });

  it('strips unknown keys and refuses oversized or prototype-polluting input by shape', function () {
    const parsed = formValuesSchema.parse({ titleFi: 'x', __proto__: { polluted: true }, constructor: 'x', extra: 1 });
    assert.deepEqual(Object.keys(parsed), ['titleFi']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.throws(() => formValuesSchema.parse({ bodyFi: 'x'.repeat(70_000) }));
    assert.throws(() => cardRefSchema.parse({ version: 'abc' }));
  });
});
