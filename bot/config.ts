import { z } from 'zod';
import { isAllowedOnrUrl, ONR_TEST_HOSTS } from './features/lookup/onr-hosts.js';

export { isAllowedOnrUrl, ONR_TEST_HOSTS };

/**
 * Every environment variable the app reads, in one zod schema. process.env is read here only.
 * Mode is derived, never switched off: with MICROSOFT_APP_ID set the app is in production mode and
 * every credential it needs must be present. Without it the app runs in local mode only when asked to
 * (LOCAL_MODE=true, which `npm start` sets); the production entry (`npm run start:prod`) never does,
 * so a deployment that forgets the bot identity refuses to start instead of opening local mode.
 */
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : v === 'true' || v === '1'));
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined));
const list = z
  .string()
  .optional()
  .transform((v) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  );
const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** A loopback host name: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** An http(s) URL whose host is loopback (the test harness's fake Bot Framework issuer). */
export function isLoopbackHttpUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHostname(url.hostname);
  } catch {
    return false;
  }
}

const baseSchema = z.object({
  NODE_ENV: z.string().optional(),
  PORT: port(3978),
  /** Listener address; default 127.0.0.1 in local mode, 0.0.0.0 in production mode. */
  HOST: optionalString,
  /** Lets a start without the bot identity run local mode (`npm start` sets it). */
  LOCAL_MODE: bool(false),
  PUBLIC_BASE_URL: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optionalString,
  /**
   * Whether this process is the only one using its database. `auto`: yes when the app opened its own
   * SQLite file, no with PostgreSQL. A single instance keeps duplicate-delivery claims in memory only.
   */
  SINGLE_INSTANCE: z.enum(['auto', 'true', 'false']).default('auto'),
  KB_DIR: z.string().default('./kb'),

  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  MICROSOFT_APP_TENANT_ID: optionalString,
  MICROSOFT_APP_TYPE: z.enum(['SingleTenant', 'UserAssignedMSI', 'MultiTenant']).optional(),
  /** Tenants whose activities are accepted (the home tenant is always allowed). */
  ALLOWED_TENANTS: list,
  /** Extra allowed Bot Framework service URL hosts besides the Teams defaults. */
  ALLOWED_SERVICE_URL_HOSTS: list,
  /**
   * Test harness only (accepted with NODE_ENV=test): OpenID metadata of a local fake Bot Framework
   * token issuer. Unset, inbound tokens are checked against Microsoft's metadata.
   */
  BOT_OPENID_METADATA_URL: optionalString,

  TAB_CLIENT_ID: optionalString,
  TAB_APP_ID_URI: optionalString,
  /**
   * Teams app id (manifest `id`, set by provision). With it, card links into the tab are Teams deep
   * links that open inside Teams; without it (local mode) they are the tab's own URLs.
   */
  TEAMS_APP_ID: z
    .string()
    .optional()
    .transform((v) => (v ? v.trim() : undefined))
    .refine(
      (v) => v === undefined || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
      'must be the Teams app id (a GUID)',
    ),

  LOCAL_PLAYGROUND: bool(true),
  PLAYGROUND_PORT: port(56150),
  FAKE_ONR_PORT: port(3980),

  ONR_BASE_URL: optionalString,
  ONR_AUTH: z.enum(['cas', 'oauth2']).default('cas'),
  ONR_USERNAME: optionalString,
  ONR_PASSWORD: optionalString,
  ONR_CLIENT_ID: optionalString,
  ONR_CLIENT_SECRET: optionalString,
  ONR_CALLER_ID: z.string().default('1.2.246.562.10.00000000001.oppijanumero-teams'),
  LOOKUP_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  LOOKUP_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(600),
  /** Test look-ups through the whole app per LOOKUP_RATE_WINDOW_SECONDS (A-PRIV-8). */
  LOOKUP_APP_RATE_LIMIT: z.coerce.number().int().min(1).default(200),
  /** HMAC key of the look-up audit's identifier hashes; unset, one is generated once into the database. */
  LOOKUP_AUDIT_SECRET: optionalString.refine((v) => v === undefined || v.length >= 16, 'at least 16 characters'),
  /** Days the look-up audit trail is kept (A-PRIV-4). */
  LOOKUP_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
  /** Tab API calls per user per minute (A-PRIV-8). */
  TAB_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120),

  /** Conversation id of the channel where expert tickets are posted. */
  EXPERT_CHANNEL: optionalString,
  /** Conversation id where new feedback and error reports are announced to OPH (default: EXPERT_CHANNEL). */
  FEEDBACK_CHANNEL: optionalString,
  /** Conversation id of the service's own announcement channel. */
  SERVICE_CHANNEL: optionalString,
  ANNOUNCEMENT_APPROVAL: z.enum(['single', 'two-person']).default('single'),
  /** Hosts announcement links may point to (with subdomains); default OPH's and the service's domains. */
  ANNOUNCEMENT_LINK_HOSTS: list,
  OUTBOX_APP_RPS: z.coerce.number().positive().default(30),
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
});

