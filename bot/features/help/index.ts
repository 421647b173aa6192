import type { Feature, Reply } from '../types.js';
import { coreText } from '../../i18n/core.js';
import { channelWelcomeCard, hasMoreThanEveryone, helpCard, welcomeCard } from './cards.js';
import type { UserContext } from '../../auth/roles.js';
import type { Lang } from '../../i18n/index.js';

export { RUN_COMMAND_VERB } from './cards.js';

export const HELP_COMMANDS = ['apua', 'ohje', 'hjälp', 'help', '?'];

export interface HelpFeature extends Feature {
  help(user: UserContext, lang: Lang): Reply;
  welcome(user: UserContext, lang: Lang): Reply;
  /** The welcome posted to a channel or group chat: only what every member may do. */
  channelWelcome(lang: Lang): Reply;
  /** Whether this user may do more than every member, so their full help goes to them privately. */
  hasMoreThanEveryone(user: UserContext): boolean;
}

/** Help and welcome: what the bot can do, with one button per capability the user may use. */
export function createHelpFeature(deps: { tabUrl?: string | undefined }): HelpFeature {
  const help = (user: UserContext, lang: Lang): Reply => ({
    kind: 'card',
    card: helpCard(user, lang, deps.tabUrl),
    summary: coreText[lang].helpTitle,
  });
  const welcome = (user: UserContext, lang: Lang): Reply => ({
    kind: 'card',
    card: welcomeCard(user, lang, deps.tabUrl),
    summary: coreText[lang].welcomeTitle,
  });
  const channelWelcome = (lang: Lang): Reply => ({
    kind: 'card',
    card: channelWelcomeCard(lang, deps.tabUrl),
    summary: coreText[lang].welcomeTitle,
  });
  return {
    name: 'help',
    help,
    welcome,
    channelWelcome,
    hasMoreThanEveryone,
    commands: [{ names: HELP_COMMANDS, run: async (input) => [help(input.user, input.lang)] }],
    actions: [
      {
        verbs: ['help.ask'],
        // A toast disappears before anyone reads it: the help card stays and the prompt comes as a message.
        run: async (input) => ({
          kind: 'card',
          card: helpCard(input.user, input.lang, deps.tabUrl),
          followUps: [{ kind: 'text', text: coreText[input.lang].askPrompt }],
        }),
      },
    ],
  };
}
