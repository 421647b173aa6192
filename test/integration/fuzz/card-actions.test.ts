/**
 * Fuzzing every Action.Execute verb of every feature through the real BotRouter (botbuilder
 * TestAdapter), as every role. Payloads come from a seeded generator (test/helpers/fuzz.ts): mostly
 * mutations of payloads harvested from the bot's own cards, the rest random objects. For each one:
 * an invoke response (200, a card or a localized message), no throw, no stack trace; refused and
 * read-only actions change no data. After the run: no prototype pollution, and the captured logs
 * hold no real-range henkilötunnus or token.
 *
 * Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> npx mocha test/integration/fuzz/card-actions.test.ts
 * More payloads: FUZZ_BOT_PAYLOADS=<n>.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { can, type Action, type Role } from '../../../bot/auth/roles.js';
import { CARD_CONTENT_TYPE } from '../../../bot/cards/card.js';
import { ERROR_CODES } from '../../../bot/errors.js';
import { SEED_ONR_PERSONS } from '../../../dev/fake-onr/index.js';
import { scanText } from '../../../scripts/privacy-scan.js';
import {
  Fuzzer,
  SeededRandom,
  asWire,
  fuzzSeed,
  harvestActions,
  hetuDisguises,
  makeHetu,
  prototypeFingerprint,
  prototypePollution,
  redactForReport,
} from '../../helpers/fuzz.js';
import {
  LEGACY_VERB_ALIASES as ANNOUNCEMENT_LEGACY_VERBS,
  VERBS as ANNOUNCEMENT_VERBS,
} from '../../../bot/features/announcements/verbs.js';
import { LEGACY_VERB_ALIASES as FEEDBACK_LEGACY_VERBS, VERBS as FEEDBACK_VERBS } from '../../../bot/features/feedback/verbs.js';
import { LEGACY_VERB_ALIASES as LOOKUP_LEGACY_VERBS, VERBS as LOOKUP_VERBS } from '../../../bot/features/lookup/verbs.js';
import {
  LEGACY_VERB_ALIASES as GUIDANCE_LEGACY_VERBS,
  VERB_TICKET_ANSWER,
  VERB_TICKET_ASSIGN,
  VERB_TICKET_CLOSE,
  VERB_TICKET_CREATE,
} from '../../../bot/features/guidance/verbs.js';
import { createBotWorld, type BotWorld, type FuzzUser } from './bot-world.js';
import { DbWatch } from './db-watch.js';

const SEED = fuzzSeed();
const PAYLOADS = Number(process.env.FUZZ_BOT_PAYLOADS ?? 2400);
const SUBMITS = Math.round(PAYLOADS / 10);
const ENVELOPES = 120;
const MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';
/** A-PRIV-5 proposal: a card payload stays under 28 KB (Teams refuses larger ones). */
const MAX_CARD_BYTES = 28 * 1024;

/**
 * What each verb needs. `null`: any user. A verb missing here fails the "policy table" test, so a
 * new verb cannot slip past the fuzz suite unclassified.
 */
