/**
 * Connection to the Teams host. Inside Teams: SSO tokens from authentication.getAuthToken(), the
 * user's language and theme from app.getContext() and the theme change handler. Outside Teams
 * (initialize rejects or does not answer in time) the caller falls back to local mode.
 */
import { app, authentication } from '@microsoft/teams-js';

export type Theme = 'default' | 'dark' | 'contrast';

export interface TeamsHost {
  locale: string;
  theme: Theme;
  getToken(): Promise<string>;
  /** Teams' authentication popup (sign-in recovery, tab/src/sign-in.ts). */
  authenticate(params: { url: string; width?: number; height?: number }): Promise<string>;
  onThemeChange(handler: (theme: Theme) => void): void;
  /** The page a deep link asked for (`page.subPageId`), if any. */
  subPageId: string | null;
  /**
   * Called with the new `subPageId` when Teams resumes the cached tab for another deep link (later
   * navigation without a reload).
   */
  onDeepLink(handler: (subPageId: string | null) => void): void;
}

export function normalizeTheme(theme: string | null | undefined): Theme {
  return theme === 'dark' || theme === 'contrast' ? theme : 'default';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Resolves to the Teams host, or null when the page is not running inside a Teams/M365 host. */
export async function connectTeams(timeoutMs = 3000): Promise<TeamsHost | null> {
  try {
    await withTimeout(app.initialize(), timeoutMs);
    const context = await withTimeout(app.getContext(), timeoutMs);
    void app.notifySuccess().catch(() => undefined);
    return {
      locale: context.app.locale,
      theme: normalizeTheme(context.app.theme),
      // Teams caches the token until it expires; asking each time means we never store one.
      getToken: () => authentication.getAuthToken(),
      authenticate: (params) => authentication.authenticate(params),
      onThemeChange: (handler) => app.registerOnThemeChangeHandler((theme) => handler(normalizeTheme(theme))),
      subPageId: context.page.subPageId ?? null,
      onDeepLink: (handler) => {
        try {
          // Teams suspends a tab only when both handlers are registered; resuming re-reads the context.
          app.lifecycle.registerBeforeSuspendOrTerminateHandler(async () => undefined);
          app.lifecycle.registerOnResumeHandler(() => {
            void app
              .getContext()
              .then((next) => handler(next.page.subPageId ?? null))
              .catch(() => handler(null))
              .finally(() => void app.notifySuccess().catch(() => undefined));
          });
        } catch {
          // Hosts without app caching reload the tab for each link instead; start-up handles that.
        }
      },
    };
  } catch {
    return null;
  }
}
