/**
 * The card action verbs of every feature, in one table built at start-up. A verb owned twice (two
 * features, or one feature's handlers, or an old alias that shadows a verb) would make one handler
 * silently unreachable, so it stops start-up with both owners named instead.
 *
 * Renamed verbs keep working: a feature may list `legacyVerbs` (old verb → current verb), so a card
 * posted before the rename still reaches its handler, which sees the current verb.
 */
import type { ActionHandler, Feature } from '../features/types.js';

export interface VerbEntry {
  handler: ActionHandler;
  /** The verb the handler declares (an old alias resolves to it). */
  verb: string;
  feature: string;
}

export class DuplicateVerbError extends Error {
  constructor(
    readonly verb: string,
    readonly owners: [string, string],
  ) {
    super(`card action verb "${verb}" is registered twice (${owners[0]} and ${owners[1]}): each verb must have one handler`);
    this.name = 'DuplicateVerbError';
  }
}

/**
 * Builds verb → handler for `features`. `reserved` verbs belong to the router itself (e.g. the help
 * card's run-command verb). Throws DuplicateVerbError on any verb or alias owned twice, and a plain
 * Error on an alias pointing to a verb its feature does not own.
 */
export function buildVerbTable(features: readonly Feature[], reserved: Readonly<Record<string, string>> = {}): Map<string, VerbEntry> {
  const table = new Map<string, VerbEntry>();
  const owners = new Map<string, string>(Object.entries(reserved));
  const claim = (verb: string, owner: string) => {
    const previous = owners.get(verb);
    if (previous !== undefined) throw new DuplicateVerbError(verb, [previous, owner]);
    owners.set(verb, owner);
  };

  for (const feature of features) {
    const own = new Map<string, ActionHandler>();
    for (const handler of feature.actions ?? []) {
      for (const verb of handler.verbs) {
        claim(verb, `feature "${feature.name}"`);
        own.set(verb, handler);
        table.set(verb, { handler, verb, feature: feature.name });
      }
    }
    for (const [alias, current] of Object.entries(feature.legacyVerbs ?? {})) {
      const handler = own.get(current);
      if (!handler)
        throw new Error(`feature "${feature.name}" maps the old verb "${alias}" to "${current}", which none of its handlers declares`);
      claim(alias, `feature "${feature.name}" (old name of "${current}")`);
      table.set(alias, { handler, verb: current, feature: feature.name });
    }
  }
  return table;
}
