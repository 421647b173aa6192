import { createHmac, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/db.js';
import { can, type UserContext } from '../../auth/roles.js';
import { auditMaskHetu, containsPersonalId } from '../../privacy.js';
import type { Lang } from '../../i18n/index.js';
import { createLookupRepository, type LookupKind, type LookupRepository } from '../../store/lookup-repository.js';
import type { ActionResult, Feature, Reply, TurnInput } from '../types.js';
import { lookupText } from './i18n.js';
import {
  guardHetu,
  guardOid,
  checkNames,
  normaliseName,
  testHetuWithWrongCheck,
  type HetuRefusal,
  type OidRefusal,
  type NameProblem,
} from './identifiers.js';
import { isOnrError, type OnrErrorKind } from './onr-errors.js';
import type { OnrClient } from './onr-client.js';
import type { OnrEnvironment } from './onr-endpoints.js';
import { SlidingWindowRateLimiter } from '../../rate-limiter.js';
import { LEGACY_VERB_ALIASES, VERBS } from './verbs.js';
import {
  lookupFormCard,
  lookupResultCard,
  lookupMessageCard,
  testIdentifiersCard,
  personOrigin,
  MAX_HISTORY,
  type FormPrefill,
  type Notice,
  type ResultView,
  type TestPersonListing,
} from './cards.js';

/**
 * The test look-up capability: `testihaku` opens a form; the form's Action.Execute verbs run the
 * look-up and answer with a card only the requester sees (the invoke response). Order of work on a
 * submit: authorise → validate the payload → identifier guard → claim the form (idempotency) →
 * per-user rate limit → ONR → audit. A refused identifier never reaches ONR, the database or a log.
 */

export interface LookupFeatureDeps {
  store: Store;
  logger: Logger;
  /** null when ONR is not configured: the commands then explain that look-ups are unavailable. */
  client: OnrClient | null;
  /** The look-up limits and audit key, passed in by the composition root (from LOOKUP_* in config). */
  config: {
    LOOKUP_RATE_LIMIT: number;
    LOOKUP_RATE_WINDOW_SECONDS: number;
    LOOKUP_APP_RATE_LIMIT?: number;
    LOOKUP_AUDIT_SECRET?: string | undefined;
  };
  clock?: () => Date;
  /** Safe test identifiers shown by `testioppijanumerot` (local mode: the fake's seeded persons). */
  testPersons?: readonly TestPersonListing[];
  /** A valid test hetu known to neither ONR nor VTJ, listed as the "not found" example. */
  notFoundHetu?: string | null;
  /**
   * The requester's id for the card's `refresh.userIds`. Teams expects a user MRI; TurnInput carries
   * the Entra object id, so the default is the `8:orgid:<objectId>` form.
   */
  requesterMri?: (user: UserContext) => string;
  /**
   * ONR time for one look-up including the follow-up OID check. Default 2.2 s: the router answers every
   * invoke within 2.5 s, and claim, audit and card building need the rest.
   */
  lookupBudgetMs?: number;
}

export const LOOKUP_COMMANDS = ['testihaku', 'testsökning', 'test lookup'] as const;
export const TEST_IDS_COMMANDS = ['testioppijanumerot', 'testidentifierare', 'test identifiers'] as const;

// The id a form card carries (a UUID from newFormId); never anything shaped like a henkilötunnus.
const FORM_ID = z
  .string()
  .regex(/^[A-Za-z0-9-]{8,64}$/)
  .refine((v) => !containsPersonalId(v));
const text = (max: number) => z.string().max(max).optional().default('');
const OID_VALUE = z.string().regex(/^1\.2\.246\.562\.\d{1,4}\.\d{11}$/);
/** A result as a card carries it (refresh data, earlier results): masked hetu and OIDs only. */
const RESULT_VIEW = z.object({
  kind: z.enum(['hetu', 'oid']),
  maskedHetu: z
    .string()
    .regex(/^\d{6}[-+A-FU-Y]9\*\*\*$/)
    .nullable(),
  oid: OID_VALUE,
  oppijanumero: OID_VALUE.nullable(),
  passivoitu: z.boolean().nullable(),
  linked: z.array(OID_VALUE).max(60).nullable(),
  origin: z.enum(['found', 'created']).nullable().optional(),
});
/** Earlier results handed from card to card; a malformed list is dropped rather than failing the look-up. */
const HISTORY = z
  .array(RESULT_VIEW)
  .max(MAX_HISTORY)
  .optional()
  .catch(undefined)
  .transform((h) => h ?? []);
const hetuSubmit = z.object({
  formId: FORM_ID,
  hetu: text(64),
  etunimet: text(200),
  kutsumanimi: text(100),
  sukunimi: text(200),
  history: HISTORY,
});
const oidSubmit = z.object({ formId: FORM_ID, oid: text(128), history: HISTORY });
const newFormSubmit = z.object({ history: HISTORY });
const refreshSubmit = z.object({ requester: z.string().min(1).max(128), view: RESULT_VIEW, history: HISTORY });

/** ONR's other outcomes: the notice is the catalog's `<key>` with what to do next in `<key>Next`. */
const ONR_ERROR_TEXT = {
  name_mismatch: 'nameMismatch',
  validation: 'validation',
  unauthorized: 'unauthorized',
  forbidden: 'forbiddenOnr',
  auth_failed: 'authFailed',
  timeout: 'timeout',
  unavailable: 'unavailable',
  circuit_open: 'circuitOpen',
  unexpected: 'unexpected',
} as const satisfies Record<Exclude<OnrErrorKind, 'not_found' | 'refused'>, keyof (typeof lookupText)['fi']>;

/** Test look-ups through the whole app per window when LOOKUP_APP_RATE_LIMIT is not given. */
export const DEFAULT_APP_LOOKUP_LIMIT = 200;
/** Audit rows a user's refused or invalid submits may write per window. */
export const REFUSED_AUDIT_PER_USER = 10;

/** Remembers a form's answer for a short while so a redelivered invoke gets the same card. */
const ANSWER_TTL_MS = 2 * 60 * 1000;
const MAX_REMEMBERED = 500;

/** A look-up whose identifier passed the guard: the form it answers, what to fill back in, and the ONR call. */
interface LookupRequest {
  formId: string;
  kind: LookupKind;
  /** The identifier's keyed hash for the audit row. */
  auditHash: string;
  prefill: FormPrefill;
  history: readonly ResultView[];
  /** Asks ONR; `deadline` is the performance.now() by which the answer must be in. */
  call: (deadline: number) => Promise<ResultView>;
}

export function createLookupFeature(deps: LookupFeatureDeps): Feature {
  const { logger, client } = deps;
  const clock = deps.clock ?? (() => new Date());
  const repository: LookupRepository = createLookupRepository(deps.store);
  const windowMs = deps.config.LOOKUP_RATE_WINDOW_SECONDS * 1000;
  const limiter = new SlidingWindowRateLimiter(deps.config.LOOKUP_RATE_LIMIT, windowMs, () => clock().getTime());
  // A-PRIV-8: the whole app's share of the shared test environment, besides each user's.
  const appLimiter = new SlidingWindowRateLimiter(deps.config.LOOKUP_APP_RATE_LIMIT ?? DEFAULT_APP_LOOKUP_LIMIT, windowMs, () =>
    clock().getTime(),
  );
  // Refusals cost no ONR call, so nothing else bounds them: a user's refused attempts write at most
  // REFUSED_AUDIT_PER_USER audit rows per window; the rest are counted in the log only.
  const refusedAuditLimiter = new SlidingWindowRateLimiter(REFUSED_AUDIT_PER_USER, windowMs, () => clock().getTime());
  let auditKey: Promise<Buffer> | null = deps.config.LOOKUP_AUDIT_SECRET
    ? Promise.resolve(Buffer.from(deps.config.LOOKUP_AUDIT_SECRET, 'utf8'))
    : null;
  /** A-PRIV-4: the audit keeps HMAC-SHA-256(identifier) under a server-side key, never a part of it. */
  async function identifierHash(kind: LookupKind, value: string): Promise<string> {
    auditKey ??= repository.auditKey(clock().toISOString());
    const key = await auditKey.catch((error: unknown) => {
      auditKey = null;
      throw error;
    });
    return createHmac('sha256', key).update(`${kind}:${value}`).digest('base64url');
  }
  const requesterMri = deps.requesterMri ?? ((user: UserContext) => `8:orgid:${user.objectId}`);
  const budgetMs = deps.lookupBudgetMs ?? 2_200;
  const environment: OnrEnvironment = client?.environment ?? 'local';
  // Only identifiers that pass the guard are ever offered as "safe to try".
  const testPersons = (deps.testPersons ?? []).filter((p) => (p.hetu === null || guardHetu(p.hetu).ok) && guardOid(p.oid).ok);
  const notFoundHetu = deps.notFoundHetu && guardHetu(deps.notFoundHetu).ok ? deps.notFoundHetu : null;
  const answers = new Map<string, { result: Promise<ActionResult>; expiresAt: number }>();

  const nowIso = () => clock().toISOString();
  const newFormId = () => randomUUID();
  const actorOf = (user: UserContext) => ({ tenantId: user.tenantId, objectId: user.objectId });

  function remember(key: string, result: Promise<ActionResult>): Promise<ActionResult> {
    const now = Date.now();
    for (const [k, v] of answers) if (v.expiresAt <= now || answers.size >= MAX_REMEMBERED) answers.delete(k);
    answers.set(key, { result, expiresAt: now + ANSWER_TTL_MS });
    // A failed computation must not be replayed.
    result.catch(() => answers.delete(key));
    return result;
  }

  function form(lang: Lang, notice?: Notice, prefill?: FormPrefill, history: readonly ResultView[] = []): ActionResult {
    return { kind: 'card', card: lookupFormCard({ lang, environment, formId: newFormId(), notice, prefill, history }) };
  }

  /** Earlier results stay valid only while every OID in them passes the guard. */
  function safeHistory(history: readonly ResultView[]): ResultView[] {
    return history.filter((view) => [view.oid, view.oppijanumero, ...(view.linked ?? [])].every((o) => o === null || guardOid(o).ok));
  }

  function refusalNotice(lang: Lang, reason: HetuRefusal | OidRefusal): Notice {
    const t = lookupText[lang];
    switch (reason) {
      case 'date':
        return { message: t.refusedDate, next: t.refusedHetuNext, notSent: true };
      case 'check':
        return { message: t.refusedCheck, next: t.refusedHetuNext, notSent: true };
      case 'format':
      case 'not_test_range':
        return { message: t.refusedHetu, next: t.refusedHetuNext, notSent: true };
      default:
        return { message: t.refusedOid, next: t.refusedOidNext, notSent: true };
    }
  }

  /** Names the field (never its value) that carried a henkilötunnus where none belongs. */
  function personalIdNotice(lang: Lang, field: string): Notice {
    const t = lookupText[lang];
    const labels = new Map([
      ['etunimet', t.fieldEtunimet],
      ['kutsumanimi', t.fieldKutsumanimi],
      ['sukunimi', t.fieldSukunimi],
      ['oid', t.fieldOid],
    ]);
    const label = labels.get(field) ?? t.fieldOther;
    return { message: t.personalIdInField(label), next: t.personalIdNext, notSent: true };
  }

  function namesNotice(lang: Lang, problem: Exclude<NameProblem, 'personal_id'>): Notice {
    const t = lookupText[lang];
    const message = {
      etunimet: t.namesEtunimet,
      kutsumanimi: t.namesKutsumanimi,
      sukunimi: t.namesSukunimi,
      kutsumanimi_not_in_etunimet: t.namesKutsumanimiNotInEtunimet,
    }[problem];
    return { message, next: t.namesNext, notSent: true };
  }

  function errorNotice(lang: Lang, kind: OnrErrorKind, lookupKind: LookupKind): Notice {
    const t = lookupText[lang];
    if (kind === 'not_found')
      return lookupKind === 'oid' ? { message: t.oidNotFound, next: t.oidNotFoundNext } : { message: t.notFound, next: t.notFoundNext };
    if (kind === 'refused')
      return {
        message: lookupKind === 'oid' ? t.refusedOid : t.refusedHetu,
        next: lookupKind === 'oid' ? t.refusedOidNext : t.refusedHetuNext,
        notSent: true,
      };
    const key = ONR_ERROR_TEXT[kind] ?? 'unexpected';
    return { message: t[key], next: t[`${key}Next`] };
  }

  /**
   * One-step audit entry for outcomes decided without ONR (refused, invalid, forbidden). They do not
   * consume the form: a user whose form stays on screen (Action.Submit fallback) can fix a typo and send it again.
   */
  async function audit(user: UserContext, kind: LookupKind, outcome: string, identifierHash: string | null = null): Promise<void> {
    if (!refusedAuditLimiter.take(`${user.tenantId}|${user.objectId}`).allowed) {
      logger.info({ event: 'lookup.audit_suppressed', kind, outcome }, 'audit row not written: too many refused submits from one user');
      return;
    }
    try {
      await repository.record(actorOf(user), { formId: `${outcome}-${randomUUID()}`, kind, outcome, identifierHash }, nowIso());
    } catch (error) {
      // The audit must not turn a refusal into a crash; the failure is logged without values.
      logger.error({ event: 'lookup.audit_failed', err: error }, 'lookup audit write failed');
    }
  }

  function resultCard(input: TurnInput, view: ResultView, history: readonly ResultView[] = []): ActionResult {
    return {
      kind: 'card',
      card: lookupResultCard({
        lang: input.lang,
        environment,
        view,
        history: safeHistory(history),
        newFormId: newFormId(),
        refresh: { requesterObjectId: input.user.objectId, requesterMri: requesterMri(input.user) },
      }),
    };
  }

  /**
   * Once per form: a redelivered invoke (Teams retries slow ones, sometimes with a new activity id)
   * gets the first answer from memory, or — on another instance — finds the form claimed in the database.
   */
  function runLookup(input: TurnInput, request: LookupRequest): Promise<ActionResult> {
    const key = `${request.kind}|${input.user.tenantId}|${input.user.objectId}|${request.formId}`;
    const known = answers.get(key);
    if (known && known.expiresAt > Date.now()) return known.result;
    return remember(key, performLookup(input, request));
  }

  /** Claim → rate limit → ONR → audit; the identifier has already passed the guard. */
  async function performLookup(
    input: TurnInput,
    { formId, kind, auditHash, prefill, history, call }: LookupRequest,
  ): Promise<ActionResult> {
    const t = lookupText[input.lang];
    const claim = await repository.claim(actorOf(input.user), formId, kind, nowIso());
    if (!claim.claimed) return form(input.lang, { message: t.alreadyUsed, next: t.alreadyUsedNext }, undefined, history);

    const decision = limiter.take(`${input.user.tenantId}|${input.user.objectId}`);
    if (!decision.allowed) {
      await repository.complete(claim.id, { outcome: 'rate_limited', identifierHash: auditHash }, nowIso());
      logger.info({ event: 'lookup', kind, outcome: 'rate_limited' }, 'lookup rate limited');
      const minutes = Math.max(1, Math.ceil(decision.retryAfterSeconds / 60));
      return form(input.lang, { message: t.rateLimited(minutes), next: t.rateLimitedNext }, prefill, history);
    }
    const appDecision = appLimiter.take('app');
    if (!appDecision.allowed) {
      await repository.complete(claim.id, { outcome: 'rate_limited_app', identifierHash: auditHash }, nowIso());
      logger.warn({ event: 'lookup', kind, outcome: 'rate_limited_app' }, 'app-wide lookup limit reached');
      const minutes = Math.max(1, Math.ceil(appDecision.retryAfterSeconds / 60));
      return form(input.lang, { message: t.appRateLimited(minutes), next: t.rateLimitedNext }, prefill, history);
    }

    const started = performance.now();
    try {
      const view = await call(started + budgetMs);
      const durationMs = performance.now() - started;
      await repository.complete(claim.id, { outcome: 'ok', identifierHash: auditHash, durationMs }, nowIso());
      logger.info({ event: 'lookup', kind, outcome: 'ok', ms: Math.round(durationMs) }, 'lookup done');
      return resultCard(input, view, history);
    } catch (error) {
      const outcome: OnrErrorKind = isOnrError(error) ? error.kind : 'unexpected';
      const durationMs = performance.now() - started;
      await repository.complete(claim.id, { outcome, identifierHash: auditHash, durationMs }, nowIso());
      logger.info({ event: 'lookup', kind, outcome, ms: Math.round(durationMs) }, 'lookup failed');
      if (!isOnrError(error)) logger.error({ event: 'lookup.error', err: error }, 'unexpected lookup error');
      return form(input.lang, errorNotice(input.lang, outcome, kind), prefill, history);
    }
  }

  /**
   * The detector runs over every field of the submit before anything else (issue 12): a code typed into
   * a name or any other field is refused with the field's name; nothing is sent, stored or logged, and
   * no field is filled back into the form.
   */
  async function refuseStrayPersonalId(
    input: TurnInput,
    kind: LookupKind,
    value: Record<string, unknown>,
    identifierField: string | null,
  ): Promise<ActionResult | null> {
    const field = Object.keys(value).find(
      (key) => key !== identifierField && key !== 'verb' && typeof value[key] === 'string' && containsPersonalId(value[key]),
    );
    if (field === undefined) return null;
    await audit(input.user, kind, 'refused');
    logger.info({ event: 'lookup', kind, outcome: 'refused' }, 'a personal identity code in a form field was refused');
    return form(input.lang, personalIdNotice(input.lang, field));
  }

  async function lookupByHetu(input: TurnInput, value: Record<string, unknown>): Promise<ActionResult> {
    const t = lookupText[input.lang];
    const stray = await refuseStrayPersonalId(input, 'hetu', value, 'hetu');
    if (stray) return stray;
    const parsed = hetuSubmit.safeParse(value);
    if (!parsed.success) return form(input.lang, { message: t.invalidForm });
    const submit = parsed.data;
    const namesPrefill: FormPrefill = {
      etunimet: normaliseName(submit.etunimet),
      kutsumanimi: normaliseName(submit.kutsumanimi),
      sukunimi: normaliseName(submit.sukunimi),
    };

    // The guard runs before anything touches the identifier.
    const history = safeHistory(submit.history);
    const hetu = guardHetu(submit.hetu);
    if (!hetu.ok) {
      await audit(input.user, 'hetu', 'refused');
      logger.info({ event: 'lookup', kind: 'hetu', outcome: 'refused' }, 'identifier refused by the guard');
      // Only a test-range code (900–999) with a wrong check character is kept in the form and completed;
      // the guard refuses a possibly real code before this and it is never echoed back.
      const wrongCheck = hetu.reason === 'check' ? testHetuWithWrongCheck(submit.hetu) : null;
      if (wrongCheck) {
        const notice: Notice = { message: t.refusedCheckExpected(wrongCheck.expected), next: t.refusedHetuNext, notSent: true };
        return form(input.lang, notice, { ...namesPrefill, hetu: wrongCheck.typed }, history);
      }
      return form(input.lang, refusalNotice(input.lang, hetu.reason), namesPrefill, history);
    }
    // The card shows the requester a masked code; the audit keeps only a keyed hash.
    const masked = auditMaskHetu(hetu.value);
    const auditHash = await identifierHash('hetu', hetu.value);
    const prefill: FormPrefill = { ...namesPrefill, hetu: hetu.value };
    const names = checkNames(submit);
    if (!names.ok) {
      await audit(input.user, 'hetu', 'invalid', auditHash);
      if (names.problem === 'personal_id') return form(input.lang, personalIdNotice(input.lang, names.field));
      return form(input.lang, namesNotice(input.lang, names.problem), prefill, history);
    }

    const call = async (deadline: number): Promise<ResultView> => {
      const found = await client!.findByHetu({ hetu: hetu.value, ...names.value }, { timeoutMs: deadline - performance.now() });
      const view: ResultView = {
        kind: 'hetu',
        maskedHetu: masked,
        oid: found.oid,
        oppijanumero: found.oppijanumero,
        passivoitu: null,
        linked: null,
      };
      // /hae answers only {oid, oppijanumero}; passivation and links come from the OID check when
      // there is time left in the budget. Its failure does not spoil the answer we already have.
      const left = deadline - performance.now();
      if (left > 300) {
        try {
          const checked = await client!.checkOid(found.oid, { timeoutMs: left });
          view.passivoitu = checked.passivoitu;
          view.linked = checked.linked;
          view.origin = personOrigin(found.oppijanumero, checked.oppijanumero);
          if (view.oppijanumero === null) view.oppijanumero = checked.oppijanumero;
        } catch (error) {
          logger.info(
            { event: 'lookup.followup_skipped', kind: isOnrError(error) ? error.kind : 'unexpected' },
            'OID check after hae failed',
          );
        }
      }
      return view;
    };
    return runLookup(input, { formId: submit.formId, kind: 'hetu', auditHash, prefill, history, call });
  }

  async function lookupByOid(input: TurnInput, value: Record<string, unknown>): Promise<ActionResult> {
    const t = lookupText[input.lang];
    const stray = await refuseStrayPersonalId(input, 'oid', value, null);
    if (stray) return stray;
    const parsed = oidSubmit.safeParse(value);
    if (!parsed.success) return form(input.lang, { message: t.invalidForm });
    const submit = parsed.data;
    const oid = guardOid(submit.oid);
    if (!oid.ok) {
      await audit(input.user, 'oid', 'refused');
      logger.info({ event: 'lookup', kind: 'oid', outcome: 'refused' }, 'identifier refused by the guard');
      return form(input.lang, refusalNotice(input.lang, oid.reason), undefined, safeHistory(submit.history));
    }
    const call = async (deadline: number): Promise<ResultView> => {
      const checked = await client!.checkOid(oid.value, { timeoutMs: deadline - performance.now() });
      return {
        kind: 'oid',
        maskedHetu: null,
        oid: checked.oid,
        oppijanumero: checked.oppijanumero,
        passivoitu: checked.passivoitu,
        linked: checked.linked,
      };
    };
    const auditHash = await identifierHash('oid', oid.value);
    return runLookup(input, {
      formId: submit.formId,
      kind: 'oid',
      auditHash,
      prefill: { oid: oid.value },
      history: safeHistory(submit.history),
      call,
    });
  }

  /** Shared entry of both look-up verbs: authorisation and configuration come first. */
  function submitHandler(kind: LookupKind, run: (input: TurnInput, value: Record<string, unknown>) => Promise<ActionResult>) {
    return async (input: TurnInput & { value: Record<string, unknown> }): Promise<ActionResult> => {
      const t = lookupText[input.lang];
      if (!can(input.user, 'run-test-lookup')) {
        await audit(input.user, kind, 'forbidden');
        return { kind: 'message', text: t.forbidden };
      }
      if (!client) return { kind: 'card', card: lookupMessageCard(input.lang, environment, t.notConfigured) };
      return run(input, input.value);
    };
  }

  function listCard(input: TurnInput) {
    return testIdentifiersCard({ lang: input.lang, environment, persons: testPersons, notFoundHetu, formId: newFormId() });
  }

  function openForm(input: TurnInput): Reply[] {
    const t = lookupText[input.lang];
    if (!can(input.user, 'run-test-lookup')) return [{ kind: 'text', text: t.forbidden }];
    if (!client) return [{ kind: 'card', card: lookupMessageCard(input.lang, environment, t.notConfigured), summary: t.notConfigured }];
    return [{ kind: 'card', card: lookupFormCard({ lang: input.lang, environment, formId: newFormId() }), summary: t.formTitle }];
  }

  return {
    name: 'lookup',
    // The old `testihaku.*` verbs of cards already posted answer as their new names.
    legacyVerbs: LEGACY_VERB_ALIASES,
    commands: [
      { names: [...LOOKUP_COMMANDS], run: async (input) => openForm(input) },
      {
        names: [...TEST_IDS_COMMANDS],
        // Test identifiers are test data, not personal data: anyone in the channel may see the list.
        run: async (input) => [{ kind: 'card', card: listCard(input), summary: lookupText[input.lang].listTitle }],
      },
    ],
    // Each handler also answers its old `testihaku.*` verb: cards posted before the rename still work.
    actions: [
      { verbs: [VERBS.hetu], run: submitHandler('hetu', lookupByHetu) },
      { verbs: [VERBS.oid], run: submitHandler('oid', lookupByOid) },
      {
        verbs: [VERBS.newForm],
        run: async (input) => {
          const t = lookupText[input.lang];
          if (!can(input.user, 'run-test-lookup')) return { kind: 'message', text: t.forbidden };
          if (!client) return { kind: 'card', card: lookupMessageCard(input.lang, environment, t.notConfigured) };
          const carried = newFormSubmit.safeParse(input.value ?? {});
          return form(input.lang, undefined, undefined, carried.success ? safeHistory(carried.data.history) : []);
        },
      },
      { verbs: [VERBS.testIds], run: async (input) => ({ kind: 'card', card: listCard(input) }) },
      {
        verbs: [VERBS.refresh],
        run: async (input) => {
          // Re-renders the requester's own result from the card's refresh data; nothing is fetched or
          // stored. Anyone else (or a tampered payload) gets a fresh form instead.
          const parsed = refreshSubmit.safeParse(input.value);
          const mayLookUp = can(input.user, 'run-test-lookup');
          if (!mayLookUp) return { kind: 'message', text: lookupText[input.lang].forbidden };
          if (!parsed.success || parsed.data.requester !== input.user.objectId) return form(input.lang);
          const view = parsed.data.view;
          return safeHistory([view]).length ? resultCard(input, view, parsed.data.history) : form(input.lang);
        },
      },
    ],
  };
}
