import assert from 'node:assert/strict';
import type { AdaptiveCard } from '../../../bot/cards/card.js';
import type { UserContext } from '../../../bot/auth/roles.js';
import type { Lang } from '../../../bot/i18n/index.js';
import type { ActionResult, Feature, Reply, TurnInput } from '../../../bot/features/types.js';
import { createHmac } from 'node:crypto';
import { createLookupFeature, REFUSED_AUDIT_PER_USER, type LookupFeatureDeps } from '../../../bot/features/lookup/feature.js';
import { lookupText } from '../../../bot/features/lookup/i18n.js';
import { buildVerbTable } from '../../../bot/teams/verb-table.js';
import { LEGACY_VERB_ALIASES, VERBS } from '../../../bot/features/lookup/verbs.js';
import { hetuCheckChar } from '../../../bot/features/lookup/identifiers.js';
import type { OnrClient } from '../../../bot/features/lookup/onr-client.js';
import { createLookupRepository } from '../../../bot/store/lookup-repository.js';
import { hetuPattern } from '../../../bot/privacy.js';
import { scanText } from '../../../scripts/privacy-scan.js';
import { SeededRandom, hetuDisguises, makeHetu } from '../../helpers/fuzz.js';
import {
  startFakeOnr,
  FAKE_NO_ROLE_CREDENTIALS,
  NOT_FOUND_HETU,
  SEED_ONR_PERSONS,
  SEED_VTJ_ONLY,
  seedPersonViews,
  type FakeOnr,
} from '../../../dev/fake-onr/index.js';
import { describeEachDatabase } from '../../helpers/databases.js';
import { FakeMessenger, makeTurn, makeUser } from '../../helpers/fakes.js';
import { MAIJA, MAIJA_DUPLICATE_OID, MAIJA_OID, apiRequests, captureLogger, casAuth, clientFor } from '../../unit/lookup/support.js';

// Individual number 899 (outside the test range) with a deliberately WRONG check character; assembled at
// run time so no real-range-looking code stands in the repository.
const OUT_OF_RANGE_INVALID_HETU = ['010594Y', '899', 'A'].join('');

function command(feature: Feature, name: string) {
  const handler = feature.commands?.find((c) => c.names.includes(name));
  assert.ok(handler, `command ${name}`);
  return handler;
}

async function act(
  feature: Feature,
  verb: string,
  value: Record<string, unknown>,
  user: UserContext,
  lang: Lang = 'fi',
): Promise<ActionResult> {
  // Through the router's verb table, so an old verb reaches its new name's handler as in the app.
  const entry = buildVerbTable([feature]).get(verb);
  assert.ok(entry, `verb ${verb}`);
  const turn: TurnInput = makeTurn({
    user,
    lang,
    value: { verb, ...value },
    conversation: { id: '19:channel@thread.tacv2;messageid=1', kind: 'channel', teamId: 'team-1', threadRootId: '1' },
  });
  return entry.handler.run({ ...turn, verb: entry.verb, value: { verb, ...value } });
}

function cardOf(result: ActionResult | Reply): AdaptiveCard {
  assert.equal(result.kind, 'card');
  return (result as { card: AdaptiveCard }).card;
}

function inputIdsOf(card: AdaptiveCard): string[] {
  return [...JSON.stringify(card).matchAll(/"type":"Input\.Text","id":"(\w+)"/g)].map((m) => m[1]!);
}

function textsOf(card: AdaptiveCard): string {
  return JSON.stringify(card);
}

/** The data of the card's Action.Execute with this verb (the form's submit, the result's "new look-up"). */
function actionData(card: AdaptiveCard, verb: string): Record<string, unknown> {
  const found: Array<Record<string, unknown>> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Execute' && record.verb === verb) found.push(record);
      Object.values(record).forEach(walk);
    }
  };
  walk(card.body);
  walk(card.actions);
  assert.ok(found[0], `action ${verb}`);
  const { verb: _verb, ...data } = found[0].data as Record<string, unknown>;
  return data;
}

/** The value the form's hetu field is prefilled with, if any. */
function hetuField(card: AdaptiveCard): unknown {
  const match = /"id":"hetu"[^}]*?"value":"([^"]*)"/.exec(JSON.stringify(card));
  return match ? match[1] : undefined;
}

let formCounter = 0;
const freshFormId = () => `form-${Date.now().toString(36)}-${++formCounter}`;