const NEEDS: Record<string, Action | null> = {
  'help.run': null,
  'help.ask': null,
  'guidance.show': 'ask',
  'guidance.vote': 'vote',
  'guidance.vote-comment': 'vote',
  'guidance.ask-oph': 'ask',
  [VERB_TICKET_CREATE]: 'ask',
  [VERB_TICKET_ASSIGN]: 'answer-tickets',
  [VERB_TICKET_ANSWER]: 'answer-tickets',
  [VERB_TICKET_CLOSE]: 'answer-tickets',
  'onboarding.show': 'view-onboarding',
  [LOOKUP_VERBS.hetu]: 'run-test-lookup',
  [LOOKUP_VERBS.oid]: 'run-test-lookup',
  [LOOKUP_VERBS.newForm]: 'run-test-lookup',
  [LOOKUP_VERBS.refresh]: 'run-test-lookup',
  [LOOKUP_VERBS.testIds]: null,
  [FEEDBACK_VERBS.open]: 'give-feedback',
  [FEEDBACK_VERBS.submit]: 'give-feedback',
  [FEEDBACK_VERBS.list]: null,
  [FEEDBACK_VERBS.view]: null,
  [FEEDBACK_VERBS.vote]: 'vote',
  [FEEDBACK_VERBS.unvote]: 'vote',
  [FEEDBACK_VERBS.comment]: 'give-feedback',
  [FEEDBACK_VERBS.status]: 'triage-feedback',
  [FEEDBACK_VERBS.merge]: 'triage-feedback',
  [ANNOUNCEMENT_VERBS.form]: 'announce',
  [ANNOUNCEMENT_VERBS.save]: 'announce',
  [ANNOUNCEMENT_VERBS.send]: 'announce',
  [ANNOUNCEMENT_VERBS.approve]: 'approve-announcement',
  [ANNOUNCEMENT_VERBS.reject]: 'approve-announcement',
  [ANNOUNCEMENT_VERBS.unschedule]: 'announce',
  [ANNOUNCEMENT_VERBS.duplicate]: 'announce',
  [ANNOUNCEMENT_VERBS.remove]: 'announce',
  [ANNOUNCEMENT_VERBS.list]: 'announce',
  [ANNOUNCEMENT_VERBS.view]: 'announce',
  [ANNOUNCEMENT_VERBS.reviseForm]: 'announce',
  [ANNOUNCEMENT_VERBS.revise]: 'announce',
  [ANNOUNCEMENT_VERBS.retract]: 'announce',
  [ANNOUNCEMENT_VERBS.resendFailed]: 'announce',
  [ANNOUNCEMENT_VERBS.report]: 'announce',
  [ANNOUNCEMENT_VERBS.ack]: null,
  [ANNOUNCEMENT_VERBS.refresh]: null,
};
/** Verbs that only show something: no role may change data through them. */
const READ_ONLY = new Set<string>([
  'help.run',
  'help.ask',
  'guidance.show',
  'onboarding.show',
  LOOKUP_VERBS.newForm,
  LOOKUP_VERBS.testIds,
  LOOKUP_VERBS.refresh,
  FEEDBACK_VERBS.open,
  FEEDBACK_VERBS.list,
  FEEDBACK_VERBS.view,
  ANNOUNCEMENT_VERBS.form,
  ANNOUNCEMENT_VERBS.list,
  ANNOUNCEMENT_VERBS.view,
  ANNOUNCEMENT_VERBS.reviseForm,
  ANNOUNCEMENT_VERBS.report,
  ANNOUNCEMENT_VERBS.refresh,
]);
// Old verbs of renamed card actions (cards already posted in Teams) are answered as their new names.
const LEGACY_VERBS: Record<string, string> = {
  ...LOOKUP_LEGACY_VERBS,
  ...FEEDBACK_LEGACY_VERBS,
  ...ANNOUNCEMENT_LEGACY_VERBS,
  ...GUIDANCE_LEGACY_VERBS,
};
for (const [old, current] of Object.entries(LEGACY_VERBS)) {
  NEEDS[old] = NEEDS[current]!;
  if (READ_ONLY.has(current)) READ_ONLY.add(old);
}
/** Security audit trails: a refusal is allowed (expected) to leave an entry there (A-PRIV-10). */
const AUDIT_TABLES = new Set(['lookup_audit']);
/** No card action may change who has which role or the institution register. */
const NEVER_CHANGED_BY_CARDS = ['app_users', 'institutions'];

interface Problem {
  what: string;
  verb: string;
  role: string;
  iteration: number;
  detail: string;
}

/** A payload summary for a failure message: shape and sizes, never values (they may be canaries). */
function shape(value: unknown, depth = 0): string {
  if (depth > 2) return '…';
  if (Array.isArray(value)) return `[${value.length}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .slice(0, 8)
      .map((k) => `${JSON.stringify(k)}:${shape((value as Record<string, unknown>)[k], depth + 1)}`)
      .join(',')}}`;
  if (typeof value === 'string') return `str(${value.length})`;
  return typeof value;
}

/** An effective date the announcement checks accept whenever the suite runs. */
const inTwoMonths = () => new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);

