import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

/**
 * The one-way import rule of the README, enforced by `npm run lint` (eslint.config.js +
 * eslint/import-boundaries.js). Each case lints a small fixture as if it were a file at the given path
 * in the repository, with the project's real ESLint configuration.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const eslint = new ESLint({ cwd: ROOT });

async function boundaryMessages(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'boundaries/one-way-imports' || m.ruleId === 'no-restricted-imports');
}

/** Errors about the fixture's imports (a fixture standing in for a real file may also leave that file's exceptions unused). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  return (await boundaryMessages(file, code)).filter((m) => m.messageId !== 'staleException').map((m) => `${m.ruleId}: ${m.message}`);
}

async function assertForbidden(file: string, code: string, expected: RegExp): Promise<void> {
  const errors = await boundaryErrors(file, code);
  assert.equal(errors.length, 1, `${file}: ${code}\n${errors.join('\n')}`);
  assert.match(errors[0]!, expected);
}

async function assertAllowed(file: string, code: string): Promise<void> {
  assert.deepEqual(await boundaryErrors(file, code), [], `${file}: ${code}`);
}

describe('one-way import rule (ESLint)', function () {
  this.timeout(60_000);

  it('a feature importing the Teams edge is an error', async () => {
    await assertForbidden(
      'bot/features/feedback/fixture.ts',
      "import { createRouter } from '../../teams/router.js';\nexport const x = createRouter;\n",
      /features\/feedback must not import teams/,
    );
  });

  it('a feature importing another feature’s internals is an error; its index is allowed', async () => {
    await assertForbidden(
      'bot/features/feedback/fixture.ts',
      "import { lookupText } from '../lookup/i18n.js';\nexport const x = lookupText;\n",
      /another feature's internals .*features\/lookup\/index\.ts/,
    );
    await assertForbidden(
      'bot/features/guidance/escalation/fixture.ts',
      "export { createFeedbackService } from '../../feedback/service.js';\n",
      /another feature's internals/,
    );
    await assertAllowed('bot/features/feedback/fixture.ts', "export { createLookupFeature } from '../lookup/index.js';\n");
    await assertAllowed('bot/features/guidance/escalation/fixture.ts', "export { guidanceText } from '../i18n.js';\n");
  });

  it('a feature reading config.ts or the composition root is an error', async () => {
    await assertForbidden(
      'bot/features/lookup/fixture.ts',
      "import type { Config } from '../../config.js';\nexport type X = Config;\n",
      /must not import config/,
    );
    await assertForbidden(
      'bot/features/help/fixture.ts',
      "const app = await import('../../app.js');\nexport default app;\n",
      /must not import root/,
    );
  });

  it('the lowest layer keeps its order: auth must not import store, i18n must not import auth', async () => {
    await assertForbidden(
      'bot/auth/fixture.ts',
      "import type { UsersRepository } from '../store/users-repository.js';\nexport type X = UsersRepository;\n",
      /auth must not import store/,
    );
    await assertForbidden('bot/i18n/fixture.ts', "export type { Role } from '../auth/roles.js';\n", /i18n must not import auth/);
    await assertForbidden(
      'bot/store/fixture.ts',
      "export * from '../features/feedback/model.js';\n",
      /store must not import features\/feedback/,
    );
    await assertAllowed('bot/store/fixture.ts', "export type { Role } from '../auth/roles.js';\n");
  });

  it('the tab shares only models and catalogs with the bot', async () => {
    await assertForbidden(
      'tab/src/views/fixture.ts',
      "import { createStore } from '../../../bot/store/db.js';\nexport const x = createStore;\n",
      /tab must not import store/,
    );
    // The API contract is bot/tab-api/ (issue 14 item 11): server row and service types are refused, even type-only.
    await assertForbidden(
      'tab/src/views/overview.ts',
      "import type { Summary } from '../../../bot/features/onboarding/service.js';\nexport type X = Summary;\n",
      /tab must not import features\/onboarding/,
    );
    await assertForbidden(
      'tab/src/views/gaps.ts',
      "import type { KbDraft } from '../../../bot/store/guidance-repository.js';\nexport type X = KbDraft;\n",
      /tab must not import store/,
    );
    await assertAllowed(
      'tab/src/views/fixture.ts',
      "import type { ApiSummary } from '../../../bot/tab-api/onboarding.js';\nexport type X = ApiSummary;\n",
    );
    await assertForbidden(
      'bot/tab-api/fixture.ts',
      "import type { KbDraft } from '../store/guidance-repository.js';\nexport type X = KbDraft;\n",
      /tab-api must not import store/,
    );
    await assertAllowed(
      'tab/src/views/fixture.ts',
      "export * from '../../../bot/features/feedback/model.js';\nexport * from '../../../bot/i18n/index.js';\n",
    );
  });

  it('an exception whose import is gone is reported, so the list of exceptions only shrinks', async () => {
    const stale = (await boundaryMessages('bot/config.ts', 'export const nothingImported = 1;\n')).filter(
      (m) => m.messageId === 'staleException',
    );
    assert.equal(stale.length, 1);
    assert.match(stale[0]!.message, /no longer imports bot\/features\/lookup\/onr-hosts\.ts: remove that exception/);
    const current = await boundaryMessages(
      'bot/config.ts',
      "import { isAllowedOnrUrl } from './features/lookup/onr-hosts.js';\nexport const x = isAllowedOnrUrl;\n",
    );
    assert.deepEqual(current, []);
  });

  it('Bot Framework and restify stay at the edge', async () => {
    await assertForbidden(
      'bot/features/feedback/fixture.ts',
      "import { CardFactory } from 'botbuilder';\nexport const x = CardFactory;\n",
      /stay in bot\/teams/,
    );
    await assertAllowed('bot/teams/fixture.ts', "import { CardFactory } from 'botbuilder';\nexport const x = CardFactory;\n");
  });
});
