/** The bot's status card: an institution's seven steps, its next open step and the guidance for it. */
import { execute, facts, heading, makeCard, openUrl, text, userText, type AdaptiveCard, type CardAction, type CardElement } from '../../cards/card.js';
import type { Lang } from '../../i18n/index.js';
import { formatDay } from '../../i18n/dates.js';
import type { InstitutionInfo, InstitutionRecord } from '../../store/onboarding-repository.js';
import { COMPLETED_STEP, currentStep, isStepClosed, isStepNumber } from './model.js';
import { institutionName, routeLabel, statusLabel, stepName, tOnboarding, typeLabel, vendorLabel } from './i18n.js';
import type { GuidanceArticle } from './service.js';

export const SHOW_STATUS_VERB = 'onboarding.show';

const STATUS_MARK = { done: '✅', in_progress: '🔄', not_started: '⬜', not_applicable: '➖' } as const;

const linkLabel = (title: string) => title.replace(/[[\]()\\]/g, (c) => `\\${c}`);

export function statusCard(
  record: InstitutionRecord,
  lang: Lang,
  article: (step: number) => GuidanceArticle,
  tabUrl?: string,
): AdaptiveCard {
  const t = tOnboarding(lang);
  const name = institutionName(lang, record.institution);
  const closed = record.steps.filter((s) => isStepClosed(s.status)).length;
  const next = currentStep(record.steps);
  const notSet = t.notSet;

  const body: CardElement[] = [
    heading(userText(name)),
    text(`${t.cardSubtitle} · ${t.cardProgress(closed, record.steps.length)}`, { isSubtle: true, spacing: 'None' }),
    facts([
      [t.cardType, typeLabel(lang, record.institution.type)],
      [t.field_route, record.route ? routeLabel(lang, record.route) : notSet],
      [t.field_vendor, [record.vendor ? vendorLabel(lang, record.vendor) : notSet, record.systemName ? userText(record.systemName) : ''].filter(Boolean).join(' – ')],
      [t.field_joiningNotificationSubmitted, record.joiningNotificationSubmitted ? formatDay(record.joiningNotificationSubmitted, lang) : notSet],
      [t.field_joiningNotificationProcessed, record.joiningNotificationProcessed ? formatDay(record.joiningNotificationProcessed, lang) : notSet],
      [t.field_goLiveDate, record.goLiveDate ? formatDay(record.goLiveDate, lang) : notSet],
    ]),
    {
      type: 'Container',
      spacing: 'Medium',
      items: record.steps.map((s) =>
        text(`${STATUS_MARK[s.status]} ${s.step}. ${stepName(lang, s.step)} – ${statusLabel(lang, s.status)}${s.date ? ` (${formatDay(s.date, lang)})` : ''}`, {
          spacing: 'Small',
          ...(s.step === next ? { weight: 'Bolder' } : {}),
        }),
      ),
    },
  ];

  const actions: CardAction[] = [];
  if (next === COMPLETED_STEP || !isStepNumber(next)) {
    body.push(text(t.cardAllDone, { spacing: 'Medium' }));
  } else {
    const step = record.steps[next - 1]!;
    const guide = article(next);
    body.push(heading(`${t.cardNextStep}: ${next}. ${stepName(lang, next)}`));
    if (step.responsible) body.push(text(`${t.cardResponsible}: ${userText(step.responsible)}`, { spacing: 'Small' }));
    // The title is reviewed KB text: only the link syntax is escaped. userText() would also escape the
    // list marker of "5. Käyttöehdot…", which Markdown then shows as a stray backslash inside a link label.
    body.push(text(`${t.cardGuidance}: [${linkLabel(guide.title)}](${guide.url})`, { spacing: 'Small' }));
    actions.push(openUrl(t.cardOpenGuidance, guide.url));
  }
  if (tabUrl) actions.push(openUrl(t.cardOpenTab, tabUrl));
  return makeCard(body, actions);
}

/** "Did you mean": one button per close match; the button shows that institution's card. */
export function didYouMeanCard(candidates: InstitutionInfo[], lang: Lang): AdaptiveCard {
  const t = tOnboarding(lang);
  return makeCard(
    [text(t.didYouMean, { weight: 'Bolder' })],
    candidates.map((c) => execute(institutionName(lang, c), SHOW_STATUS_VERB, { institutionId: c.id })),
  );
}
