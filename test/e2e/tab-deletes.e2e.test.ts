/**
 * Issue 15 item 3: the tab's deletes. Withdrawing a vote, removing a user and deleting a draft all
 * failed with HTTP 415 because the browser sends a DELETE without a body (no Content-Type) and the
 * server insisted on JSON. This presses each delete button in the real tab against the real app
 * (dev/local-mode.ts: bot/app.ts and its server), signed in as OPH's admin, and also screenshots the
 * tab at 400 px (test-artifacts/tab-deletes/).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createFeedbackService } from '../../bot/features/feedback/service.js';
import { createUsersRepository } from '../../bot/store/users-repository.js';
import type { LocalStack } from '../../dev/local-mode.js';
import { PLAYGROUND_TENANT } from '../../dev/seed/users.js';
import { startTabStack, type QuietLocalStack } from '../helpers/local-stack.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from '../helpers/playground.js';
import { FakeMessenger, makeUser } from '../helpers/fakes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = path.join(root, 'test-artifacts', 'tab-deletes');
const ALEX = { objectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' };
const ISAIAH_ID = '00000000-0000-0000-0000-0000000000023';
const REMOVABLE = { objectId: '00000000-0000-0000-0000-0000000000099', name: 'Poistettava Testikäyttäjä' };

const haveChromium = chromiumAvailable();
if (!haveChromium && process.env.CI !== 'true')
  console.warn('!!! tab-deletes e2e skipped: /usr/bin/chromium is missing (this fails under CI=true)');
const describeE2e = haveChromium || process.env.CI === 'true' ? describe : describe.skip;

describeE2e('tab deletes against the real server (issue 15 item 3)', function () {
  this.timeout(120_000);
  let tab: QuietLocalStack | undefined;
  let stack: LocalStack;
  let browser: Browser;
  let page: Page;
  let ref = '';
  let draftId = '';
  const errors: string[] = [];

  before(async () => {
    await fs.mkdir(artifacts, { recursive: true });
    tab = await startTabStack('tab-deletes-e2e');
    stack = tab.stack;

    // Something to delete in each place: a proposal to vote on, a user to remove, a draft to delete.
    const feedback = createFeedbackService({ store: stack.app.store, messenger: new FakeMessenger(), tabUrl: (r) => r });
    const isaiah = makeUser('Participant', { tenantId: PLAYGROUND_TENANT, objectId: ISAIAH_ID });
    ({
      item: { ref },
    } = await feedback.submit(
      isaiah,
      {
        type: 'proposal',
        topic: 'yleistunniste',
        title: 'Poistotesti (E2E)',
        description: 'Ääni annetaan ja perutaan.',
        impact: '',
        contactOk: false,
      },
      'form-tab-deletes-1',
      new Date(),
    ));
    await createUsersRepository(stack.app.store).upsert({
      tenantId: PLAYGROUND_TENANT,
      objectId: REMOVABLE.objectId,
      displayName: REMOVABLE.name,
      role: 'Participant',
      institutionId: null,
      locale: null,
    });
    const token = (await (
      await fetch(`${stack.app.url}/api/tab/dev/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tenantId: PLAYGROUND_TENANT, objectId: ALEX.objectId }),
      })
    ).json()) as { token: string };
    const created = await fetch(`${stack.app.url}/api/tab/announcements`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token.token}` },
      body: JSON.stringify({
        title: { fi: 'Poistettava luonnos (E2E)' },
        body: { fi: 'Tämä luonnos poistetaan välilehdeltä.' },
        category: 'maintenance',
        effectiveDate: '2026-12-03',
        interfaces: ['yleistunniste'],
        audience: { kind: 'service-channel' },
        requestId: 'req-tab-deletes-1',
      }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    draftId = ((await created.json()) as { announcement: { id: string } }).announcement.id;

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI' });
    page = await context.newPage();
    await page.route(/^https?:\/\/(?!(127\.0\.0\.1|localhost)[:/])/, (route) => route.abort());
    page.setDefaultTimeout(10_000);
    page.on('response', (response) => {
      if (response.request().method() === 'DELETE' && response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${stack.app.url}/tab/?theme=default`);
    await page.locator('button.user-choice', { hasText: ALEX.name }).click({ timeout: 30_000 });
    await page.locator('#local-banner', { hasText: ALEX.name }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await tab?.stop();
  });

  const go = (hash: string) => page.evaluate((h) => (location.hash = h), hash);
  const toast = () => page.locator('#announcer');

  it('withdraws a vote on a proposal', async () => {
    await go(`#/feedback/${ref}`);
    const vote = page.locator('.item-vote .vote-button');
    await vote.click();
    await toast().filter({ hasText: 'Ääni annettu. Ääniä nyt 1.' }).waitFor();
    await vote.click();
    await toast().filter({ hasText: 'Ääni peruttu. Ääniä nyt 0.' }).waitFor();
    assert.deepEqual(errors, []);
  });

  it('removes a user on the users page (two steps)', async () => {
    await go('#/admin');
    const row = page.locator('tr', { hasText: REMOVABLE.name });
    await row.locator('fluent-button', { hasText: 'Poista' }).click();
    await row.locator('fluent-button', { hasText: 'Vahvista poisto' }).click();
    await toast().filter({ hasText: 'Käyttäjä poistettu.' }).waitFor();
    await page.locator('tr', { hasText: REMOVABLE.name }).waitFor({ state: 'detached' });
    assert.equal(await createUsersRepository(stack.app.store).find(PLAYGROUND_TENANT, REMOVABLE.objectId), undefined);
    assert.deepEqual(errors, []);
  });

  it('deletes an announcement draft (two steps)', async () => {
    await go(`#/announcements/${encodeURIComponent(draftId)}`);
    await page.locator('[data-action="delete"]').click();
    await page.locator('[data-action="delete-confirm"]').click();
    await page.waitForFunction(() => location.hash === '#/announcements');
    const status = await stack.app.store.db.selectFrom('announcements').select('status').where('id', '=', draftId).executeTakeFirst();
    assert.equal(status?.status, 'deleted');
    assert.deepEqual(errors, []);
  });

  it('the overview at 400 px (screenshot for the closing note)', async () => {
    await page.setViewportSize({ width: 400, height: 900 });
    await go('#/');
    await page.locator('h1', { hasText: 'Liittymisen tilanne' }).waitFor();
    await page.screenshot({ path: path.join(artifacts, 'tab-overview-400px.png'), fullPage: true });
    assert.ok((await fs.stat(path.join(artifacts, 'tab-overview-400px.png'))).size > 10_000);
  });
});