const STACK_TRACE =
  /\bat [\w$.<>\s[\]]*\(?(?:file:\/\/)?[^\s()]*\.(?:ts|js|mjs|cjs):\d+:\d+|ZodError|"code":"invalid_type"|TypeError:|ReferenceError:/;

describe('fuzz: every card action verb through the real router', function () {
  this.timeout(180_000);
  const rng = new SeededRandom(SEED);
  const protoBefore = prototypeFingerprint();
  const pool = new Map<string, Array<Record<string, unknown>>>();
  const problems: Problem[] = [];
  const internal: Problem[] = [];
  const oversized: Problem[] = [];
  const figures = { invokes: 0, submits: 0, envelopes: 0, cards: 0, messages: 0, writes: 0, refusedUnchanged: 0, ms: 0 };
  let world: BotWorld;
  let watch: DbWatch;
  let fuzzer: Fuzzer;
  let sentSeen = 0;
  let logSeen = 0;

  const roleOf = (user: FuzzUser): Role => user.role ?? 'Participant';

  /** Remembers the actions of every card seen (replies, invoke responses, proactive messages). */
  const harvest = (replies: Array<Partial<Activity>>) => {
    const found = [...replies.flatMap((r) => harvestActions(r.type === 'invokeResponse' ? r.value : r.attachments))];
    for (const sent of world.messenger.sent.slice(sentSeen)) found.push(...harvestActions(sent.reply));
    sentSeen = world.messenger.sent.length;
    for (const action of found) {
      const list = pool.get(action.verb) ?? [];
      if (list.length < 12) list.push(action.data);
      else list[rng.int(0, list.length - 1)] = action.data;
      pool.set(action.verb, list);
    }
  };
  // An old verb takes the payloads harvested for its new name (the cards carry only new verbs).
  const seedFor = (verb: string) => {
    const list = pool.get(LEGACY_VERBS[verb] ?? verb);
    return list?.length ? rng.pick(list) : undefined;
  };
  const userByKey = (key: string) => world.users.find((u) => u.key === key)!;

  /** Turns the new log lines into problems when the router logged an internal failure. */
  const internalFailures = (): string[] => {
    const lines = world.logLines.slice(logSeen);
    logSeen = world.logLines.length;
    return lines
      .filter((l) => l.includes('"level":50'))
      .map((l) => {
        const record = JSON.parse(l) as { msg?: string; code?: string; err?: { type?: string; message?: string } };
        return `${record.msg ?? ''} ${record.code ?? ''} ${record.err?.type ?? ''}: ${(record.err?.message ?? '').slice(0, 120).replace(/\s+/g, ' ')}`;
      });
  };

  function checkInvokeResponse(replies: Array<Partial<Activity>>): {
    error?: string;
    kind?: 'card' | 'message';
    text?: string;
    bytes?: number;
  } {
    const responses = replies.filter((r) => r.type === 'invokeResponse');
    if (responses.length !== 1) return { error: `expected one invoke response, got ${responses.length}` };
    const { status, body } = (responses[0]!.value ?? {}) as {
      status?: number;
      body?: { statusCode?: number; type?: string; value?: unknown };
    };
    if (status !== 200 || body?.statusCode !== 200) return { error: `status ${status}/${body?.statusCode}` };
    const everything = JSON.stringify(replies);
    if (STACK_TRACE.test(everything)) return { error: 'stack trace or validator internals in the answer' };
    if (everything.includes('[object Object]')) return { error: 'a stringified object in the answer' };
    if (body.type === CARD_CONTENT_TYPE) {
      const card = body.value as { type?: string; body?: unknown };
      if (card?.type !== 'AdaptiveCard' || !Array.isArray(card.body)) return { error: 'card answer without an Adaptive Card' };
      return { kind: 'card', bytes: Buffer.byteLength(JSON.stringify(card)) };
    }
    if (body.type === MESSAGE_TYPE) {
      if (typeof body.value !== 'string' || !body.value.trim()) return { error: 'empty message answer' };
      // Localized sentences, not a bare error code or a stringified object.
      if ((ERROR_CODES as readonly string[]).includes(body.value.trim())) return { error: `bare error code ${body.value} as the answer` };
      return { kind: 'message', text: body.value };
    }
    return { error: `unexpected answer type ${String(body.type)}` };
  }

  async function checkData(verb: string, user: FuzzUser, iteration: number): Promise<void> {
    const changed = (await watch.changedTables()).filter((t) => !AUDIT_TABLES.has(t));
    const needs = NEEDS[verb];
    const refused = needs !== undefined && needs !== null && !can({ role: roleOf(user) }, needs);
    const forbiddenWrite = changed.filter((t) => NEVER_CHANGED_BY_CARDS.includes(t));
    if (forbiddenWrite.length)
      problems.push({ what: 'changed a table no card may change', verb, role: user.key, iteration, detail: forbiddenWrite.join(',') });
    if ((refused || READ_ONLY.has(verb) || !(verb in NEEDS)) && changed.length) {
      problems.push({
        what: refused ? 'a refused action changed data' : 'a read-only action changed data',
        verb,
        role: user.key,
        iteration,
        detail: changed.join(','),
      });
    } else if (refused || READ_ONLY.has(verb)) {
      figures.refusedUnchanged++;
    }
    if (changed.length) figures.writes++;
  }

  /** Valid flows first, so the pool holds real ids: feedback items, announcements, tickets, look-up results. */
  async function prime(): Promise<void> {
    const admin = userByKey('ServiceOwnerAdmin');
    const instA = userByKey('InstitutionAdmin@A');
    const vendor = userByKey('Vendor');
    const participant = userByKey('Participant');
    for (const user of world.users) harvest(await world.invoke(user, 'help.ask', {}));
    for (const [user, text] of [
      [admin, 'apua'],
      [admin, 'testihaku'],
      [admin, 'testioppijanumerot'],
      [admin, 'palaute'],
      [admin, 'ehdotukset'],
      [admin, 'tiedote'],
      [admin, 'tiedotteet'],
      [admin, 'aukot'],
      [instA, 'tilanne'],
      [admin, 'tilanne Kuurankoski'],
      [instA, 'miten saan testitunnukset?'],
      [participant, 'mikä on kissan lempiruoka?'],
      [vendor, 'testihaku'],
    ] as const) {
      harvest(await world.say(user, text));
    }
    const feedbackForm = {
      type: 'proposal',
      topic: 'yleistunniste',
      title: 'Eräajon tila rajapintaan',
      description: 'Eräajon tila olisi hyvä saada kyselyllä.',
      impact: 'Kaikki',
      contactOk: 'true',
    };
    for (const user of [instA, participant]) {
      harvest(
        await world.invoke(user, FEEDBACK_VERBS.submit, {
          ...(seedFor(FEEDBACK_VERBS.submit) ?? {}),
          ...feedbackForm,
          formId: randomUUID(),
        }),
      );
    }
    harvest(await world.invoke(admin, FEEDBACK_VERBS.list, { filterType: 'all', filterStatus: 'all' }));
    const ref = (await world.store.db.selectFrom('feedback_items').select('ref').execute())[0]?.ref;
    if (ref) harvest(await world.invoke(admin, FEEDBACK_VERBS.view, { ref }));
    const announcement = {
      titleFi: 'Yleistunnisteen virhekoodit muuttuvat',
      bodyFi: 'Rajapinta palauttaa uudet virhekoodit.',
      titleSv: 'Felkoderna ändras',
      bodySv: 'Gränssnittet returnerar nya felkoder.',
      category: 'breaking',
      effectiveDate: inTwoMonths(),
      interfaces: 'yleistunniste',
      link: 'https://wiki.eduuni.fi/display/ONR',
      audienceKind: 'all',
    };
    for (let i = 0; i < 2; i++)
      harvest(
        await world.invoke(admin, ANNOUNCEMENT_VERBS.save, {
          ...(seedFor(ANNOUNCEMENT_VERBS.save) ?? {}),
          ...announcement,
          formId: randomUUID(),
        }),
      );
    const send = seedFor(ANNOUNCEMENT_VERBS.send);
    if (send) harvest(await world.invoke(admin, ANNOUNCEMENT_VERBS.send, send));
    harvest(await world.invoke(admin, ANNOUNCEMENT_VERBS.list, {}));
    const askOph = seedFor('guidance.ask-oph');
    if (askOph) harvest(await world.invoke(participant, 'guidance.ask-oph', askOph));
    const ticketCreate = seedFor(VERB_TICKET_CREATE);
    if (ticketCreate)
      harvest(await world.invoke(participant, VERB_TICKET_CREATE, { ...ticketCreate, question: 'Miten oppijanumero haetaan eräajossa?' }));
    const person = SEED_ONR_PERSONS.find((p) => p.hetu && p.scenario === 'identified-master')!;
    harvest(
      await world.invoke(vendor, LOOKUP_VERBS.hetu, {
        formId: randomUUID(),
        hetu: person.hetu,
        etunimet: person.etunimet,
        kutsumanimi: person.kutsumanimi,
        sukunimi: person.sukunimi,
      }),
    );
    harvest(await world.invoke(vendor, LOOKUP_VERBS.oid, { formId: randomUUID(), oid: person.oid }));
    internalFailures();
  }

  before(async function () {
    const started = performance.now();
    world = await createBotWorld();
    await prime();
    const foreignIds = [...world.institutionIds.slice(1, 4), 'KE-2026-0001', '00000000-0000-4000-8000-000000000000'];
    fuzzer = new Fuzzer(rng, { foreignIds });
    watch = await DbWatch.create(world.store);

    const verbs = [...world.verbs, 'no.such.verb'];
    const runOne = async (i: number, mode: 'invoke' | 'submit') => {
      const user = rng.pick(world.users);
      const verb = rng.pick(verbs);
      const data = asWire(fuzzer.payload(seedFor(verb)));
      const markers = fuzzer.markers();
      let replies: Array<Partial<Activity>>;
      try {
        replies = mode === 'invoke' ? await world.invoke(user, verb, data) : await world.submit(user, { ...data, verb });
      } catch (error) {
        problems.push({
          what: `${mode} threw`,
          verb,
          role: user.key,
          iteration: i,
          detail: `${(error as Error).name}: ${(error as Error).message.slice(0, 200)} payload ${shape(data)}`,
        });
        await watch.changedTables();
        return;
      }
      if (mode === 'invoke') {
        figures.invokes++;
        const answer = checkInvokeResponse(replies);
        if (answer.error) problems.push({ what: answer.error, verb, role: user.key, iteration: i, detail: shape(data) });
        if (answer.kind === 'card') figures.cards++;
        if (answer.kind === 'message') figures.messages++;
        if (answer.text && markers.some((m) => answer.text!.includes(m)))
          problems.push({ what: 'message echoes the payload', verb, role: user.key, iteration: i, detail: shape(data) });
        if ((answer.bytes ?? 0) > MAX_CARD_BYTES)
          oversized.push({
            what: 'card over 28 KB',
            verb,
            role: user.key,
            iteration: i,
            detail: `${answer.bytes} bytes for ${shape(data)}`,
          });
      } else {
        figures.submits++;
        const texts = replies.filter((r) => r.type === 'message');
        if (texts.length === 0)
          problems.push({ what: 'Action.Submit got no answer', verb, role: user.key, iteration: i, detail: shape(data) });
        if (STACK_TRACE.test(JSON.stringify(replies)))
          problems.push({ what: 'stack trace in a submit answer', verb, role: user.key, iteration: i, detail: shape(data) });
      }
      for (const failure of internalFailures())
        internal.push({ what: 'internal error', verb, role: user.key, iteration: i, detail: `${failure} payload ${shape(data)}` });
      await checkData(verb, user, i);
      harvest(replies);
    };

    for (let i = 0; i < PAYLOADS; i++) await runOne(i, 'invoke');
    for (let i = 0; i < SUBMITS; i++) await runOne(PAYLOADS + i, 'submit');

    // Malformed envelopes: the action itself missing or of the wrong type (what botbuilder parses).
    const envelopeRng = rng.fork();
    for (let i = 0; i < ENVELOPES; i++) {
      const user = envelopeRng.pick(world.users);
      const value = asWire(
        envelopeRng.pick([
          () => ({ action: fuzzer.value() }),
          () => ({ action: { type: 'Action.Execute', verb: fuzzer.value(), data: fuzzer.value() } }),
          () => ({ action: { type: fuzzer.string(), verb: FEEDBACK_VERBS.list, data: {} } }),
          () => ({ action: { type: 'Action.Execute', verb: 'help.ask', data: [] } }),
          () => fuzzer.object(),
        ])(),
      );
      fuzzer.markers();
      figures.envelopes++;
      try {
        const replies = await world.send(user, { type: 'invoke', name: 'adaptiveCard/action', value });
        const response = replies.find((r) => r.type === 'invokeResponse');
        const status = (response?.value as { status?: number } | undefined)?.status;
        if (!response || !status || status >= 500)
          problems.push({
            what: 'malformed envelope without a 2xx/4xx invoke response',
            verb: 'envelope',
            role: user.key,
            iteration: i,
            detail: `status ${status} for ${shape(value)}`,
          });
        else if (status !== 200 && status !== 400)
          problems.push({
            what: `unexpected envelope status ${status}`,
            verb: 'envelope',
            role: user.key,
            iteration: i,
            detail: shape(value),
          });
      } catch (error) {
        problems.push({
          what: 'malformed envelope threw',
          verb: 'envelope',
          role: user.key,
          iteration: i,
          detail: `${(error as Error).name}: ${(error as Error).message.slice(0, 160)} for ${shape(value)}`,
        });
      }
      for (const failure of internalFailures())
        internal.push({ what: 'internal error', verb: 'envelope', role: user.key, iteration: i, detail: failure });
      await watch.changedTables();
    }
    figures.ms = Math.round(performance.now() - started);
    // Figures for the report (B5): payload counts and the run time of this suite.
    process.stdout.write(
      `      fuzz (card actions): seed ${SEED}, ${figures.invokes} invokes + ${figures.submits} submits + ${figures.envelopes} envelopes over ${world.verbs.length} verbs × ${world.users.length} roles in ${figures.ms} ms; ${figures.cards} cards, ${figures.messages} messages, ${figures.writes} writes, ${figures.refusedUnchanged} refused/read-only unchanged; ${fuzzer.stats.hetu} hetu-shaped, ${fuzzer.stats.huge} ≥100 KB, ${fuzzer.stats.pollution} pollution, ${fuzzer.stats.deep} deep\n`,
    );
  });

  after(async () => {
    await world?.close();
  });

  const list = (items: Problem[]) => {
    const grouped = new Map<string, { first: Problem; count: number }>();
    for (const p of items) {
      const key = `${p.what} | ${p.verb} | ${p.role}`;
      const entry = grouped.get(key);
      if (entry) entry.count++;
      else grouped.set(key, { first: p, count: 1 });
    }
    return [...grouped.entries()]
      .map(
        ([key, { first, count }]) => `  ${redactForReport(key)} ×${count} (first at #${first.iteration}: ${redactForReport(first.detail)})`,
      )
      .join('\n');
  };

  it('every declared verb is in the fuzz policy table (needs a role? read-only?)', () => {
    const unknown = world.verbs.filter((v) => !(v in NEEDS));
    assert.deepEqual(unknown, [], `classify these verbs in NEEDS/READ_ONLY: ${unknown.join(', ')}`);
    assert.ok(world.verbs.length >= 30, `verbs found: ${world.verbs.length}`);
    const seeded = (v: string) => pool.has(LEGACY_VERBS[v] ?? v);
    const harvested = world.verbs.filter(seeded);
    assert.ok(
      harvested.length >= world.verbs.length * 0.6,
      `valid-shaped seeds for ${harvested.length}/${world.verbs.length} verbs: ${world.verbs.filter((v) => !seeded(v)).join(', ')}`,
    );
  });

  it(`A-PRIV-6 fuzz: ${PAYLOADS} invokes as every role — each answered with 200 and a card or a localized message, no throw, no stack trace, no echo`, () => {
    assert.equal(figures.invokes, PAYLOADS);
    const failures = problems.filter((p) => !p.what.includes('changed') && p.verb !== 'envelope' && !p.what.includes('submit'));
    assert.equal(failures.length, 0, `seed ${SEED}:\n${list(failures)}`);
    assert.ok(figures.cards > 0 && figures.messages > 0);
  });

  it('A-TAB-4 fuzz: refused and read-only actions change no data; no card changes app_users or institutions', () => {
    const failures = problems.filter((p) => p.what.includes('changed'));
    assert.equal(failures.length, 0, `seed ${SEED}:\n${list(failures)}`);
    assert.ok(figures.refusedUnchanged > PAYLOADS / 4, `checked ${figures.refusedUnchanged}`);
    assert.ok(figures.writes > 0, 'some allowed payloads did write (the watch sees writes)');
  });

  it("A-PRIV-6 fuzz: mass assignment — stored feedback carries the submitter's own institution, never a forged one", async () => {
    const items = await world.store.db.selectFrom('feedback_items').select(['submitter_object_id', 'institution_id']).execute();
    assert.ok(items.length >= 2);
    for (const item of items) {
      const user = world.users.find((u) => u.objectId === item.submitter_object_id);
      assert.ok(user, 'a submitter is one of the fuzz users');
      assert.equal(item.institution_id, user.institutionId, `institution of ${user.key}'s item`);
    }
  });

  it(`fuzz: ${SUBMITS} Action.Submit fallbacks answer with a message and never throw`, () => {
    const failures = problems.filter((p) => p.what.includes('submit') || p.what.startsWith('Action.Submit'));
    assert.equal(failures.length, 0, `seed ${SEED}:\n${list(failures)}`);
    assert.equal(figures.submits, SUBMITS);
  });

  it(`fuzz: ${ENVELOPES} malformed invoke envelopes get a 200 or 400 invoke response and never crash the turn`, () => {
    const failures = problems.filter((p) => p.verb === 'envelope');
    assert.equal(failures.length, 0, `seed ${SEED}:\n${list(failures)}`);
  });

  it('fuzz: no prototype pollution after the run (Object/Array/Function/String prototypes unchanged)', () => {
    assert.deepEqual(prototypePollution(protoBefore), []);
    assert.ok(fuzzer.stats.pollution > 50, `pollution payloads sent: ${fuzzer.stats.pollution}`);
  });

  it('A-PRIV-6 fuzz: malformed card data is refused as a validation problem, never logged as an internal error', () => {
    assert.equal(internal.length, 0, `seed ${SEED}:\n${list(internal)}`);
  });

  it('A-PRIV-5 fuzz: no answer card exceeds 28 KB, whatever was typed', () => {
    assert.equal(oversized.length, 0, `seed ${SEED}:\n${list(oversized)}`);
  });

  it('A-PRIV-3 fuzz: the captured logs hold no real-range henkilötunnus, token or secret', () => {
    const findings = scanText(world.logLines.join(''), 'fuzz logs');
    const hits = findings.filter((f) => f.kind !== 'hetu-test');
    assert.deepEqual(
      hits.map((f) => `${f.kind} at line ${f.line}`),
      [],
    );
    assert.ok(world.logLines.length > 100);
  });

  it('issue 12 fuzz: a code in any disguise in a look-up name field never reaches the fake ONR', async () => {
    const vendor = userByKey('Vendor');
    const person = SEED_ONR_PERSONS.find((p) => p.hetu && p.scenario === 'identified-master')!;
    const before = world.fakeOnr.stats().requests;
    const names = { etunimet: person.etunimet, kutsumanimi: person.kutsumanimi, sukunimi: person.sukunimi };
    let sent = 0;
    for (let i = 0; i < 60; i++) {
      const code = makeHetu(rng, { kind: rng.pick(['real', 'test', 'invalid-check'] as const) });
      const field = rng.pick(['etunimet', 'kutsumanimi', 'sukunimi'] as const);
      const [, disguised] = rng.pick(hetuDisguises(code));
      const value = rng.chance(0.5) ? disguised : `${names[field]} ${disguised}`;
      const replies = await world.invoke(vendor, LOOKUP_VERBS.hetu, { formId: randomUUID(), hetu: person.hetu, ...names, [field]: value });
      sent++;
      assert.ok(replies.length > 0, 'answered');
    }
    assert.equal(sent, 60);
    assert.equal(world.fakeOnr.stats().requests, before, `seed ${SEED}: a code in a name field reached the fake ONR`);
  });

  it('A-PRIV-1 fuzz: the database holds no real-range henkilötunnus after the run', async () => {
    assert.ok(fuzzer.stats.hetu > 100, `hetu-shaped values sent: ${fuzzer.stats.hetu}`);
    const hits = (await watch.textCells()).flatMap((cell) => scanText(cell.text, cell.label)).filter((f) => f.kind === 'hetu-real');
    assert.deepEqual(
      hits.map((f) => f.source),
      [],
      `${hits.length} real-range code(s) stored`,
    );
  });
});
