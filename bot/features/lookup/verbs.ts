import type { LegacyVerbAliases } from '../verb-aliases.js';

/** Action.Execute verbs of the test look-up (and the Action.Submit fallback's `verb`), declared once. */
export const VERBS = {
  hetu: 'lookup.hetu',
  oid: 'lookup.oid',
  newForm: 'lookup.new',
  testIds: 'lookup.test-ids',
  refresh: 'lookup.refresh',
} as const;

/** Verbs of cards posted before the rename (Finnish `testihaku.*`), answered as their new names. */
export const LEGACY_VERB_ALIASES: LegacyVerbAliases = {
  'testihaku.hetu': VERBS.hetu,
  'testihaku.oid': VERBS.oid,
  'testihaku.new': VERBS.newForm,
  'testihaku.ids': VERBS.testIds,
  'testihaku.refresh': VERBS.refresh,
};
