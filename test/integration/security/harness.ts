/**
 * Shared set-up of the security suites: the real app (startApp) in production mode with NODE_ENV=test,
 * pointed at the fake Bot Framework issuer and a fake connector on loopback, with every log line and
 * every console.error captured for the "no token in logs" checks.
 */
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../../bot/config.js';
import { startApp, type RunningApp } from '../../../bot/app.js';
import { createLogger, type Logger } from '../../../bot/log.js';
import type { Store } from '../../../bot/store/db.js';
import type { FakeBotFrameworkAuth, FakeConnector } from '../../helpers/fake-bot-framework-auth.js';

export const APP_ID = '11111111-1111-4111-8111-111111111111';
export const HOME_TENANT = '22222222-2222-4222-8222-222222222222';
export const PARTNER_TENANT = '44444444-4444-4444-8444-444444444444';
export const FOREIGN_TENANT = '99999999-9999-4999-8999-999999999999';
/** The fixed body of every refusal (bot/server.ts); no claim or SDK message is ever echoed. */
export const UNAUTHORIZED_BODY = '{"error":"Unauthorized"}';

export interface LogCapture {
  logger: Logger;
  lines: string[];
  /** Parsed log records with the given `event`. */
  events(event: string): Array<Record<string, unknown>>;
}

export function captureLogs(level = 'debug'): LogCapture {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return {
    logger,
    lines,
    events: (event) => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((record) => record.event === event),
  };
}

export interface SecureAppOptions {
  env?: Record<string, string>;
  store?: Store;
  logger?: Logger;
}

/** The environment of the real app in production mode, trusting the fake issuer and the loopback connector. */
export function secureAppEnv(metadataUrl: string): Record<string, string> {
  return {
    LOCAL_MODE: 'true',
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: ':memory:',
    LOG_LEVEL: 'silent',
    MICROSOFT_APP_ID: APP_ID,
    MICROSOFT_APP_PASSWORD: 'not-a-real-secret',
    MICROSOFT_APP_TENANT_ID: HOME_TENANT,
    MICROSOFT_APP_TYPE: 'SingleTenant',
    ALLOWED_TENANTS: PARTNER_TENANT,
    ALLOWED_SERVICE_URL_HOSTS: '127.0.0.1',
    BOT_OPENID_METADATA_URL: metadataUrl,
    TAB_CLIENT_ID: '33333333-3333-4333-8333-333333333333',
    ONR_BASE_URL: 'http://127.0.0.1:9',
    ONR_USERNAME: 'test-service-user',
    ONR_PASSWORD: 'not-a-real-password',
    PUBLIC_BASE_URL: 'https://bot.example.fi',
  };
}

/** The real app in production mode, trusting the fake issuer and the fake connector's loopback host. */
export async function startSecureApp(auth: FakeBotFrameworkAuth, options: SecureAppOptions = {}): Promise<RunningApp> {
  const config = loadConfig({
    ...secureAppEnv(auth.metadataUrl),
    ...options.env,
  });
  return startApp(config, {
    logger: options.logger ?? createLogger({ level: 'silent' }),
    ...(options.store ? { store: options.store } : {}),
  });
}

/** A personal-chat message as Teams sends it, with a fresh activity id. */
export function teamsMessage(serviceUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'message',
    id: `act-${randomUUID()}`,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    locale: 'fi-FI',
    text: 'Mitä oppijanumero tarkoittaa?',
    from: { id: '29:test-user', name: 'Testi Käyttäjä', aadObjectId: '55555555-5555-4555-8555-555555555555' },
    recipient: { id: `28:${APP_ID}`, name: 'Bot' },
    conversation: { id: `a:conv-${randomUUID()}`, conversationType: 'personal', tenantId: HOME_TENANT },
    channelData: { tenant: { id: HOME_TENANT } },
    ...overrides,
  };
}

export interface PostResult {
  status: number;
  body: string;
}

export async function postActivity(url: string, activity: unknown, authorization?: string): Promise<PostResult> {
  const response = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization !== undefined ? { authorization } : {}) },
    body: JSON.stringify(activity),
  });
  return { status: response.status, body: await response.text() };
}

/** A JWT anywhere in the text (three base64url segments, the first a JSON header). */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./;

export type { FakeConnector };
