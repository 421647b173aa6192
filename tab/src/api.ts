/**
 * The tab's API client. The token comes from a provider on every call (Teams caches SSO tokens
 * itself; the local dev token lives in a variable) and is never written to any browser storage.
 */
import type { Lang } from '../../bot/i18n/index.js';

/**
 * The API's own types (bot/tab-api/*): what the routes send, mapped there from the server's records, so
 * the tab never depends on a database row or a service type.
 */
export type {
  ApiHistoryEntry,
  ApiInstitutionDetail,
  ApiInstitutionUpdate,
  ApiOverview,
  ApiOverviewRow,
  ApiStep,
  ApiStepArticle,
  ApiSummary,
} from '../../bot/tab-api/onboarding.js';
export type { ApiGapGroup, ApiGaps, ApiKbDraft, ApiKbDrafts, ApiTicket, ApiTicketState, ApiTickets } from '../../bot/tab-api/escalation.js';
export type {
  ApiAnnouncement,
  ApiAnnouncementListItem,
  ApiAnnouncementReport,
  ApiAuditEntry,
  ApiOutcome,
} from '../../bot/tab-api/announcements.js';

export type TokenProvider = () => Promise<string>;

/** One field the server refused, with its localized sentence (the server never echoes the value). */
export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function problemsOf(value: unknown): FieldProblem[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((p): p is FieldProblem => Boolean(p) && typeof p.field === 'string' && typeof p.message === 'string')
    .map((p) => ({ field: p.field, message: p.message }));
}

export interface ApiClient {
  get<T>(path: string, query?: Record<string, string | undefined>): Promise<T>;
  send<T>(method: 'PATCH' | 'PUT' | 'DELETE' | 'POST', path: string, body?: unknown): Promise<T>;
  download(path: string): Promise<{ blob: Blob; filename: string }>;
}

const BASE = '/api/tab';

export function createApi(token: TokenProvider, lang: () => Lang): ApiClient {
  async function request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${await token()}`,
      'Accept-Language': lang(),
    };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${BASE}${path}`, {
      method,
      headers,
      credentials: 'omit',
      cache: 'no-store',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) {
      let code = 'INTERNAL';
      let message = '';
      let problems: FieldProblem[] = [];
      try {
        const data = (await response.json()) as { error?: string; message?: string; problems?: unknown };
        code = data.error ?? code;
        message = data.message ?? '';
        problems = problemsOf(data.problems);
      } catch {
        // Not JSON: keep the generic code.
      }
      throw new ApiError(response.status, code, message, problems);
    }
    return response;
  }

  return {
    async get<T>(path: string, query: Record<string, string | undefined> = {}) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
      const search = params.toString();
      const response = await request('GET', search ? `${path}?${search}` : path);
      return (await response.json()) as T;
    },
    async send<T>(method: 'PATCH' | 'PUT' | 'DELETE' | 'POST', path: string, body?: unknown) {
      const response = await request(method, path, body);
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    },
    async download(path: string) {
      const response = await request('GET', path);
      const disposition = response.headers.get('Content-Disposition') ?? '';
      const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'export.csv';
      return { blob: await response.blob(), filename };
    },
  };
}

/** Public (token-less) calls of the local-mode development sign-in. */
export async function fetchDevUsers(): Promise<DevUser[] | null> {
  try {
    const response = await fetch(`${BASE}/dev/users`, { credentials: 'omit', cache: 'no-store' });
    if (!response.ok) return null;
    const data = (await response.json()) as { users: DevUser[] };
    return data.users;
  } catch {
    return null;
  }
}

export async function devSignIn(user: Pick<DevUser, 'tenantId' | 'objectId'>): Promise<string> {
  const response = await fetch(`${BASE}/dev/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    credentials: 'omit',
    body: JSON.stringify({ tenantId: user.tenantId, objectId: user.objectId }),
  });
  if (!response.ok) throw new ApiError(response.status, 'UNAUTHENTICATED', '');
  const data = (await response.json()) as { token: string };
  return data.token;
}

export interface DevUser {
  tenantId: string;
  objectId: string;
  displayName: string;
  role: string;
  institutionId: string | null;
}
