/**
 * The two pages of the Teams authentication popup (issue 13 §2), one script:
 * - auth-start.html: asks the app for its public Entra settings and redirects to the authorize
 *   endpoint with the tab's own scope, so Entra can collect consent or the interaction it wants.
 * - auth-end.html: Entra returns here; success or the Entra error goes back to the tab through
 *   authentication.notifySuccess / notifyFailure. The authorization code is not used and not kept:
 *   the tab asks Teams for the SSO token again. Nothing is written to browser storage.
 */
import { app, authentication } from '@microsoft/teams-js';

interface AuthConfig {
  clientId: string;
  scope: string;
}

async function start(): Promise<void> {
  await app.initialize();
  const context = await app.getContext();
  const response = await fetch('/api/tab/auth-config', { credentials: 'omit', cache: 'no-store' });
  if (!response.ok) {
    authentication.notifyFailure('AuthConfigUnavailable');
    return;
  }
  const config = (await response.json()) as AuthConfig;
  const tenant = context.user?.tenant?.id ?? 'organizations';
  const params = new URLSearchParams({
    client_id: config.clientId,
    response_type: 'code',
    response_mode: 'query',
    scope: `${config.scope} openid profile`,
    redirect_uri: `${location.origin}/tab/auth-end.html`,
    prompt: 'consent',
    ...(context.user?.loginHint ? { login_hint: context.user.loginHint } : {}),
  });
  location.assign(`https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/v2.0/authorize?${params.toString()}`);
}

async function end(): Promise<void> {
  await app.initialize();
  const params = new URLSearchParams(location.search);
  // Only Entra's error code goes back (never its free-text description, never the code).
  const error = params.get('error');
  if (error) authentication.notifyFailure(/^[a-z_]{1,64}$/.test(error) ? error : 'AuthorizeFailed');
  else authentication.notifySuccess('consented');
}

void (location.pathname.endsWith('/auth-end.html') ? end() : start()).catch(() => authentication.notifyFailure('PopupFailed'));
