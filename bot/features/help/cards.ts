import { execute, heading, makeCard, text, openUrl, type AdaptiveCard, type CardAction } from '../../cards/card.js';
import { coreText } from '../../i18n/core.js';
import type { Lang } from '../../i18n/index.js';
import { can, type UserContext } from '../../auth/roles.js';

/** Verb of the help card's buttons: run a command as if the user had typed it. */
export const RUN_COMMAND_VERB = 'help.run';

export function commandButton(title: string, command: string): CardAction {
  return execute(title, RUN_COMMAND_VERB, { command });
}

function capabilityButtons(user: UserContext, lang: Lang, tabUrl: string | undefined): CardAction[] {
  const t = coreText[lang];
  const buttons: CardAction[] = [execute(t.buttonAsk, 'help.ask')];
  if (can(user, 'run-test-lookup')) buttons.push(commandButton(t.buttonLookup, 'testihaku'));
  buttons.push(commandButton(t.buttonFeedback, 'palaute'));
  buttons.push(commandButton(t.buttonProposals, 'ehdotukset'));
  buttons.push(commandButton(t.buttonStatus, 'tilanne'));
  if (tabUrl) buttons.push(openUrl(t.buttonTab, tabUrl));
  return buttons;
}

function capabilityList(user: UserContext, lang: Lang): string {
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

export function welcomeCard(user: UserContext, lang: Lang, tabUrl?: string): AdaptiveCard {
  const t = coreText[lang];
  return makeCard(
    [heading(t.welcomeTitle), text(t.welcomeBody), text(capabilityList(user, lang))],
    capabilityButtons(user, lang, tabUrl),
  );
}
