/** Issue 13 §2: every SSO failure path with a stubbed Teams host, and the popup's public settings route. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { authStartUrl, classifySsoError, interactiveSignIn, signInText, trySilentSignIn, type AuthHost } from '../../../tab/src/sign-in.js';
import { tabAuthConfigRoutes } from '../../../bot/auth/tab-auth-config.js';
import { LANGS } from '../../../bot/i18n/index.js';

const ORIGIN = 'https://oph-bot.example';

/** A Teams host whose getAuthToken answers from a script, one entry per call; authenticate is recorded. */
function stubHost(tokenAnswers: Array<string | Error>, authenticateAnswer: string | Error = 'consented') {
  const calls = { getAuthToken: 0, authenticate: [] as Array<{ url: string }> };
  const host: AuthHost = {
    async getAuthToken() {
      const answer = tokenAnswers[Math.min(calls.getAuthToken, tokenAnswers.length - 1)]!;
      calls.getAuthToken += 1;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    async authenticate(params) {
      calls.authenticate.push(params);
      if (authenticateAnswer instanceof Error) throw authenticateAnswer;
      return authenticateAnswer;
    },
  };
  return { host, calls };
}

// Error texts as Teams and Entra report them (teams-js rejects with an Error carrying the reason).
const FAILURES: Array<[string, Error, keyof (typeof signInText)['fi']]> = [
  ['consent required', new Error('resourceRequiresConsent'), 'consent'],
  ['consent (AADSTS65001)', new Error('AADSTS65001: The user or administrator has not consented to use the application'), 'consent'],
  ['interaction required', new Error('interaction_required'), 'interaction'],
  ['MFA (AADSTS50076)', new Error('AADSTS50076: Due to a configuration change … you must use multi-factor authentication'), 'interaction'],
  ['guest without consent (AADSTS90072)', new Error('AADSTS90072: User account from identity provider does not exist in tenant'), 'guest'],
  ['expired session', new Error('invalid_grant: AADSTS700082: The refresh token has expired due to inactivity'), 'expired'],
  ['anything else', new Error('FailedToOpenWindow'), 'unknown'],
];

describe('tab sign-in recovery (issue 13 §2)', () => {
  it('SSO that works needs no button', async () => {
    const { host, calls } = stubHost(['token-1']);
    assert.deepEqual(await trySilentSignIn(host, 'fi'), { ok: true, token: 'token-1' });
    assert.equal(calls.authenticate.length, 0);
  });

  for (const [name, error, failure] of FAILURES) {
    it(`${name}: explains it in fi/sv/en, then "Kirjaudu" opens the popup and retries SSO`, async () => {
      for (const lang of LANGS) {
        const { host, calls } = stubHost([error, 'token-after-popup']);
        const silent = await trySilentSignIn(host, lang);
        assert.deepEqual(silent, { ok: false, failure, message: signInText[lang][failure] });
        const recovered = await interactiveSignIn(host, ORIGIN, lang);
        assert.deepEqual(recovered, { ok: true, token: 'token-after-popup' });
        assert.deepEqual(calls.authenticate, [{ url: `${ORIGIN}/tab/auth-start.html?lang=${lang}`, width: 600, height: 535 }]);
        assert.equal(calls.getAuthToken, 2, 'SSO asked again after the popup');
      }
    });
  }

  it('popup closed by the user: "cancelled", the button stays for another try', async () => {
    const { host, calls } = stubHost([new Error('resourceRequiresConsent')], new Error('CancelledByUser'));
    const result = await interactiveSignIn(host, ORIGIN, 'sv');
    assert.deepEqual(result, { ok: false, failure: 'cancelled', message: signInText.sv.cancelled });
    assert.equal(calls.getAuthToken, 0, 'no retry without the popup finishing');
  });

  it('popup reports an Entra error: its code decides the message', async () => {
    const { host } = stubHost([new Error('x')], new Error('consent_required'));
    assert.equal((await interactiveSignIn(host, ORIGIN, 'en')).ok, false);
    assert.equal(classifySsoError(new Error('consent_required')), 'consent');
  });

  it('SSO still failing after the popup: a final message pointing to the administrators', async () => {
    const { host } = stubHost([new Error('resourceRequiresConsent'), new Error('resourceRequiresConsent')]);
    await trySilentSignIn(host, 'fi');
    assert.deepEqual(await interactiveSignIn(host, ORIGIN, 'fi'), { ok: false, failure: 'consent', message: signInText.fi.stillFailing });
  });

  it('the auth pages are same-origin tab pages; nothing touches browser storage', () => {
    assert.equal(authStartUrl(ORIGIN, 'fi'), `${ORIGIN}/tab/auth-start.html?lang=fi`);
    for (const file of ['tab/src/sign-in.ts', 'tab/src/auth-popup.ts', 'tab/src/host.ts', 'tab/src/main.ts']) {
      const source = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => !/^\s*(\*|\/\/)/.test(l))
        .join('\n');
      assert.doesNotMatch(source, /localStorage|sessionStorage|indexedDB|document\.cookie/, file);
    }
  });

  it('serves the popup the public Entra settings only when a tab client id is configured', async () => {
    const [route] = tabAuthConfigRoutes({
      TAB_CLIENT_ID: '33333333-3333-4333-8333-333333333333',
      TAB_APP_ID_URI: 'api://bot.example/33333333-3333-4333-8333-333333333333',
    });
    assert.deepEqual(await route!.handler(), {
      status: 200,
      body: {
        clientId: '33333333-3333-4333-8333-333333333333',
        scope: 'api://bot.example/33333333-3333-4333-8333-333333333333/access_as_user',
      },
    });
    const [local] = tabAuthConfigRoutes({ TAB_CLIENT_ID: undefined, TAB_APP_ID_URI: undefined });
    assert.equal((await local!.handler()).status, 404);
  });
});
