import { makeCard, text, heading, facts, execute, userText, type AdaptiveCard, type CardAction, type CardElement } from '../../cards/card.js';
import type { Lang } from '../../i18n/index.js';
import { lookupText } from './i18n.js';
import type { OnrEnvironment } from './onr-endpoints.js';

/**
 * Cards of the test look-up. Every card starts with the TEST ENVIRONMENT banner. Results and errors
 * are returned as the Action.Execute invoke response, which Teams shows to the acting user only.
 */

export const VERBS = {
  hetu: 'testihaku.hetu',
  oid: 'testihaku.oid',
  newForm: 'testihaku.new',
  testIds: 'testihaku.ids',
  refresh: 'testihaku.refresh',
} as const;

/** What a result card shows; also carried in the card's refresh data (it holds no names or full hetu). */
export interface ResultView {
  kind: 'hetu' | 'oid';
  /** Masked test hetu (010594Y9***) for look-ups by hetu. */
  maskedHetu: string | null;
  oid: string;
  oppijanumero: string | null;
  /** null when the follow-up OID check did not answer in time. */
  passivoitu: boolean | null;
  linked: string[] | null;
  /**
   * Look-ups by hetu: whether ONR already had the person or this look-up created them (see personOrigin);
   * null when the follow-up OID check did not answer, and for look-ups by OID.
   */
  origin?: PersonOrigin | null;
}

export type PersonOrigin = 'found' | 'created';

/** Earlier results the cards carry along (newest first), so a new look-up does not wipe them from view. */
export const MAX_HISTORY = 5;

/**
 * /yleistunniste/hae does not say in so many words whether it created the person, but its answer does:
 * a person it creates gets the new OID as oppijanumero in this one response, while the registry itself
 * (the OID check) has no number for them yet — the test environments identify nobody automatically.
 * A person who already existed has the same number (or none) in both answers.
 */
export function personOrigin(haeOppijanumero: string | null, checkedOppijanumero: string | null): PersonOrigin {
  return haeOppijanumero !== null && checkedOppijanumero === null ? 'created' : 'found';
}

export interface Notice {
  message: string;
  next?: string;
  /** Adds "the identifier was not sent or stored". */
  notSent?: boolean;
}

export interface FormPrefill {
  hetu?: string;
  etunimet?: string;
  kutsumanimi?: string;
  sukunimi?: string;
  oid?: string;
}

export function environmentName(lang: Lang, environment: OnrEnvironment): string {
  const t = lookupText[lang];
  return { qa: t.envQa, untuva: t.envUntuva, hahtuva: t.envHahtuva, local: t.envLocal }[environment];
}

export function testEnvironmentBanner(lang: Lang, environment: OnrEnvironment): CardElement {
  const t = lookupText[lang];
  return {
    type: 'Container',
    style: 'attention',
    bleed: true,
    items: [
      text(`⚠ ${t.bannerTitle}`, { weight: 'Bolder', size: 'Medium', color: 'Attention' }),
      text(t.bannerText(environmentName(lang, environment)), { size: 'Small', spacing: 'None' }),
    ],
  };
}

/** Action.Execute with an Action.Submit fallback carrying the same verb (older clients). */
function action(title: string, verb: string, data: Record<string, unknown>, options: Record<string, unknown> = {}): CardAction {
  return execute(title, verb, data, { fallback: { type: 'Action.Submit', title, data: { verb, ...data } }, ...options });
}

function noticeBlock(lang: Lang, notice: Notice): CardElement {
  const t = lookupText[lang];
  const items: CardElement[] = [text(notice.message, { weight: 'Bolder', color: 'Attention' })];
  if (notice.next) items.push(text(`${t.nextStep}: ${notice.next}`, { spacing: 'Small' }));
  if (notice.notSent) items.push(text(t.notSent, { isSubtle: true, size: 'Small', spacing: 'Small' }));
  return { type: 'Container', style: 'warning', items };
}

/**
 * Input values are not rendered as Markdown, so prefilled names are only stripped of control
 * characters and capped (escaping them with userText() would put backslashes into the field).
 */
function inputValue(value: string | undefined, max: number): Record<string, string> {
  if (!value) return {};
  const clean = value.replace(/[\u0000-\u001F\u007F]/g, '').slice(0, max);
  return clean ? { value: clean } : {};
}

