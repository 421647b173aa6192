/**
 * The database's history: one migration set for both dialects, run in name order by Kysely, which records
 * every name it has run. So a migration that has run anywhere is never edited or renamed, and its name
 * here stays its file's name; a change to the schema is always a new migration.
 *
 * To add a migration:
 * 1. Write `NNN-<what-for>.json` beside this file (the next number): a "comment" saying what it is for
 *    and its steps — createTable, createIndex, alterTable with addColumn or dropColumn — in the vocabulary
 *    of `migration-spec.ts` (look at 008 and 010 for changes to existing tables). A "comment" on a step,
 *    constraint or column says why. The spec is validated at start-up; `down` is derived from it.
 * 2. Anything a spec cannot say (filling or converting data, a statement for one dialect only) is code:
 *    a `NNN-<what-for>.ts` exporting Kysely's `up` and `down`, which may still run declared steps through
 *    `migrationFromSpec(name, spec).up(db)` before or after its own work.
 * 3. List it below under its file name: a spec in `declared`, a code module in `migrations`.
 * 4. Regenerate the schema snapshot and review its diff with the migration (how: the header of
 *    test/integration/core/schema-snapshot.test.ts); the snapshot test fails until you do.
 *
 * Conventions that keep one set portable: text primary keys (UUIDs or natural keys), ISO-8601 text
 * timestamps, integers for booleans and counters, JSON as text. Each capability owns its own numbered file.
 */
import type { Migration, MigrationProvider } from 'kysely';
import { migrationFromSpec } from './migration-spec.js';
import core from './001-core.json' with { type: 'json' };
import guidance from './002-guidance.json' with { type: 'json' };
import feedback from './003-feedback.json' with { type: 'json' };
import lookup from './004-lookup.json' with { type: 'json' };
import onboarding from './005-onboarding.json' with { type: 'json' };
import announcements from './006-announcements.json' with { type: 'json' };
import reliability from './007-reliability.json' with { type: 'json' };
import lookupIdentifierHash from './008-lookup-identifier-hash.json' with { type: 'json' };
import membership from './009-membership.json' with { type: 'json' };
import walkthrough from './010-walkthrough.json' with { type: 'json' };

/** The migrations declared as specs, by name (their file names). */
const declared: Record<string, unknown> = {
  '001-core': core,
  '002-guidance': guidance,
  '003-feedback': feedback,
  '004-lookup': lookup,
  '005-onboarding': onboarding,
  '006-announcements': announcements,
  '007-reliability': reliability,
  '008-lookup-identifier-hash': lookupIdentifierHash,
  '009-membership': membership,
  '010-walkthrough': walkthrough,
};

const migrations: Record<string, Migration> = {
  ...Object.fromEntries(Object.entries(declared).map(([name, spec]) => [name, migrationFromSpec(name, spec)])),
  // A migration in code (step 2 above) is listed here as `'NNN-<what-for>': module`.
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
