import { button, type ButtonData, type FactData } from '../../cards/template-data.js';
import { userText, type AdaptiveCard, type UserText } from '../../cards/card.js';
import { defineCardTemplate } from '../../cards/template.js';
import type { Lang } from '../../i18n/index.js';
import { lookupText } from './i18n.js';
import type { OnrEnvironment } from './onr-endpoints.js';
import { VERBS } from './verbs.js';
import formJson from './cards/form.json' with { type: 'json' };
import resultJson from './cards/result.json' with { type: 'json' };
import testIdentifiersJson from './cards/test-identifiers.json' with { type: 'json' };
import messageJson from './cards/message.json' with { type: 'json' };

/**
 * Cards of the test look-up. Every card starts with the TEST ENVIRONMENT banner. Results and errors
 * are returned as the Action.Execute invoke response, which Teams shows to the acting user only.
 *
 * Layouts are the templates in ./cards (open them in the Adaptive Cards Designer with the `.data.json`
 * beside each); the functions here only build each template's typed data.
 */

export { VERBS } from './verbs.js';

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

// ------------------------------------------------------------------------------- template data

/** The TEST ENVIRONMENT banner every look-up card starts with. */
interface BannerData {
  title: string;
  text: string;
}

/** Earlier results: one line each (masked hetu and OIDs only); no lines → no block. */
interface HistoryData {
  title: string;
  lines: string[];
}

/**
 * Input values are not rendered as Markdown, so prefilled names are only stripped of control
 * characters and capped (escaping them with userText() would put backslashes into the field). An empty
 * value leaves the input's `value` out.
 */
interface PrefillData {
  hetu: string;
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  oid: string;
}

/** Data of `cards/form.json`. */
export interface FormCardData {
  banner: BannerData;
  notice?: { message: string; next?: string; notSent?: string };
  title: string;
  intro: string;
  hetuSection: string;
  oidSection: string;
  labels: Record<keyof PrefillData, string>;
  placeholders: { hetu: string; oid: string };
  prefill: PrefillData;
  hetuSubmit: ButtonData;
  oidSubmit: ButtonData;
  history: HistoryData;
  showTestIds: ButtonData;
}

/** Data of `cards/result.json`. */
export interface ResultCardData {
  banner: BannerData;
  title: string;
  subtitle: string;
  origin?: string;
  facts: FactData[];
  meaning: { title: string; lines: string[] };
  history: HistoryData;
  newLookup: ButtonData;
  showTestIds: ButtonData;
  /** The card's refresh (requester only); absent → no refresh. */
  refresh?: { action: { type: 'Action.Execute'; verb: string; data: Record<string, unknown> }; userIds: string[] };
}

/** Data of `cards/test-identifiers.json`. */
export interface TestIdentifiersCardData {
  banner: BannerData;
  title: string;
  intro: string;
  /** Shown when `persons` is empty. */
  empty: string;
  persons: Array<{ name: UserText; nickname: UserText; scenario?: string; facts: FactData[] }>;
  tryNotFound?: string;
  tryNameMismatch?: string;
  newLookup: ButtonData;
}

/** Data of `cards/message.json`. */
export interface MessageCardData {
  banner: BannerData;
  message: string;
}

const formTemplate = defineCardTemplate<FormCardData>('lookup/form', formJson);
const resultTemplate = defineCardTemplate<ResultCardData>('lookup/result', resultJson);
const testIdentifiersTemplate = defineCardTemplate<TestIdentifiersCardData>('lookup/test-identifiers', testIdentifiersJson);
const messageTemplate = defineCardTemplate<MessageCardData>('lookup/message', messageJson);

function banner(lang: Lang, environment: OnrEnvironment): BannerData {
  const t = lookupText[lang];
  return { title: `⚠ ${t.bannerTitle}`, text: t.bannerText(environmentName(lang, environment)) };
}

function cleanInput(value: string | undefined, max: number): string {
  return value ? value.replace(/[\u0000-\u001F\u007F]/g, '').slice(0, max) : '';
}

/** One line per earlier result: what was looked up and what came back (masked hetu and OIDs only). */
function historyData(lang: Lang, history: readonly ResultView[]): HistoryData {
  const t = lookupText[lang];
  const line = (view: ResultView) => {
    const asked = view.kind === 'hetu' && view.maskedHetu ? t.resultByHetu(userText(view.maskedHetu)) : t.resultByOid;
    return `• ${asked}: ${t.factOppijanumero} ${view.oppijanumero ?? t.notIdentified} · ${t.factOid} ${view.oid}`;
  };
  return { title: t.historyTitle, lines: history.map(line) };
}