describe('lookup feature through the Feature interface (fake ONR over HTTP)', function () {
  let fake: FakeOnr;
  let client: OnrClient;
  before(async () => {
    fake = await startFakeOnr({ port: 0 });
  });
  after(async () => {
    await fake.stop();
  });
  beforeEach(() => {
    fake.control.reset();
    client = clientFor(fake);
  });
  afterEach(async () => {
    await client.close();
  });

  describeEachDatabase('lookup feature', (getStore) => {
    const vendor = makeUser('Vendor');
    const admin = makeUser('InstitutionAdmin');
    let log: ReturnType<typeof captureLogger>;
    let messenger: FakeMessenger;

    function feature(overrides: Partial<LookupFeatureDeps> = {}): Feature {
      log = captureLogger();
      messenger = new FakeMessenger();
      return createLookupFeature({
        store: getStore(),
        logger: log.logger,
        client,
        config: { LOOKUP_RATE_LIMIT: 20, LOOKUP_RATE_WINDOW_SECONDS: 600 },
        testPersons: seedPersonViews(),
        notFoundHetu: NOT_FOUND_HETU,
        ...overrides,
      });
    }

    it('testihaku / testsökning / test lookup open the form; a Participant gets a polite refusal', async () => {
      const f = feature();
      for (const [name, lang] of [
        ['testihaku', 'fi'],
        ['testsökning', 'sv'],
        ['test lookup', 'en'],
      ] as const) {
        const replies = await command(f, name).run(makeTurn({ user: { ...vendor, lang }, lang }));
        const card = cardOf(replies[0]!);
        assert.ok(textsOf(card).includes(lookupText[lang].bannerTitle));
        assert.ok(textsOf(card).includes(VERBS.hetu));
      }
      const refused = await command(f, 'testihaku').run(makeTurn({ user: makeUser('Participant') }));
      assert.deepEqual(refused, [{ kind: 'text', text: lookupText.fi.forbidden }]);
      const action = await act(f, VERBS.hetu, { formId: freshFormId(), ...MAIJA }, makeUser('Participant'));
      assert.deepEqual(action, { kind: 'message', text: lookupText.fi.forbidden });
      assert.equal(fake.stats().requests, 0);
      const audit = await createLookupRepository(getStore()).listRecent();
      assert.deepEqual(
        audit.map((a) => [a.outcome, a.identifierHash]),
        [['forbidden', null]],
      );
    });

    it('a card posted before the verb rename (testihaku.*) still works: every old verb answers as its new name (issue 14 item 10)', async () => {
      const f = feature();
      const table = buildVerbTable([f]);
      for (const [old, current] of Object.entries(LEGACY_VERB_ALIASES)) {
        assert.equal(table.get(old)?.verb, current, `${old} is answered as ${current}`);
        assert.equal(table.get(old)?.handler, table.get(current)?.handler, `${old} goes to the handler of ${current}`);
      }
      const result = cardOf(await act(f, 'testihaku.hetu', { formId: freshFormId(), ...MAIJA }, vendor));
      assert.ok(textsOf(result).includes(MAIJA_OID), 'the old submit verb looks the person up');
      assert.ok(textsOf(result).includes(`"verb":"${VERBS.newForm}"`), 'and the new card carries the new verbs');
      assert.ok(!textsOf(result).includes('testihaku.'), 'no old verb on a new card');
      assert.deepEqual(inputIdsOf(cardOf(await act(f, 'testihaku.new', {}, vendor))), [
        'hetu',
        'etunimet',
        'kutsumanimi',
        'sukunimi',
        'oid',
      ]);
    });

    it('a hetu look-up answers with a private result card (invoke response), audited with a keyed hash', async () => {
      const f = feature();
      const formId = freshFormId();
      const result = await act(f, VERBS.hetu, { formId, ...MAIJA }, vendor);
      const card = cardOf(result);
      const json = textsOf(card);
      for (const expected of [MAIJA_OID, MAIJA_DUPLICATE_OID, lookupText.fi.explainSameAsOid, lookupText.fi.explainLinked])
        assert.ok(json.includes(expected), expected);
      assert.ok(!json.includes(MAIJA.hetu), 'the full hetu is not echoed');
      assert.ok(!json.includes(MAIJA.sukunimi), 'names are not echoed in the result');
      assert.deepEqual((card.refresh as { userIds: string[] }).userIds, [`8:orgid:${vendor.objectId}`]);
      assert.equal(messenger.sent.length, 0, 'nothing is posted to the conversation');
      const [entry] = await createLookupRepository(getStore()).listRecent();
      assert.equal(entry?.outcome, 'ok');
      assert.match(entry?.identifierHash ?? '', /^[A-Za-z0-9_-]{43}$/);
      assert.equal(entry?.formId, formId);
      assert.ok(!log.text().includes(MAIJA.hetu));
    });

    it('an OID check shows passivation, links and what they mean, in Swedish too', async () => {
      const f = feature();
      const card = cardOf(await act(f, VERBS.oid, { formId: freshFormId(), oid: MAIJA_DUPLICATE_OID }, { ...admin, lang: 'sv' }, 'sv'));
      const json = textsOf(card);
      const t = lookupText.sv;
      for (const expected of [t.bannerTitle, t.explainSlave, t.explainPassivoitu, t.explainLinked, MAIJA_OID])
        assert.ok(json.includes(expected), expected);
      const [entry] = await createLookupRepository(getStore()).listRecent();
      assert.match(entry?.identifierHash ?? '', /^[A-Za-z0-9_-]{43}$/);
    });

    it('refuses a non-test hetu before anything else: nothing sent, nothing of it stored or logged', async () => {
      const f = feature();
      // INVALID on purpose: real-range individual number AND a wrong check character.
      const nonTest = OUT_OF_RANGE_INVALID_HETU;
      // A test-range code whose only fault is the check character is kept in the form (item 12 of
      // issue 15, its own test below); every other refused code is never echoed back.
      for (const hetu of [nonTest, '290288-944G', '290289-944F', 'abc']) {
        const card = cardOf(
          await act(f, VERBS.hetu, { formId: freshFormId(), hetu, etunimet: 'Maija', kutsumanimi: 'Maija', sukunimi: 'Testinen' }, vendor),
        );
        assert.ok(textsOf(card).includes(lookupText.fi.notSent));
        if (hetu !== '290288-944G') assert.ok(!textsOf(card).includes(hetu === 'abc' ? '"value":"abc"' : hetu), 'not echoed back');
      }
      const oidCard = cardOf(await act(f, VERBS.oid, { formId: freshFormId(), oid: '1.2.246.562.98.55500000018' }, vendor));
      assert.ok(textsOf(oidCard).includes(lookupText.fi.refusedOid));
      assert.deepEqual(fake.stats(), { requests: 0 });
      const audit = await createLookupRepository(getStore()).listRecent();
      assert.equal(audit.length, 5);
      assert.ok(audit.every((a) => a.outcome === 'refused' && a.identifierHash === null));
      assert.ok(!log.text().includes(nonTest) && !log.text().includes('010594'));
      assert.equal([...log.text().matchAll(hetuPattern())].length, 0);
    });

    it('maps ONR answers to plain messages with a next step: 404, 409, 401, timeout, breaker', async () => {
      const f = feature();
      const t = lookupText.en;
      const expectNotice = async (value: Record<string, unknown>, verb: string, message: string, next: string) => {
        const card = cardOf(await act(f, verb, { formId: freshFormId(), ...value }, { ...vendor, lang: 'en' }, 'en'));
        assert.ok(textsOf(card).includes(message), message);
        assert.ok(textsOf(card).includes(next), next);
        assert.ok(textsOf(card).includes(t.bannerTitle));
        return card;
      };
      await expectNotice(
        { hetu: NOT_FOUND_HETU, etunimet: 'Testi', kutsumanimi: 'Testi', sukunimi: 'Testinen' },
        VERBS.hetu,
        t.notFound,
        t.notFoundNext,
      );
      const mismatch = await expectNotice({ ...MAIJA, sukunimi: 'Virtanen' }, VERBS.hetu, t.nameMismatch, t.nameMismatchNext);
      assert.ok(textsOf(mismatch).includes('"value":"290288-944F"'), 'the test code is prefilled so only the names need fixing');
      await expectNotice({ oid: '1.2.246.562.98.12345678903' }, VERBS.oid, t.oidNotFound, t.oidNotFoundNext);

      fake.control.addFault({ method: 'POST', path: '/oppijanumerorekisteri-service/yleistunniste/hae', delayMs: 4_000, times: 1 });
      const started = performance.now();
      await expectNotice(MAIJA, VERBS.hetu, t.timeout, t.timeoutNext);
      assert.ok(performance.now() - started < 2_500, 'inside the router’s 2.5 s invoke deadline');

      fake.control.addFault({ path: '/oppijanumerorekisteri-service/yleistunniste/hae', status: 500 });
      // The timeout above was failure 1; four 500s make five in a row and open the breaker.
      for (let i = 0; i < 4; i++) await expectNotice({ oid: MAIJA_OID }, VERBS.oid, t.unavailable, t.unavailableNext);
      const before = fake.stats().requests;
      const openStarted = performance.now();
      await expectNotice(MAIJA, VERBS.hetu, t.circuitOpen, t.circuitOpenNext);
      assert.ok(performance.now() - openStarted < 500, 'answered at once while open');
      assert.equal(fake.stats().requests, before);

      const outcomes = (await createLookupRepository(getStore()).listRecent({ limit: 20 })).map((a) => a.outcome);
      for (const outcome of ['not_found', 'name_mismatch', 'timeout', 'unavailable', 'circuit_open'])
        assert.ok(outcomes.includes(outcome), outcome);
    });

    it('a service account without the role gets "lacks the role" (401)', async () => {
      const noRole = clientFor(fake, { auth: casAuth(FAKE_NO_ROLE_CREDENTIALS) });
      try {
        const f = feature({ client: noRole });
        const card = cardOf(await act(f, VERBS.hetu, { formId: freshFormId(), ...MAIJA }, vendor));
        assert.ok(textsOf(card).includes(lookupText.fi.unauthorized));
        assert.ok(textsOf(card).includes(lookupText.fi.unauthorizedNext));
        assert.equal(apiRequests(fake).length, 2, 'one fresh login, no loop');
      } finally {
        await noRole.close();
      }
    });

    it('rate limit per user: the next look-up over the limit is refused with a clear message', async () => {
      const f = feature({ config: { LOOKUP_RATE_LIMIT: 2, LOOKUP_RATE_WINDOW_SECONDS: 600 } });
      for (let i = 0; i < 2; i++)
        assert.ok(
          textsOf(cardOf(await act(f, VERBS.oid, { formId: freshFormId(), oid: MAIJA_OID }, vendor))).includes(lookupText.fi.resultTitle),
        );
      const refused = cardOf(await act(f, VERBS.oid, { formId: freshFormId(), oid: MAIJA_OID }, vendor));
      assert.ok(textsOf(refused).includes(lookupText.fi.rateLimited(10)));
      assert.equal(apiRequests(fake).length, 2, 'the refused look-up did not reach ONR');
      assert.ok(
        textsOf(cardOf(await act(f, VERBS.oid, { formId: freshFormId(), oid: MAIJA_OID }, admin))).includes(lookupText.fi.resultTitle),
        'other users unaffected',
      );
      const outcomes = (await createLookupRepository(getStore()).listRecent()).map((a) => a.outcome);
      assert.equal(outcomes.filter((o) => o === 'rate_limited').length, 1);
    });

    it('issue 12 item 6 (A-PRIV-4): the audit keeps an HMAC of the identifier, not a birth date or an OID prefix', async () => {
      const secret = 'audit-secret-for-tests-0123456789';
      const f = feature({ config: { LOOKUP_RATE_LIMIT: 20, LOOKUP_RATE_WINDOW_SECONDS: 600, LOOKUP_AUDIT_SECRET: secret } });
      await act(f, VERBS.hetu, { formId: freshFormId(), ...MAIJA }, vendor);
      await act(f, VERBS.hetu, { formId: freshFormId(), ...MAIJA }, admin);
      await act(f, VERBS.oid, { formId: freshFormId(), oid: MAIJA_OID }, vendor);
      const audit = await createLookupRepository(getStore()).listRecent();
      const json = JSON.stringify(audit);
      for (const part of [MAIJA.hetu.slice(0, 6), '9***', '1.2.246.562', MAIJA_OID.slice(-8)])
        assert.ok(!json.includes(part), `the audit holds ${part}`);
      const expected = (kind: string, value: string) => createHmac('sha256', secret).update(`${kind}:${value}`).digest('base64url');
      assert.deepEqual(
        audit.map((a) => a.identifierHash).sort(),
        [expected('hetu', MAIJA.hetu), expected('hetu', MAIJA.hetu), expected('oid', MAIJA_OID)].sort(),
      );
      // The report's per-user count still works.
      assert.equal(await createLookupRepository(getStore()).countSince(vendor, '2000-01-01T00:00:00.000Z'), 2);
      // A henkilötunnus-shaped form id is refused like any stray code and never stored.
      const code = makeHetu(new SeededRandom(0x12_0006), { kind: 'real', sign: '-' });
      const card = textsOf(cardOf(await act(f, VERBS.oid, { formId: code, oid: MAIJA_OID }, vendor)));
      assert.ok(card.includes(lookupText.fi.personalIdInField(lookupText.fi.fieldOther)));
      assert.deepEqual(
        scanText(JSON.stringify(await createLookupRepository(getStore()).listRecent())).filter((x) => x.kind === 'hetu-real'),
        [],
      );
    });

    it('issue 12 item 8 (A-PRIV-8): an app-wide look-up limit besides the per-user one', async () => {
      const f = feature({ config: { LOOKUP_RATE_LIMIT: 20, LOOKUP_RATE_WINDOW_SECONDS: 600, LOOKUP_APP_RATE_LIMIT: 2 } });
      assert.ok(
        textsOf(cardOf(await act(f, VERBS.oid, { formId: freshFormId(), oid: MAIJA_OID }, vendor))).includes(lookupText.fi.resultTitle),
      );
      assert.ok(
        textsOf(cardOf(await act(f, VERBS.oid, { formId: freshFormId(), oid: MAIJA_OID }, admin))).includes(lookupText.fi.resultTitle),
      );
      const third = textsOf(cardOf(await act(f, VERBS.oid, { formId: freshFormId(), oid: MAIJA_OID }, makeUser('Vendor'))));
      assert.ok(third.includes(lookupText.fi.appRateLimited(10)), 'a third user is refused by the app-wide limit');
      assert.equal(apiRequests(fake).length, 2);
      const outcomes = (await createLookupRepository(getStore()).listRecent()).map((a) => a.outcome);
      assert.equal(outcomes.filter((o) => o === 'rate_limited_app').length, 1);
    });

    it('issue 12 item 8: refused look-ups write a bounded number of audit rows per user', async () => {
      const f = feature();
      for (let i = 0; i < 3 * REFUSED_AUDIT_PER_USER; i++)
        await act(f, VERBS.oid, { formId: freshFormId(), oid: '1.2.246.562.98.55500000018' }, vendor);
      await act(f, VERBS.oid, { formId: freshFormId(), oid: '1.2.246.562.98.55500000018' }, admin);
      const audit = await createLookupRepository(getStore()).listRecent({ limit: 1000 });
      assert.equal(audit.filter((a) => a.objectId === vendor.objectId).length, REFUSED_AUDIT_PER_USER);
      assert.equal(audit.filter((a) => a.objectId === admin.objectId).length, 1, 'other users are still audited');
      assert.equal(fake.stats().requests, 0);
    });

    it('one look-up per form: a redelivered submit gets the same card without a second ONR call', async () => {
      const f = feature();
      const formId = freshFormId();
      const [a, b] = await Promise.all([
        act(f, VERBS.hetu, { formId, ...MAIJA }, vendor),
        act(f, VERBS.hetu, { formId, ...MAIJA }, vendor),
      ]);
      const c = await act(f, VERBS.hetu, { formId, ...MAIJA }, vendor);
      assert.equal(a, b);
      assert.equal(a, c);
      assert.equal(apiRequests(fake).filter((r) => r.method === 'POST').length, 1);
      // Another app instance (no shared memory) sees the claimed form in the database.
      const other = feature();
      const again = cardOf(await act(other, VERBS.hetu, { formId, ...MAIJA }, vendor));
      assert.ok(textsOf(again).includes(lookupText.fi.alreadyUsed));
      assert.equal(apiRequests(fake).filter((r) => r.method === 'POST').length, 1);
    });

    it('a refused or invalid submit does not use up the form (Action.Submit fallback keeps the form on screen)', async () => {
      const f = feature();
      const formId = freshFormId();
      const typo = cardOf(await act(f, VERBS.hetu, { formId, ...MAIJA, hetu: '290288-944G' }, vendor)); // INVALID check character on purpose
      assert.ok(textsOf(typo).includes(lookupText.fi.refusedCheckExpected('F')));
      const fixed = cardOf(await act(f, VERBS.hetu, { formId, ...MAIJA }, vendor));
      assert.ok(textsOf(fixed).includes(MAIJA_OID));
      const outcomes = (await createLookupRepository(getStore()).listRecent()).map((a) => a.outcome).sort();
      assert.deepEqual(outcomes, ['ok', 'refused']);
    });

    it('issue 12 item 1: a code in any name field (any disguise) is refused by field name; nothing sent, stored or logged', async () => {
      const f = feature();
      const rng = new SeededRandom(0x12_0001);
      const fields = ['etunimet', 'kutsumanimi', 'sukunimi'] as const;
      const labels = {
        etunimet: lookupText.fi.fieldEtunimet,
        kutsumanimi: lookupText.fi.fieldKutsumanimi,
        sukunimi: lookupText.fi.fieldSukunimi,
      };
      const typed: string[] = [];
      let attempt = 0;
      for (const [name, disguised] of hetuDisguises(makeHetu(rng, { kind: 'real', sign: '-' }))) {
        const field = fields[attempt++ % fields.length]!;
        const value = field === 'kutsumanimi' ? disguised : `Maija ${disguised}`;
        typed.push(value);
        const card = textsOf(cardOf(await act(f, VERBS.hetu, { formId: freshFormId(), ...MAIJA, [field]: value }, vendor)));
        assert.ok(card.includes(lookupText.fi.personalIdInField(labels[field])), `${name}: the field is named`);
        assert.ok(card.includes(lookupText.fi.notSent), name);
        assert.deepEqual(
          scanText(card).filter((x) => x.kind === 'hetu-real'),
          [],
          `${name}: not echoed into the form`,
        );
      }
      // A code in the OID form's field, or in an extra field of either form, is refused the same way.
      const code = makeHetu(rng, { kind: 'real', sign: 'A' });
      assert.ok(
        textsOf(cardOf(await act(f, VERBS.oid, { formId: freshFormId(), oid: code }, vendor))).includes(
          lookupText.fi.personalIdInField(lookupText.fi.fieldOid),
        ),
      );
      assert.ok(
        textsOf(cardOf(await act(f, VERBS.hetu, { formId: freshFormId(), ...MAIJA, note: `x${code}` }, vendor))).includes(
          lookupText.fi.personalIdInField(lookupText.fi.fieldOther),
        ),
      );
      // An own "__proto__" or "constructor" key (JSON.parse makes them) is named as a form field, not stringified.
      for (const key of ['__proto__', 'constructor']) {
        const hostile = JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(code)}}`) as Record<string, unknown>;
        const card = textsOf(cardOf(await act(f, VERBS.hetu, { ...hostile, formId: freshFormId(), ...MAIJA }, vendor)));
        assert.ok(card.includes(lookupText.fi.personalIdInField(lookupText.fi.fieldOther)), key);
        assert.ok(!card.includes('[object') && !card.includes('function'), key);
      }
      assert.equal(fake.stats().requests, 0, 'the fake ONR saw no request');
      const audit = await createLookupRepository(getStore()).listRecent();
      assert.ok(audit.every((a) => a.outcome === 'refused' && a.identifierHash === null));
      assert.deepEqual(
        scanText(`${log.text()}\n${JSON.stringify(audit)}`).filter((x) => x.kind === 'hetu-real'),
        [],
        'nothing in the log or the audit',
      );
    });

    it('issue 12 item 1: names are letters (any Latin), spaces, hyphens and apostrophes only', async () => {
      const f = feature();
      for (const [field, value, message] of [
        ['etunimet', 'Maija 2', lookupText.fi.namesEtunimet],
        ['sukunimi', 'Testinen#', lookupText.fi.namesSukunimi],
        ['sukunimi', 'Testinen ١٢', lookupText.fi.namesSukunimi],
        ['kutsumanimi', 'Ma1ja', lookupText.fi.namesKutsumanimi],
      ] as const) {
        const card = textsOf(cardOf(await act(f, VERBS.hetu, { formId: freshFormId(), ...MAIJA, [field]: value }, vendor)));
        assert.ok(card.includes(message), `${field}=${value}`);
      }
      assert.equal(fake.stats().requests, 0);
    });

    it('validates names before sending: kutsumanimi must be one of the first names', async () => {
      const f = feature();
      const card = cardOf(await act(f, VERBS.hetu, { formId: freshFormId(), ...MAIJA, kutsumanimi: 'Liisa' }, vendor));
      assert.ok(textsOf(card).includes(lookupText.fi.namesKutsumanimiNotInEtunimet));
      assert.equal(fake.stats().requests, 0);
    });

    it('ignores tampered payload fields and refuses malformed ones', async () => {
      const f = feature();
      // An own "__proto__" key, as JSON.parse produces it from a hostile payload.
      const hostile = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}') as Record<
        string,
        unknown
      >;
      const tampered = await act(
        f,
        VERBS.oid,
        { ...hostile, formId: freshFormId(), oid: MAIJA_OID, objectId: 'someone-else', role: 'ServiceOwnerAdmin' },
        vendor,
      );
      assert.ok(textsOf(cardOf(tampered)).includes(MAIJA_OID));
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      const [entry] = await createLookupRepository(getStore()).listRecent();
      assert.equal(entry?.objectId, vendor.objectId, 'identity from the turn, not the card');
      const malformed = cardOf(await act(f, VERBS.hetu, { formId: 'x', hetu: 'y'.repeat(5000) }, vendor));
      assert.ok(textsOf(malformed).includes(lookupText.fi.invalidForm));
    });

    it('refresh re-renders the requester’s own result; anyone else gets a fresh form', async () => {
      const f = feature();
      const result = cardOf(await act(f, VERBS.oid, { formId: freshFormId(), oid: MAIJA_DUPLICATE_OID }, vendor));
      const data = (result.refresh as { action: { data: Record<string, unknown> } }).action.data;
      const before = fake.stats().requests;
      const mine = cardOf(await act(f, VERBS.refresh, data, vendor));
      assert.deepEqual(mine.body, result.body);
      const someoneElse = cardOf(await act(f, VERBS.refresh, data, admin));
      assert.ok(textsOf(someoneElse).includes(VERBS.hetu) && !textsOf(someoneElse).includes(MAIJA_DUPLICATE_OID));
      const forged = cardOf(
        await act(f, VERBS.refresh, { ...data, view: { ...(data.view as object), oid: '1.2.246.562.98.55500000018' } }, vendor),
      );
      assert.ok(!textsOf(forged).includes('55500000018'));
      assert.equal(fake.stats().requests, before, 'refresh calls nothing');
    });

    it('testioppijanumerot lists safe test identifiers from the seeded persons', async () => {
      const f = feature();
      const [reply] = await command(f, 'testioppijanumerot').run(makeTurn({ user: makeUser('Participant') }));
      const json = textsOf(cardOf(reply!));
      for (const person of seedPersonViews()) {
        assert.ok(json.includes(person.oid));
        if (person.hetu) assert.ok(json.includes(person.hetu));
      }
      assert.ok(json.includes(NOT_FOUND_HETU));
      assert.ok(json.includes(lookupText.fi.bannerTitle));
      // Only guard-approved identifiers are listed, even if a bad one is configured.
      const g = feature({ testPersons: [{ ...seedPersonViews()[0]!, hetu: '290288-944G' }] }); // INVALID check character on purpose
      const [bad] = await command(g, 'test identifiers').run(makeTurn({ user: vendor, lang: 'en' }));
      assert.ok(!textsOf(cardOf(bad!)).includes('290288-944G'));
    });

    it('explains that look-ups are unavailable when ONR is not configured', async () => {
      const f = feature({ client: null });
      const [reply] = await command(f, 'testihaku').run(makeTurn({ user: vendor }));
      assert.ok(textsOf(cardOf(reply!)).includes(lookupText.fi.notConfigured));
    });

    describe('issue 15 item 12', () => {
      const VEETI = SEED_ONR_PERSONS.find((p) => p.scenario === 'unidentified')!;
      const EINO = SEED_VTJ_ONLY[0]!;
      const names = (p: { etunimet: string; kutsumanimi: string; sukunimi: string }) => ({
        etunimet: p.etunimet,
        kutsumanimi: p.kutsumanimi,
        sukunimi: p.sukunimi,
      });

      it('earlier results stay visible: "new look-up" carries them to the form and the next result lists them', async () => {
        const f = feature();
        const t = lookupText.fi;
        const first = cardOf(await act(f, VERBS.hetu, { formId: freshFormId(), ...MAIJA }, vendor));
        assert.ok(!textsOf(first).includes(t.historyTitle), 'nothing earlier yet');
        const nextForm = cardOf(await act(f, VERBS.newForm, actionData(first, VERBS.newForm), vendor));
        assert.ok(textsOf(nextForm).includes(t.historyTitle));
        assert.ok(textsOf(nextForm).includes(MAIJA_OID), 'the form still shows the first result');
        const submit = actionData(nextForm, VERBS.hetu);
        const second = cardOf(await act(f, VERBS.hetu, { ...submit, hetu: VEETI.hetu, ...names(VEETI) }, vendor));
        assert.ok(textsOf(second).includes(VEETI.oid), 'the new result');
        assert.ok(textsOf(second).includes(t.historyTitle));
        assert.ok(textsOf(second).includes(MAIJA_OID), 'the earlier result is still listed');
        assert.ok(!textsOf(second).includes(MAIJA.hetu), 'earlier results carry only the masked code');
        // A tampered history entry (a real-range OID node) is dropped, not shown.
        const tampered = cardOf(
          await act(
            f,
            VERBS.newForm,
            {
              formId: freshFormId(),
              history: [
                { kind: 'oid', maskedHetu: null, oid: '1.2.246.562.24.00000000001', oppijanumero: null, passivoitu: null, linked: null },
              ],
            },
            vendor,
          ),
        );
        assert.ok(!textsOf(tampered).includes('1.2.246.562.24.00000000001'));
      });

      it('a test-range code with a wrong check character stays in the form and the expected character is named', async () => {
        const f = feature();
        const card = cardOf(await act(f, VERBS.hetu, { formId: freshFormId(), ...MAIJA, hetu: '290288-944G' }, vendor)); // INVALID check character on purpose
        assert.equal(hetuField(card), '290288-944G');
        assert.ok(textsOf(card).includes(lookupText.fi.refusedCheckExpected('F')));
        assert.equal(fake.stats().requests, 0);
      });

      it('a real-range code is never kept or completed, whether its check character is right or wrong', async () => {
        const f = feature();
        // Built at run time: individual number 899 (outside the test range), once with its right check character.
        const rightCheck = `010594Y899${hetuCheckChar('010594', '899')}`;
        for (const hetu of [OUT_OF_RANGE_INVALID_HETU, rightCheck]) {
          const card = cardOf(await act(f, VERBS.hetu, { formId: freshFormId(), ...MAIJA, hetu }, vendor));
          assert.equal(hetuField(card), undefined);
          assert.ok(!textsOf(card).includes(hetu));
          assert.ok(!textsOf(card).includes(lookupText.fi.refusedCheck), 'no hint about its check character');
          assert.ok(textsOf(card).includes(lookupText.fi.refusedHetu));
        }
        assert.equal(fake.stats().requests, 0);
      });

      it('says whether the person was found or created, and the notes match not-identified results', async () => {
        const f = feature();
        const t = lookupText.en;
        const found = textsOf(cardOf(await act(f, VERBS.hetu, { formId: freshFormId(), ...MAIJA }, vendor, 'en')));
        assert.ok(found.includes(t.originFound));
        assert.ok(!found.includes(t.originCreated) && !found.includes(t.explainNewPerson) && !found.includes(t.explainCreated));
        const created = textsOf(cardOf(await act(f, VERBS.hetu, { formId: freshFormId(), hetu: EINO.hetu, ...names(EINO) }, vendor, 'en')));
        assert.ok(created.includes(t.originCreated));
        assert.ok(created.includes(t.explainCreated));
        const unidentified = textsOf(
          cardOf(await act(f, VERBS.hetu, { formId: freshFormId(), hetu: VEETI.hetu, ...names(VEETI) }, vendor, 'en')),
        );
        assert.ok(unidentified.includes(t.originFound));
        assert.ok(unidentified.includes(t.explainNotIdentified));
        assert.ok(!unidentified.includes(t.explainNewPerson), 'no note about a learner number the card does not show');
        assert.ok(!unidentified.includes(t.explainCreated));
      });

      it('the test-identifier list does not repeat the long test-code label for every person', async () => {
        const f = feature();
        const t = lookupText.fi;
        const [reply] = await command(f, 'testioppijanumerot').run(makeTurn({ user: vendor }));
        const json = textsOf(cardOf(reply!));
        assert.ok(!json.includes(t.hetuLabel), "the form's long label is not a fact title of every person");
        assert.equal(json.split(t.listHetu).length - 1, seedPersonViews().length, 'one short label per person');
        assert.equal(json.split('900–999').length - 1, 1, 'the range is said once, in the intro');
      });
    });
  });
});
