/** Issue 14 item 8: one mapping from the app's error codes to HTTP status and JSON body. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, ERROR_CODES, HTTP_STATUS } from '../../../bot/errors.js';
import { errorResponse } from '../../../bot/i18n/error-response.js';
import { errorMessage } from '../../../bot/i18n/core.js';
import { answeringErrors } from '../../../bot/features/tab-errors.js';
import type { TabRequest } from '../../../bot/features/types.js';

const request = {
  user: { tenantId: 't', objectId: 'o', role: 'Participant', institutionId: null, lang: 'sv' },
  params: {},
  query: {},
  body: undefined,
} as TabRequest;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('error responses (issue 14 item 8)', () => {
  it('every error code has one HTTP status and a localized body { error, message }', () => {
    assert.deepEqual(Object.keys(HTTP_STATUS).sort(), [...ERROR_CODES].sort());
    assert.equal(HTTP_STATUS.CONFLICT, 409);
    assert.equal(HTTP_STATUS.DEPENDENCY_TIMEOUT, 504);
    for (const code of ERROR_CODES) {
      const response = errorResponse(code, 'sv');
      assert.equal(response.status, HTTP_STATUS[code]);
      assert.equal(JSON.stringify(response.body), JSON.stringify({ error: code, message: errorMessage(code, 'sv') }));
    }
  });

  it('details keep their place: a specific sentence replaces the message, extra fields follow it', () => {
    assert.equal(
      JSON.stringify(errorResponse('FORBIDDEN', 'fi', { message: 'Vain ylläpitäjät.' }).body),
      '{"error":"FORBIDDEN","message":"Vain ylläpitäjät."}',
    );
    assert.equal(
      JSON.stringify(errorResponse('VALIDATION', 'en', { problems: [] }).body),
      `{"error":"VALIDATION","message":${JSON.stringify(errorMessage('VALIDATION', 'en'))},"problems":[]}`,
    );
  });

  it("a tab handler answers coded refusals in the user's language and hands INTERNAL errors and bugs to the server", async () => {
    const failing = (error: unknown) =>
      answeringErrors(async () => {
        throw error;
      });
    assert.deepEqual(await failing(new AppError('CONFLICT'))(request), {
      status: 409,
      body: { error: 'CONFLICT', message: errorMessage('CONFLICT', 'sv') },
    });
    await assert.rejects(failing(new AppError('INTERNAL'))(request), /INTERNAL/);
    await assert.rejects(failing(new TypeError('bug'))(request), TypeError);
    const explained = answeringErrors(
      async () => {
        throw new AppError('CONFLICT');
      },
      () => ({ status: 409, body: { error: 'CONFLICT', message: 'own words' } }),
    );
    assert.deepEqual(await explained(request), { status: 409, body: { error: 'CONFLICT', message: 'own words' } });
  });

  it('no other module keeps its own code → status table', () => {
    const copies = filesUnder(path.resolve('bot'))
      .filter((file) => !file.endsWith(path.join('bot', 'errors.ts')))
      .filter((file) => /\b(?:NOT_FOUND|FORBIDDEN|CONFLICT)\s*:\s*40\d\b/.test(fs.readFileSync(file, 'utf8')));
    assert.deepEqual(copies, []);
  });
});