// ------------------------------------------------------------------------------------- cards

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
  return formTemplate.expand({
    banner: banner(lang, environment),
    ...(notice
      ? {
          notice: {
            message: notice.message,
            ...(notice.next ? { next: `${t.nextStep}: ${notice.next}` } : {}),
            ...(notice.notSent ? { notSent: t.notSent } : {}),
          },
        }
      : {}),
    title: t.formTitle,
    intro: t.formIntro,
    hetuSection: t.hetuSection,
    oidSection: t.oidSection,
    labels: { hetu: t.hetuLabel, etunimet: t.etunimetLabel, kutsumanimi: t.kutsumanimiLabel, sukunimi: t.sukunimiLabel, oid: t.oidLabel },
    placeholders: { hetu: t.hetuPlaceholder, oid: t.oidPlaceholder },
    prefill: {
      hetu: cleanInput(prefill.hetu, 20),
      etunimet: cleanInput(prefill.etunimet, 100),
      kutsumanimi: cleanInput(prefill.kutsumanimi, 50),
      sukunimi: cleanInput(prefill.sukunimi, 100),
      oid: cleanInput(prefill.oid, 40),
    },
    hetuSubmit: button(t.hetuSubmit, VERBS.hetu, data),
    oidSubmit: button(t.oidSubmit, VERBS.oid, data),
    history: historyData(lang, carried),
    showTestIds: button(t.showTestIds, VERBS.testIds, {}),
  });
}

/** What the result means, one line each. */
function meaningLines(lang: Lang, view: ResultView): string[] {
  const t = lookupText[lang];
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
  return meaning.map((m) => `• ${m}`);
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
  const facts: FactData[] = [
    { title: t.factOppijanumero, value: view.oppijanumero ?? t.notIdentified },
    { title: t.factOid, value: view.oid },
    { title: t.factPassivoitu, value: view.passivoitu === null ? t.unknownForHetu : view.passivoitu ? t.yes : t.no },
    { title: t.factLinked, value: view.linked === null ? t.unknownForHetu : view.linked.length ? view.linked.join(', ') : t.none },
  ];
  let refreshData: ResultCardData['refresh'];
  if (refresh) {
    const data = history.length
      ? { verb: VERBS.refresh, view, history, requester: refresh.requesterObjectId }
      : { verb: VERBS.refresh, view, requester: refresh.requesterObjectId };
    refreshData = { action: { type: 'Action.Execute', verb: VERBS.refresh, data }, userIds: [refresh.requesterMri] };
  }
  // The next form carries this result and the earlier ones, newest first.
  const next = [view, ...history].slice(0, MAX_HISTORY);
  return resultTemplate.expand({
    banner: banner(lang, environment),
    title: t.resultTitle,
    subtitle: view.kind === 'hetu' && view.maskedHetu ? t.resultByHetu(userText(view.maskedHetu)) : t.resultByOid,
    ...(view.origin ? { origin: view.origin === 'created' ? t.originCreated : t.originFound } : {}),
    facts,
    meaning: { title: t.meaningTitle, lines: meaningLines(lang, view) },
    history: historyData(lang, history),
    newLookup: button(t.newLookup, VERBS.newForm, { formId: newFormId, history: next }),
    showTestIds: button(t.showTestIds, VERBS.testIds, {}),
    ...(refreshData ? { refresh: refreshData } : {}),
  });
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
    case 'identified-master':
      return t.scenarioIdentifiedMaster;
    case 'duplicate':
      return t.scenarioDuplicate;
    case 'unidentified':
      return t.scenarioUnidentified;
    case 'passivated':
      return t.scenarioPassivated;
    case 'identified':
      return t.scenarioIdentified;
    case 'hyphenated-name':
      return t.scenarioHyphenated;
    default:
      return null;
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
  return testIdentifiersTemplate.expand({
    banner: banner(lang, environment),
    title: t.listTitle,
    intro: t.listIntro,
    empty: t.listEmpty,
    persons: persons.map((person) => {
      const scenario = scenarioText(lang, person.scenario);
      return {
        name: userText(`${person.etunimet} ${person.sukunimi}`),
        nickname: userText(person.kutsumanimi),
        ...(scenario ? { scenario } : {}),
        facts: [
          // A short label: the intro already says once that these are test codes (900–999).
          { title: t.listHetu, value: person.hetu ?? t.listNoHetu },
          { title: t.factOid, value: person.oid },
          { title: t.factOppijanumero, value: person.oppijanumero ?? t.notIdentified },
        ],
      };
    }),
    ...(notFoundHetu ? { tryNotFound: `• ${t.tryNotFound(notFoundHetu)}` } : {}),
    ...(persons.length ? { tryNameMismatch: `• ${t.tryNameMismatch}` } : {}),
    newLookup: button(t.newLookup, VERBS.newForm, { formId }),
  });
}

/** A short card for answers that are only a message (refusals, not configured). */
export function lookupMessageCard(lang: Lang, environment: OnrEnvironment, message: string): AdaptiveCard {
  return messageTemplate.expand({ banner: banner(lang, environment), message });
}
