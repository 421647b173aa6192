/**
 * Onboarding status capability: the bot command "tilanne" / "status" / "läge" and the tab API.
 * Every role may view every institution's status (the tab shows the same); edits happen in the tab.
 */
import type { ActionResult, Feature, Reply, TurnInput } from '../types.js';
import { authorize } from '../../auth/authorize.js';
import { AppError } from '../../errors.js';
import type { InstitutionRecord } from '../../store/onboarding-repository.js';
import { isStepNumber } from './model.js';
import { institutionName, tOnboarding } from './i18n.js';
import { matchNames } from './fuzzy.js';
import { idParamSchema } from './schemas.js';
import { articleFor, createOnboardingService, type OnboardingDeps, type OnboardingService } from './service.js';
import { didYouMeanCard, statusCard } from './status-card.js';
import { LEGACY_VERB_ALIASES, SHOW_STATUS_VERB } from './verbs.js';

export { onboardingTabRoutes } from './tab-routes.js';
export { tabSecurityHeaders } from './tab-headers.js';
export { LEGACY_VERB_ALIASES as ONBOARDING_LEGACY_VERB_ALIASES, ONBOARDING_VERBS, SHOW_STATUS_VERB } from './verbs.js';
export type { OnboardingDeps } from './service.js';

export const STATUS_COMMANDS = ['tilanne', 'status', 'läge'];

/** The text after the command word ("tilanne Pohjanlahti" → "Pohjanlahti"). */
export function commandArgument(text: string): string {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  for (const name of STATUS_COMMANDS) {
    if (lower === name) return '';
    if (lower.startsWith(`${name} `)) return trimmed.slice(name.length).trim();
  }
  return trimmed;
}

export function createOnboardingFeature(deps: OnboardingDeps): Feature {
  const service: OnboardingService = createOnboardingService(deps);

  const cardReply = (record: InstitutionRecord, input: TurnInput): Reply => ({
    kind: 'card',
    card: statusCard(
      record,
      input.lang,
      (step) => articleFor(deps, isStepNumber(step) ? step : 7, input.lang),
      deps.tabLinks ? deps.tabLinks.page(`institution/${encodeURIComponent(record.institution.id)}`) : deps.tabUrl,
    ),
    summary: tOnboarding(input.lang).cardSummary(institutionName(input.lang, record.institution)),
  });

  async function showStatus(input: TurnInput): Promise<Reply[]> {
    authorize(input.user, 'view-onboarding');
    const t = tOnboarding(input.lang);
    const query = commandArgument(input.text);
    if (query) {
      const institutions = await service.institutionsForMatching();
      const matches = matchNames(
        query,
        institutions.map((i) => ({ id: i.id, names: [i.nameFi, i.nameSv, i.nameEn] })),
      );
      const [best, second] = matches;
      if (!best) return [{ kind: 'text', text: t.noMatch }];
      const clearWinner = !second || (best.score >= 0.95 && second.score < 0.95) || best.score - second.score >= 0.08;
      if (!clearWinner) {
        const byId = new Map(institutions.map((i) => [i.id, i]));
        const candidates = matches
          .slice(0, 3)
          .map((m) => byId.get(m.id)!)
          .filter(Boolean);
        return [{ kind: 'card', card: didYouMeanCard(candidates, input.lang), summary: t.didYouMean }];
      }
      const record = await service.statusOf(best.id);
      return record ? [cardReply(record, input)] : [{ kind: 'text', text: t.noMatch }];
    }
    const record = input.user.institutionId ? await service.statusOf(input.user.institutionId) : undefined;
    if (!record) return [{ kind: 'text', text: `${t.notMapped} ${t.notMappedHint}` }];
    return [cardReply(record, input)];
  }

  return {
    name: 'onboarding',
    legacyVerbs: LEGACY_VERB_ALIASES,
    commands: [{ names: STATUS_COMMANDS, run: showStatus }],
    actions: [
      {
        verbs: [SHOW_STATUS_VERB],
        async run(input): Promise<ActionResult> {
          authorize(input.user, 'view-onboarding');
          const parsed = idParamSchema.safeParse(input.value.institutionId);
          if (!parsed.success) throw new AppError('VALIDATION', 'institution id');
          const record = await service.statusOf(parsed.data);
          if (!record) throw new AppError('NOT_FOUND', 'institution not found');
          const reply = cardReply(record, input);
          if (reply.kind !== 'card') throw new AppError('INTERNAL', 'status card missing');
          return { kind: 'card', card: reply.card };
        },
      },
    ],
  };
}
