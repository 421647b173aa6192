/** Public surface of the test look-up capability (what bot/index.ts and the tests import). */
export { createLookupFeature, LOOKUP_COMMANDS, TEST_IDS_COMMANDS } from './feature.js';
export type { LookupFeatureDeps } from './feature.js';
export { createOnrClient, createOnrClientFromConfig } from './onr-client.js';
export type {
  OnrClient,
  OnrClientOptions,
  OnrClientStats,
  HetuLookupInput,
  HetuLookupResult,
  OidCheckResult,
  CallOptions,
} from './onr-client.js';
export { OnrError, ONR_ERROR_KINDS } from './onr-errors.js';
export type { OnrErrorKind } from './onr-errors.js';
export { resolveOnrEndpoints, OnrConfigError } from './onr-endpoints.js';
export type { OnrEnvironment } from './onr-endpoints.js';
export { guardHetu, guardOid, isTestHetu, isPersonOid } from './identifiers.js';
export { VERBS as LOOKUP_VERBS, LEGACY_VERB_ALIASES as LOOKUP_LEGACY_VERB_ALIASES } from './verbs.js';
export type { TestPersonListing } from './cards.js';
