/**
 * Card verbs that were renamed (issue 14 item 10: one scheme, `<feature>.<action>` in English) stay
 * answerable: cards already posted in Teams keep their old verb in their Action.Execute and in the
 * Action.Submit fallback's data for as long as the message exists. Each feature's `verbs.ts` lists its
 * renames as `LEGACY_VERB_ALIASES` (old → new); the feature registers the old verbs too and handles
 * them as the new ones.
 */
export type LegacyVerbAliases = Readonly<Record<string, string>>;

/** The verbs a handler registers: its own and every old verb that now means one of them. */
export function verbsAnswering(verbs: readonly string[], aliases: LegacyVerbAliases): string[] {
  const legacy = Object.entries(aliases)
    .filter(([, current]) => verbs.includes(current))
    .map(([old]) => old);
  return [...verbs, ...legacy];
}

/** The current name of a verb that may be an old one. */
export function currentVerb(verb: string, aliases: LegacyVerbAliases): string {
  return Object.hasOwn(aliases, verb) ? aliases[verb]! : verb;
}