/** Every variable name the app reads (documented one by one in .env.example). */
export const CONFIG_KEYS = Object.keys(baseSchema.shape);

/** What production mode needs besides MICROSOFT_APP_ID (named when the bot identity is missing). */
const PRODUCTION_SETTINGS = [
  'MICROSOFT_APP_ID',
  'MICROSOFT_APP_TENANT_ID',
  'MICROSOFT_APP_TYPE',
  'MICROSOFT_APP_PASSWORD',
  'TAB_CLIENT_ID',
  'ONR_BASE_URL',
  'PUBLIC_BASE_URL',
] as const;

const envSchema = baseSchema.superRefine((env, ctx) => {
  if (env.NODE_ENV === 'production' && !env.MICROSOFT_APP_ID) {
    ctx.addIssue({
      code: 'custom',
      path: ['MICROSOFT_APP_ID'],
      message: 'NODE_ENV=production needs the bot identity; local mode is for development only',
    });
  } else if (!env.MICROSOFT_APP_ID && !env.LOCAL_MODE) {
    const missing = PRODUCTION_SETTINGS.filter((key) => !env[key]);
    ctx.addIssue({
      code: 'custom',
      path: ['MICROSOFT_APP_ID'],
      message: `the bot identity is missing (not set: ${missing.join(', ')}); production never falls back to local mode — for local development run \`npm start\` (LOCAL_MODE=true)`,
    });
  }
  if (env.MICROSOFT_APP_ID) {
    const need = (key: keyof typeof env, why: string) => {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: `required in production mode: ${why}` });
    };
    need('MICROSOFT_APP_TENANT_ID', 'single-tenant bot identity');
    need('MICROSOFT_APP_TYPE', 'SingleTenant or UserAssignedMSI');
    if (env.MICROSOFT_APP_TYPE === 'MultiTenant') {
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_TYPE'],
        message: 'MultiTenant bot registrations are deprecated; use SingleTenant or UserAssignedMSI',
      });
    }
    if (env.MICROSOFT_APP_TYPE === 'SingleTenant') need('MICROSOFT_APP_PASSWORD', 'client secret of the bot');
    need('TAB_CLIENT_ID', 'Entra app id the tab SSO tokens are issued for');
    need('ONR_BASE_URL', 'ONR test environment URL');
    need('PUBLIC_BASE_URL', 'https address of the app');
  }
  if (env.BOT_OPENID_METADATA_URL && env.NODE_ENV !== 'test') {
    ctx.addIssue({
      code: 'custom',
      path: ['BOT_OPENID_METADATA_URL'],
      message: 'accepted only with NODE_ENV=test; production always uses the Microsoft metadata',
    });
  } else if (env.BOT_OPENID_METADATA_URL && !isLoopbackHttpUrl(env.BOT_OPENID_METADATA_URL)) {
    ctx.addIssue({
      code: 'custom',
      path: ['BOT_OPENID_METADATA_URL'],
      message: 'the test override must be a loopback URL (localhost, 127.0.0.0/8 or ::1)',
    });
  }
  if (env.ONR_BASE_URL && !isAllowedOnrUrl(env.ONR_BASE_URL)) {
    ctx.addIssue({
      code: 'custom',
      path: ['ONR_BASE_URL'],
      message: `only the ONR test environments (${ONR_TEST_HOSTS.join(', ')}) or loopback are allowed`,
    });
  }
  if (env.ONR_AUTH === 'cas' && env.ONR_BASE_URL && env.MICROSOFT_APP_ID && !(env.ONR_USERNAME && env.ONR_PASSWORD)) {
    ctx.addIssue({ code: 'custom', path: ['ONR_USERNAME'], message: 'ONR_AUTH=cas needs ONR_USERNAME and ONR_PASSWORD' });
  }
  if (env.ONR_AUTH === 'oauth2' && env.ONR_BASE_URL && !(env.ONR_CLIENT_ID && env.ONR_CLIENT_SECRET)) {
    ctx.addIssue({ code: 'custom', path: ['ONR_CLIENT_ID'], message: 'ONR_AUTH=oauth2 needs ONR_CLIENT_ID and ONR_CLIENT_SECRET' });
  }
});

export type Env = z.infer<typeof envSchema>;
export type Config = Omit<Env, 'HOST'> & { HOST: string; mode: 'local' | 'production' };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError naming every bad key (never its value). */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`));
  }
  const mode = parsed.data.MICROSOFT_APP_ID ? 'production' : 'local';
  // Local mode listens on loopback unless HOST says otherwise (its dev routes refuse other peers too).
  return { ...parsed.data, mode, HOST: parsed.data.HOST ?? (mode === 'local' ? '127.0.0.1' : '0.0.0.0') };
}

/**
 * The entry's configuration: `--local` on the command line (what `npm start` passes) allows local
 * mode unless LOCAL_MODE says otherwise; the production entry (`npm run start:prod`) passes nothing.
 */
export function loadEntryConfig(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(argv.includes('--local') ? { LOCAL_MODE: 'true', ...env } : env);
}
