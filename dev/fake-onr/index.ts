/** Public surface of the fake ONR test environment for local mode, tests and benchmarks. */
export { startFakeOnr, createFakeOnrServer, FakeOnrControl } from './server.js';
export type { FakeOnr, FakeFault, FakeOnrStats, RequestLogEntry, StartFakeOnrOptions } from './server.js';
export { FakeOnrState, DEFAULT_SETTINGS } from './state.js';
export type { FakeOnrSettings } from './state.js';
export {
  FAKE_ONR_CREDENTIALS,
  FAKE_NO_ROLE_CREDENTIALS,
  FAKE_ORGANISATION_OID,
  NOT_FOUND_HETU,
  SEED_ONR_PERSONS,
  SEED_VTJ_ONLY,
  seedPersonViews,
} from './seed.js';
export type { SeedPersonView, SeedScenario } from './seed.js';