export function lookupFormCard(options: {
  lang: Lang;
  environment: OnrEnvironment;
  formId: string;
  notice?: Notice;
  prefill?: FormPrefill;
  history?: readonly ResultView[];
}): AdaptiveCard {
  const { lang, environment, formId, notice, prefill = {}, history = [] } = options;
  // Earlier results ride along in the submit data so the next result card can still show them.
  const carried = history.slice(0, MAX_HISTORY);
  const data = carried.length ? { formId, history: carried } : { formId };
  const t = lookupText[lang];
  const body: CardElement[] = [testEnvironmentBanner(lang, environment)];
  if (notice) body.push(noticeBlock(lang, notice));
  body.push(
    heading(t.formTitle),
    text(t.formIntro, { isSubtle: true }),
    {
      type: 'Container',
      separator: true,
      items: [
        text(t.hetuSection, { weight: 'Bolder' }),
        { type: 'Input.Text', id: 'hetu', label: t.hetuLabel, placeholder: t.hetuPlaceholder, maxLength: 20, ...inputValue(prefill.hetu, 20) },
        { type: 'Input.Text', id: 'etunimet', label: t.etunimetLabel, maxLength: 100, ...inputValue(prefill.etunimet, 100) },
        { type: 'Input.Text', id: 'kutsumanimi', label: t.kutsumanimiLabel, maxLength: 50, ...inputValue(prefill.kutsumanimi, 50) },
        { type: 'Input.Text', id: 'sukunimi', label: t.sukunimiLabel, maxLength: 100, ...inputValue(prefill.sukunimi, 100) },
        { type: 'ActionSet', actions: [action(t.hetuSubmit, VERBS.hetu, data)] },
      ],
    },
    {
      type: 'Container',
      separator: true,
      items: [
        text(t.oidSection, { weight: 'Bolder' }),
        { type: 'Input.Text', id: 'oid', label: t.oidLabel, placeholder: t.oidPlaceholder, maxLength: 40, ...inputValue(prefill.oid, 40) },
        { type: 'ActionSet', actions: [action(t.oidSubmit, VERBS.oid, data)] },
      ],
    },
  );
  if (carried.length) body.push(historyBlock(lang, carried));
  return makeCard(body, [action(t.showTestIds, VERBS.testIds, {})]);
}

/** One line per earlier result: what was looked up and what came back (masked hetu and OIDs only). */
function historyBlock(lang: Lang, history: readonly ResultView[]): CardElement {
  const t = lookupText[lang];
  const line = (view: ResultView) => {
    const asked = view.kind === 'hetu' && view.maskedHetu ? t.resultByHetu(userText(view.maskedHetu)) : t.resultByOid;
    return `• ${asked}: ${t.factOppijanumero} ${view.oppijanumero ?? t.notIdentified} · ${t.factOid} ${view.oid}`;
  };
  return {
    type: 'Container',
    separator: true,
    items: [text(t.historyTitle, { weight: 'Bolder' }), ...history.map((view) => text(line(view), { spacing: 'Small', size: 'Small' }))],
  };
}

