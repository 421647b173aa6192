/**
 * Sign-in that recovers (issue 13 §2). Teams SSO (`authentication.getAuthToken`) fails when the user
 * has not consented yet, when Entra wants an interaction (MFA, a guest's first visit to the tenant) or
 * when the session expired. The tab then shows a "Kirjaudu" button that opens Teams' authentication
 * popup on the app's own auth-start page (same origin, in validDomains), which sends the user to the
 * Entra authorize endpoint with the same scope; auth-end reports back; then getAuthToken is tried
 * again. Nothing is kept in browser storage: the popup carries no token back, it only lets Entra
 * record the consent or interaction, and Teams' own token cache does the rest.
 */
import { defineCatalog, type Lang } from '../../bot/i18n/index.js';

export type SsoFailure = 'consent' | 'interaction' | 'guest' | 'expired' | 'cancelled' | 'unknown';

/** The part of teams-js the recovery needs; tests pass a stub. */
export interface AuthHost {
  getAuthToken(): Promise<string>;
  authenticate(params: { url: string; width?: number; height?: number }): Promise<string>;
}

/** Maps a getAuthToken / authenticate rejection to what the user is told. */
export function classifySsoError(error: unknown): SsoFailure {
  const text = (error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error ?? '')).toLowerCase();
  if (/cancel/.test(text)) return 'cancelled';
  if (/aadsts90072|aadsts50020|guest|external|not.*exist in tenant/.test(text)) return 'guest';
  if (/consent|aadsts65001/.test(text)) return 'consent';
  if (/interaction|aadsts50076|aadsts50079|mfa|login_required/.test(text)) return 'interaction';
  if (/expired|aadsts700082|aadsts50173|invalid_grant|token.*(expire|old)/.test(text)) return 'expired';
  return 'unknown';
}

export const signInText = defineCatalog(
  {
    button: 'Kirjaudu',
    consent: 'Sovellus tarvitsee luvan käyttää Teams-kirjautumistasi. Valitse Kirjaudu ja hyväksy lupa avautuvassa ikkunassa.',
    interaction:
      'Kirjautuminen vaatii vahvistuksen (esim. monivaiheisen tunnistautumisen). Valitse Kirjaudu ja jatka avautuvassa ikkunassa.',
    guest:
      'Olet OPH:n Teamsissa vieraana, eikä organisaatiosi ole vielä antanut lupaa tälle sovellukselle. Valitse Kirjaudu ja hyväksy lupa omissa tiedoissasi.',
    expired: 'Istuntosi on vanhentunut. Valitse Kirjaudu kirjautuaksesi uudelleen.',
    cancelled: 'Kirjautuminen keskeytyi. Voit yrittää uudelleen valitsemalla Kirjaudu.',
    unknown: 'Kirjautuminen Teamsin kautta ei onnistunut. Valitse Kirjaudu yrittääksesi uudelleen.',
    stillFailing: 'Kirjautuminen ei vieläkään onnistunut. Jos ongelma jatkuu, ota yhteyttä organisaatiosi Teams-ylläpitoon tai OPH:hon.',
    working: 'Kirjaudutaan…',
  },
  {
    button: 'Logga in',
    consent: 'Appen behöver tillstånd att använda din Teams-inloggning. Välj Logga in och godkänn i fönstret som öppnas.',
    interaction: 'Inloggningen kräver en bekräftelse (t.ex. flerstegsautentisering). Välj Logga in och fortsätt i fönstret som öppnas.',
    guest:
      'Du är gäst i Utbildningsstyrelsens Teams och din organisation har ännu inte gett appen tillstånd. Välj Logga in och godkänn för din egen del.',
    expired: 'Din session har gått ut. Välj Logga in för att logga in igen.',
    cancelled: 'Inloggningen avbröts. Du kan försöka igen genom att välja Logga in.',
    unknown: 'Inloggningen via Teams lyckades inte. Välj Logga in för att försöka igen.',
    stillFailing:
      'Inloggningen lyckades fortfarande inte. Om problemet kvarstår, kontakta din organisations Teams-administratör eller Utbildningsstyrelsen.',
    working: 'Loggar in…',
  },
  {
    button: 'Sign in',
    consent: 'The app needs your permission to use your Teams sign-in. Choose Sign in and accept in the window that opens.',
    interaction:
      'Signing in needs a confirmation (e.g. multi-factor authentication). Choose Sign in and continue in the window that opens.',
    guest:
      "You are a guest in OPH's Teams and your organisation has not yet consented to this app. Choose Sign in and accept for yourself.",
    expired: 'Your session has expired. Choose Sign in to sign in again.',
    cancelled: 'Signing in was cancelled. You can try again by choosing Sign in.',
    unknown: 'Signing in through Teams did not work. Choose Sign in to try again.',
    stillFailing: "Signing in still did not work. If this continues, contact your organisation's Teams administrator or OPH.",
    working: 'Signing in…',
  },
);

export function messageFor(failure: SsoFailure, lang: Lang): string {
  return signInText[lang][failure];
}

/** Address of the auth-start page the popup opens (same origin as the tab). */
export function authStartUrl(origin: string, lang: Lang): string {
  return `${origin}/tab/auth-start.html?lang=${lang}`;
}

export type SignInResult = { ok: true; token: string } | { ok: false; failure: SsoFailure; message: string };

/** First try: plain SSO. */
export async function trySilentSignIn(host: AuthHost, lang: Lang): Promise<SignInResult> {
  try {
    return { ok: true, token: await host.getAuthToken() };
  } catch (error) {
    const failure = classifySsoError(error);
    return { ok: false, failure, message: messageFor(failure, lang) };
  }
}

/** The "Kirjaudu" button: the popup, then SSO again. */
export async function interactiveSignIn(host: AuthHost, origin: string, lang: Lang): Promise<SignInResult> {
  try {
    await host.authenticate({ url: authStartUrl(origin, lang), width: 600, height: 535 });
  } catch (error) {
    const failure = classifySsoError(error);
    return { ok: false, failure, message: messageFor(failure, lang) };
  }
  try {
    return { ok: true, token: await host.getAuthToken() };
  } catch (error) {
    return { ok: false, failure: classifySsoError(error), message: signInText[lang].stillFailing };
  }
}
