/**
 * The identity and production-mode environment the benchmarks run the app in (bench:load, bench:turn):
 * a single-tenant bot against a fake Bot Framework issuer on loopback, no real services. One place, so
 * the benchmarks measure the same configuration.
 */
export const BENCH_APP_ID = '11111111-1111-4111-8111-111111111111';
export const BENCH_TENANT_ID = '22222222-2222-4222-8222-222222222222';
export const BENCH_PASSWORD = 'bench-not-a-secret';

/** The environment for `loadConfig`: production mode (NODE_ENV=test only for the fake issuer). */
export function benchAppEnv(options: {
  metadataUrl: string;
  dataDir: string;
  logLevel: string;
  databaseUrl?: string | undefined;
}): Record<string, string> {
  return {
    LOCAL_MODE: 'true',
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: options.dataDir,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    LOG_LEVEL: options.logLevel,
    MICROSOFT_APP_ID: BENCH_APP_ID,
    MICROSOFT_APP_PASSWORD: BENCH_PASSWORD,
    MICROSOFT_APP_TENANT_ID: BENCH_TENANT_ID,
    MICROSOFT_APP_TYPE: 'SingleTenant',
    ALLOWED_SERVICE_URL_HOSTS: '127.0.0.1',
    BOT_OPENID_METADATA_URL: options.metadataUrl,
    TAB_CLIENT_ID: '33333333-3333-4333-8333-333333333333',
    ONR_BASE_URL: 'http://127.0.0.1:9',
    ONR_USERNAME: 'test-service-user',
    ONR_PASSWORD: 'not-a-real-password',
    PUBLIC_BASE_URL: 'https://bot.example.fi',
  };
}
