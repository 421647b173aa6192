import type { AdaptiveCard } from '../../cards/card.js';
import { button, type ButtonData } from '../../cards/template-data.js';
import { defineCardTemplate } from '../../cards/template.js';
import capabilitiesJson from './cards/capabilities.json' with { type: 'json' };
import { coreText } from '../../i18n/core.js';
import type { Lang } from '../../i18n/index.js';
import { can, type UserContext } from '../../auth/roles.js';

/** Verb of the help card's buttons: run a command as if the user had typed it. */
export const RUN_COMMAND_VERB = 'help.run';

/** Data of `cards/capabilities.json`, the help and welcome card's layout. */
export interface CapabilitiesCardData {
  title: string;
  intro: string;
  capabilityList: string;
  buttons: ButtonData[];
  tab?: { title: string; url: string };
}

const capabilitiesTemplate = defineCardTemplate<CapabilitiesCardData>('help/capabilities', capabilitiesJson);

function capabilityButtons(user: Pick<UserContext, 'role'>, lang: Lang): ButtonData[] {
  const t = coreText[lang];
  const buttons = [button(t.buttonAsk, 'help.ask')];
  if (can(user, 'run-test-lookup')) buttons.push(button(t.buttonLookup, RUN_COMMAND_VERB, { command: 'testihaku' }));
  buttons.push(button(t.buttonFeedback, RUN_COMMAND_VERB, { command: 'palaute' }));
  buttons.push(button(t.buttonProposals, RUN_COMMAND_VERB, { command: 'ehdotukset' }));
  buttons.push(button(t.buttonStatus, RUN_COMMAND_VERB, { command: 'tilanne' }));
  return buttons;
}

function capabilitiesCard(
  user: Pick<UserContext, 'role'>,
  lang: Lang,
  title: string,
  intro: string,
  tabUrl: string | undefined,
): AdaptiveCard {
  const t = coreText[lang];
  return capabilitiesTemplate.expand({
    title,
    intro,
    capabilityList: capabilityList(user, lang),
    buttons: capabilityButtons(user, lang),
    ...(tabUrl ? { tab: { title: t.buttonTab, url: tabUrl } } : {}),
  });
}

function capabilityList(user: Pick<UserContext, 'role'>, lang: Lang): string {
  const t = coreText[lang];
  const lines = [t.helpAsk];
  if (can(user, 'run-test-lookup')) lines.push(t.helpLookup);
  lines.push(t.helpFeedback, t.helpStatus, t.helpAnnouncements);
  if (can(user, 'announce')) lines.push(t.helpAdmin);
  return lines.map((line) => `- ${line}`).join('\n');
}

export function helpCard(user: UserContext, lang: Lang, tabUrl?: string): AdaptiveCard {
  const t = coreText[lang];
  return capabilitiesCard(user, lang, t.helpTitle, t.helpIntro, tabUrl);
}

/**
 * What every member of a channel may do: a channel welcome is read by everyone, so it is built for the
 * least powerful role, not for whoever installed the app (issue 15 item 13).
 */
const EVERYONE: Pick<UserContext, 'role'> = { role: 'Participant' };

/** True when the user may do more than every member (the test look-up, admin commands). */
export function hasMoreThanEveryone(user: Pick<UserContext, 'role'>): boolean {
  return (['run-test-lookup', 'announce'] as const).some((action) => can(user, action) && !can(EVERYONE, action));
}

export function channelWelcomeCard(lang: Lang, tabUrl?: string): AdaptiveCard {
  return welcomeCard(EVERYONE, lang, tabUrl);
}

export function welcomeCard(user: Pick<UserContext, 'role'>, lang: Lang, tabUrl?: string): AdaptiveCard {
  const t = coreText[lang];
  return capabilitiesCard(user, lang, t.welcomeTitle, t.welcomeBody, tabUrl);
}
