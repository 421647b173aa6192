import { execute, heading, makeCard, text, openUrl, type AdaptiveCard, type CardAction } from '../../cards/card.js';
import { coreText } from '../../i18n/core.js';
import type { Lang } from '../../i18n/index.js';
import { can, type UserContext } from '../../auth/roles.js';

/** Verb of the help card's buttons: run a command as if the user had typed it. */
export const RUN_COMMAND_VERB = 'help.run';

export function commandButton(title: string, command: string): CardAction {
  return execute(title, RUN_COMMAND_VERB, { command });
}

function capabilityButtons(user: Pick<UserContext, 'role'>, lang: Lang, tabUrl: string | undefined): CardAction[] {
  const t = coreText[lang];
  const buttons: CardAction[] = [execute(t.buttonAsk, 'help.ask')];
  if (can(user, 'run-test-lookup')) buttons.push(commandButton(t.buttonLookup, 'testihaku'));
  buttons.push(commandButton(t.buttonFeedback, 'palaute'));
  buttons.push(commandButton(t.buttonProposals, 'ehdotukset'));
  buttons.push(commandButton(t.buttonStatus, 'tilanne'));
  if (tabUrl) buttons.push(openUrl(t.buttonTab, tabUrl));
  return buttons;
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
  return makeCard([heading(t.helpTitle), text(t.helpIntro), text(capabilityList(user, lang))], capabilityButtons(user, lang, tabUrl));
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
  return makeCard(
    [heading(t.welcomeTitle), text(t.welcomeBody), text(capabilityList(user, lang))],
    capabilityButtons(user, lang, tabUrl),
  );
}