export function lookupResultCard(options: {
  lang: Lang;
  environment: OnrEnvironment;
  view: ResultView;
  newFormId: string;
  /** Earlier results of this requester, newest first; shown below this one and handed on to the next form. */
  history?: readonly ResultView[];
  /** Auto-refresh only for the requester, so nobody else's client ever asks for this view. */
  refresh?: { requesterObjectId: string; requesterMri: string };
}): AdaptiveCard {
  const { lang, environment, view, newFormId, refresh } = options;
  const history = (options.history ?? []).slice(0, MAX_HISTORY);
  const t = lookupText[lang];
  const body: CardElement[] = [
    testEnvironmentBanner(lang, environment),
    heading(t.resultTitle),
    text(view.kind === 'hetu' && view.maskedHetu ? t.resultByHetu(userText(view.maskedHetu)) : t.resultByOid, { isSubtle: true }),
  ];
  if (view.origin) body.push(text(view.origin === 'created' ? t.originCreated : t.originFound, { weight: 'Bolder', spacing: 'Small' }));
  const rows: Array<[string, string]> = [
    [t.factOppijanumero, view.oppijanumero ?? t.notIdentified],
    [t.factOid, view.oid],
    [t.factPassivoitu, view.passivoitu === null ? t.unknownForHetu : view.passivoitu ? t.yes : t.no],
    [t.factLinked, view.linked === null ? t.unknownForHetu : view.linked.length ? view.linked.join(', ') : t.none],
  ];
  body.push(facts(rows));

  const meaning: string[] = [];
  if (view.oppijanumero === null) meaning.push(t.explainNotIdentified);
  else {
    meaning.push(t.explainOppijanumero);
    meaning.push(view.oppijanumero === view.oid ? t.explainSameAsOid : t.explainSlave);
  }
  if (view.passivoitu) meaning.push(t.explainPassivoitu);
  if (view.linked?.length) meaning.push(t.explainLinked);
  if (view.kind === 'hetu') {
    if (view.origin === 'created') meaning.push(t.explainCreated);
    // Origin unknown (the OID check did not answer): the conditional note, only where a number is shown.
    else if (!view.origin && view.oppijanumero !== null) meaning.push(t.explainNewPerson);
    if (view.linked === null) meaning.push(t.linkedDetails);
  }
  body.push({
    type: 'Container',
    separator: true,
    items: [text(t.meaningTitle, { weight: 'Bolder' }), ...meaning.map((m) => text(`• ${m}`, { spacing: 'Small', size: 'Small' }))],
  });

  if (history.length) body.push(historyBlock(lang, history));

  const extra: Partial<AdaptiveCard> = {};
  if (refresh) {
    const data = history.length ? { verb: VERBS.refresh, view, history, requester: refresh.requesterObjectId } : { verb: VERBS.refresh, view, requester: refresh.requesterObjectId };
    extra.refresh = { action: { type: 'Action.Execute', verb: VERBS.refresh, data }, userIds: [refresh.requesterMri] };
  }
  // The next form carries this result and the earlier ones, newest first.
  const next = [view, ...history].slice(0, MAX_HISTORY);
  return makeCard(body, [action(t.newLookup, VERBS.newForm, { formId: newFormId, history: next }), action(t.showTestIds, VERBS.testIds, {})], extra);
}

export interface TestPersonListing {
  hetu: string | null;
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  oid: string;
  oppijanumero: string | null;
  scenario?: string | null;
}

function scenarioText(lang: Lang, scenario: string | null | undefined): string | null {
  const t = lookupText[lang];
  switch (scenario) {
    case 'identified-master': return t.scenarioIdentifiedMaster;
    case 'duplicate': return t.scenarioDuplicate;
    case 'unidentified': return t.scenarioUnidentified;
    case 'passivated': return t.scenarioPassivated;
    case 'identified': return t.scenarioIdentified;
    case 'hyphenated-name': return t.scenarioHyphenated;
    default: return null;
  }
}

export function testIdentifiersCard(options: {
  lang: Lang;
  environment: OnrEnvironment;
  persons: readonly TestPersonListing[];
  notFoundHetu: string | null;
  formId: string;
}): AdaptiveCard {
  const { lang, environment, persons, notFoundHetu, formId } = options;
  const t = lookupText[lang];
  const body: CardElement[] = [testEnvironmentBanner(lang, environment), heading(t.listTitle), text(t.listIntro, { isSubtle: true })];
  if (!persons.length) body.push(text(t.listEmpty));
  for (const person of persons) {
    const rows: Array<[string, string]> = [
      // A short label: the intro already says once that these are test codes (900–999).
      [t.listHetu, person.hetu ?? t.listNoHetu],
      [t.factOid, person.oid],
      [t.factOppijanumero, person.oppijanumero ?? t.notIdentified],
    ];
    const scenario = scenarioText(lang, person.scenario);
    body.push({
      type: 'Container',
      separator: true,
      items: [
        text(`**${userText(`${person.etunimet} ${person.sukunimi}`)}** (${userText(person.kutsumanimi)})`),
        ...(scenario ? [text(scenario, { isSubtle: true, size: 'Small', spacing: 'None' })] : []),
        facts(rows),
      ],
    });
  }
  if (notFoundHetu) body.push(text(`• ${t.tryNotFound(notFoundHetu)}`, { separator: true, size: 'Small' }));
  if (persons.length) body.push(text(`• ${t.tryNameMismatch}`, { size: 'Small', spacing: 'Small' }));
  return makeCard(body, [action(t.newLookup, VERBS.newForm, { formId })]);
}

/** A short card for answers that are only a message (refusals, not configured). */
export function lookupMessageCard(lang: Lang, environment: OnrEnvironment, message: string): AdaptiveCard {
  return makeCard([testEnvironmentBanner(lang, environment), text(message)]);
}
