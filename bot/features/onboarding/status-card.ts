/**
 * The bot's status card: an institution's seven steps, its next open step and the guidance for it. The
 * layouts are templates in ./cards/ (Finnish sample data beside each); the functions build their data.
 */
import { userText, type AdaptiveCard, type UserText } from '../../cards/card.js';
import { defineCardTemplate } from '../../cards/template.js';
import type { Lang } from '../../i18n/index.js';
import { formatDay } from '../../i18n/dates.js';
import type { InstitutionInfo, InstitutionRecord } from '../../store/onboarding-repository.js';
import { COMPLETED_STEP, currentStep, isStepClosed, isStepNumber } from './model.js';
import { institutionName, routeLabel, statusLabel, stepName, tOnboarding, typeLabel, vendorLabel } from './i18n.js';
import type { GuidanceArticle } from './service.js';
import { SHOW_STATUS_VERB } from './verbs.js';
import didYouMeanJson from './cards/did-you-mean.json' with { type: 'json' };
import statusJson from './cards/status.json' with { type: 'json' };

export { SHOW_STATUS_VERB } from './verbs.js';

const STATUS_MARK = { done: '✅', in_progress: '🔄', not_started: '⬜', not_applicable: '➖' } as const;

/** Data of `cards/status.json`: `next` while a step is open, `allDone` when none is. */
export interface StatusCardData {
  /** The institution's name (from the tab, where people edit it). */
  name: UserText;
  subtitle: string;
  progress: string;
  facts: Array<{ title: string; value: string | UserText }>;
  steps: Array<{ mark: string; number: number; name: string; status: string; date?: string; current: boolean }>;
  allDone?: string;
  next?: {
    label: string;
    number: number;
    name: string;
    responsibleLabel: string;
    /** The person responsible, as typed in the tab. */
    responsible?: UserText;
    guidanceLabel: string;
    /** `title` is escaped for a Markdown link label. */
    guide: { title: string; url: string; open: string };
  };
  tab?: { title: string; url: string };
}

/** Data of `cards/did-you-mean.json`: one button per close match. */
export interface DidYouMeanCardData {
  title: string;
  candidates: Array<{ title: string; verb: string; data: { verb: string; institutionId: string } }>;
}

const statusTemplate = defineCardTemplate<StatusCardData>('onboarding/status', statusJson);
const didYouMeanTemplate = defineCardTemplate<DidYouMeanCardData>('onboarding/did-you-mean', didYouMeanJson);

const linkLabel = (title: string) => title.replace(/[[\]()\\]/g, (c) => `\\${c}`);

export function statusCard(
  record: InstitutionRecord,
  lang: Lang,
  article: (step: number) => GuidanceArticle,
  tabUrl?: string,
): AdaptiveCard {
  const t = tOnboarding(lang);
  const closed = record.steps.filter((s) => isStepClosed(s.status)).length;
  const next = currentStep(record.steps);
  const notSet = t.notSet;
  const vendor = [record.vendor ? vendorLabel(lang, record.vendor) : notSet, record.systemName ? userText(record.systemName) : '']
    .filter(Boolean)
    .join(' – ');

  const data: StatusCardData = {
    name: userText(institutionName(lang, record.institution)),
    subtitle: t.cardSubtitle,
    progress: t.cardProgress(closed, record.steps.length),
    facts: [
      { title: t.cardType, value: typeLabel(lang, record.institution.type) },
      { title: t.field_route, value: record.route ? routeLabel(lang, record.route) : notSet },
      { title: t.field_vendor, value: vendor },
      {
        title: t.field_joiningNotificationSubmitted,
        value: record.joiningNotificationSubmitted ? formatDay(record.joiningNotificationSubmitted, lang) : notSet,
      },
      {
        title: t.field_joiningNotificationProcessed,
        value: record.joiningNotificationProcessed ? formatDay(record.joiningNotificationProcessed, lang) : notSet,
      },
      { title: t.field_goLiveDate, value: record.goLiveDate ? formatDay(record.goLiveDate, lang) : notSet },
    ],
    steps: record.steps.map((s) => ({
      mark: STATUS_MARK[s.status],
      number: s.step,
      name: stepName(lang, s.step),
      status: statusLabel(lang, s.status),
      ...(s.date ? { date: formatDay(s.date, lang) } : {}),
      current: s.step === next,
    })),
    ...(tabUrl ? { tab: { title: t.cardOpenTab, url: tabUrl } } : {}),
  };
  if (next === COMPLETED_STEP || !isStepNumber(next)) return statusTemplate.expand({ ...data, allDone: t.cardAllDone });

  const step = record.steps[next - 1]!;
  const guide = article(next);
  return statusTemplate.expand({
    ...data,
    next: {
      label: t.cardNextStep,
      number: next,
      name: stepName(lang, next),
      responsibleLabel: t.cardResponsible,
      ...(step.responsible ? { responsible: userText(step.responsible) } : {}),
      guidanceLabel: t.cardGuidance,
      // The title is reviewed KB text: only the link syntax is escaped. userText() would also escape the
      // list marker of "5. Käyttöehdot…", which Markdown then shows as a stray backslash inside a link label.
      guide: { title: linkLabel(guide.title), url: guide.url, open: t.cardOpenGuidance },
    },
  });
}

/** "Did you mean": one button per close match; the button shows that institution's card. */
export function didYouMeanCard(candidates: InstitutionInfo[], lang: Lang): AdaptiveCard {
  const t = tOnboarding(lang);
  return didYouMeanTemplate.expand({
    title: t.didYouMean,
    candidates: candidates.map((c) => ({
      title: institutionName(lang, c),
      verb: SHOW_STATUS_VERB,
      data: { verb: SHOW_STATUS_VERB, institutionId: c.id },
    })),
  });
}
