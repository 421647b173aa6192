import type { Migration, MigrationProvider } from 'kysely';
import * as core from './001-core.js';
import * as guidance from './002-guidance.js';
import * as feedback from './003-feedback.js';
import * as lookup from './004-lookup.js';
import * as onboarding from './005-onboarding.js';
import * as announcements from './006-announcements.js';
import * as reliability from './007-reliability.js';
import * as lookupIdentifierHash from './008-lookup-identifier-hash.js';
import * as membership from './009-membership.js';
import * as walkthrough from './010-walkthrough.js';

/**
 * One migration set for both dialects. Conventions that keep it portable: text primary keys (UUIDs or
 * natural keys), ISO-8601 text timestamps, integers for booleans and counters, JSON as text.
 * Each capability owns its own numbered file; a later change to a capability adds a new file.
 */
const migrations: Record<string, Migration> = {
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

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
