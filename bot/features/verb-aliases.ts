/**
 * Card verbs that were renamed (issue 14 item 10: one scheme, `<feature>.<action>` in English) stay
 * answerable: cards already posted in Teams keep their old verb in their Action.Execute and in the
 * Action.Submit fallback's data for as long as the message exists. Each feature's `verbs.ts` lists its
 * renames as `LEGACY_VERB_ALIASES` (old → new) and the feature declares them as its `legacyVerbs`; the
 * router's verb table (bot/teams/verb-table.ts) answers an old verb with the handler of the new one and
 * hands it the new name.
 */
export type LegacyVerbAliases = Readonly<Record<string, string>>;
