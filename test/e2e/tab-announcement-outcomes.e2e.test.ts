/**
 * Issue 15 items 7, 8 and 14 in the real tab (Chromium) against the real app in local mode
 * (dev/local-mode.ts) and the fake Bot Connector (dev/fake-connector):
 *
 *   14. No expert channel configured (local mode has no "General" channel yet): the announcements page
 *       tells OPH's admin that "Kysy OPH:lta" tickets reach no one; once a General channel exists, it does not.
 *    8. A sent announcement's preview says it is what readers see, not "ESIKATSELU – tätä ei ole
 *       lähetetty"; after a correction the preview shows what changed and why the acknowledge button is
 *       back, and the event log has the change note under "Muutos julkaistu".
 *    7. A retraction Teams refuses in one chat: the list says "Peruminen kesken", the report shows per
 *       target what happened (removed / removal failed) and a retry; the retry (Teams accepting again)
 *       removes the last card and the report and event log say so.
 *
 * Screenshots: test-artifacts/tab-announcement-outcomes/*.png.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createConversationsRepository, type ConversationKind } from '../../bot/store/conversations-repository.js';
import { startFakeConnector, type FakeConnector } from '../../dev/fake-connector/index.js';
import type { LocalStack } from '../../dev/local-mode.js';
import { PLAYGROUND_TENANT } from '../../dev/seed/users.js';
import { startTabStack, type QuietLocalStack } from '../helpers/local-stack.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from '../helpers/playground.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = path.join(root, 'test-artifacts', 'tab-announcement-outcomes');
const ALEX = { objectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' };
const TEAM_CHANNEL = '19:outcomes-team@thread.tacv2';
const GROUP_CHAT = '19:outcomes-group@thread.v2';
const TITLE = 'Huoltokatko keskiviikkona (E2E)';
const CHANGE_NOTE = 'Kellonaika korjattu: katko on klo 9–11, ei 8–10.';

const haveChromium = chromiumAvailable();
if (!haveChromium && process.env.CI !== 'true')
  console.warn('!!! tab-announcement-outcomes e2e skipped: /usr/bin/chromium is missing (this fails under CI=true)');
const describeE2e = haveChromium || process.env.CI === 'true' ? describe : describe.skip;

interface ReportJson {
  summary: { targets: number; delivered: number; failed: number; retracted: number; retractionPending: number; retractionFailed: number };
}

describeE2e(
  'tab: announcement outcomes — expert channel notice, sent preview and change note, refused retraction (issue 15 items 7, 8, 14)',
  function () {
    this.timeout(120_000);
    let tab: QuietLocalStack | undefined;
    let stack: LocalStack;
    let connector: FakeConnector;
    let browser: Browser;
    let page: Page;
    let token = '';
    let id = '';
    const pageErrors: string[] = [];

    const api = async <T>(method: string, apiPath: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${stack.app.url}/api/tab${apiPath}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      assert.ok(response.ok, `${method} ${apiPath} → ${response.status} ${text}`);
      return JSON.parse(text) as T;
    };
    const report = () => api<ReportJson>('GET', `/announcements/${encodeURIComponent(id)}/report`);
    async function until(what: string, check: () => Promise<boolean>): Promise<void> {
      for (let i = 0; i < 100; i++) {
        if (await check()) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.fail(`timed out waiting for ${what}: ${JSON.stringify((await report()).summary)}`);
    }
    const install = (conversationId: string, kind: ConversationKind, teamName: string | null, channelName: string | null) =>
      createConversationsRepository(stack.app.store).upsert({
        id: conversationId,
        kind,
        tenantId: PLAYGROUND_TENANT,
        teamId: kind === 'channel' ? conversationId : null,
        teamName,
        channelName,
        serviceUrl: connector.url,
        reference: {
          channelId: 'msteams',
          serviceUrl: connector.url,
          conversation: { id: conversationId, conversationType: kind, isGroup: true, tenantId: PLAYGROUND_TENANT },
          bot: { id: '28:local-bot', name: 'Oppijanumero' },
        },
      });

    before(async () => {
      await fs.mkdir(artifacts, { recursive: true });
      tab = await startTabStack('tab-outcomes-e2e');
      stack = tab.stack;
      connector = await startFakeConnector();
      // A team channel that is not "General" (local mode's stand-in expert channel) and a group chat.
      await install(TEAM_CHANNEL, 'channel', 'Korkeakoulujen yhteyshenkilöt', 'Tiedotteet');
      await install(GROUP_CHAT, 'groupChat', null, null);

      const signIn = await fetch(`${stack.app.url}/api/tab/dev/sign-in`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ tenantId: PLAYGROUND_TENANT, objectId: ALEX.objectId }),
      });
      token = ((await signIn.json()) as { token: string }).token;

      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI' });
      page = await context.newPage();
      await page.route(/^https?:\/\/(?!(127\.0\.0\.1|localhost)[:/])/, (route) => route.abort());
      page.setDefaultTimeout(10_000);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${stack.app.url}/tab/?theme=default&lang=fi`);
      await page.locator('[data-object-id="' + ALEX.objectId + '"]').click({ timeout: 30_000 });
      await page.locator('#local-banner', { hasText: ALEX.name }).waitFor();
    });

    after(async () => {
      await browser?.close();
      await tab?.stop();
      await connector?.stop();
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed' && page) {
        await page.screenshot({
          path: path.join(artifacts, `failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}.png`),
          fullPage: true,
        });
      }
    });

    const go = (hash: string) => page.evaluate((h) => (location.hash = h), hash);
    const shot = (name: string) => page.screenshot({ path: path.join(artifacts, name), fullPage: true });
    const stat = (name: string) => page.locator(`.stat-tile[data-stat="${name}"] .stat-value`).innerText();

    it('item 14: without an expert channel the announcements page says tickets reach no one', async () => {
      await go('#/announcements');
      await page.locator('h1', { hasText: 'Tiedotteet' }).waitFor();
      const notice = page.locator('[data-notice="expert-channel-missing"]');
      await notice.waitFor();
      assert.match(await notice.innerText(), /Asiantuntijakanavaa \(EXPERT_CHANNEL\) ei ole määritetty/);
      await shot('expert-channel-missing.png');
    });

    it('item 8: a sent announcement previews as what readers see, and a correction shows its change note', async () => {
      const created = await api<{ announcement: { id: string; version: number } }>('POST', '/announcements', {
        title: { fi: TITLE },
        body: { fi: 'Testiympäristö on poissa käytöstä keskiviikkona klo 8–10.' },
        category: 'maintenance',
        effectiveDate: '2026-12-09',
        interfaces: ['yleistunniste'],
        audience: { kind: 'all' },
        requestId: 'req-outcomes-create-1',
      });
      id = created.announcement.id;
      await go(`#/announcements/${encodeURIComponent(id)}`);
      const preview = page.locator('.card-preview');
      await preview.waitFor();
      assert.match(await preview.innerText(), /ESIKATSELU – tätä ei ole lähetetty/, 'a draft is still a preview');

      await api('POST', `/announcements/${encodeURIComponent(id)}/submit`, {
        version: created.announcement.version,
        requestId: 'req-outcomes-submit-1',
      });
      await until('both installations delivered', async () => (await report()).summary.delivered === 2);
      await page.reload();
      await page.locator('[data-object-id="' + ALEX.objectId + '"]').click();
      await page.locator('.item-meta .an-status', { hasText: 'Lähetetty' }).waitFor();
      const sentPreview = await page.locator('.card-preview').innerText();
      assert.match(sentPreview, /Näin lukijat näkevät lähetetyn tiedotteen/);
      assert.doesNotMatch(sentPreview, /ESIKATSELU|tätä ei ole lähetetty/);

      const current = await api<{ announcement: { version: number } }>('GET', `/announcements/${encodeURIComponent(id)}`);
      await api('POST', `/announcements/${encodeURIComponent(id)}/revise`, {
        version: current.announcement.version,
        requestId: 'req-outcomes-revise-1',
        revisionKind: 'correction',
        note: { fi: CHANGE_NOTE },
        title: { fi: TITLE },
        body: { fi: 'Testiympäristö on poissa käytöstä keskiviikkona klo 9–11.' },
        category: 'maintenance',
        effectiveDate: '2026-12-09',
        interfaces: ['yleistunniste'],
      });
      await go('#/announcements');
      await go(`#/announcements/${encodeURIComponent(id)}`);
      await page.locator('.card-preview', { hasText: 'klo 9–11' }).waitFor();
      const revised = await page.locator('.card-preview').innerText();
      assert.match(revised, /Korjattu \d/);
      assert.ok(revised.includes(`Mitä muuttui: ${CHANGE_NOTE}`), revised);
      assert.match(revised, /siksi kuittauspainike näkyy taas/, 'readers are told why "Kuittaa luetuksi" is back');
      const revisedRow = page.locator('table.audit-table tbody tr', { hasText: 'Muutos julkaistu' });
      assert.equal(await revisedRow.locator('[data-change-note]').innerText(), `Mitä muuttui: ${CHANGE_NOTE}`);
      await shot('sent-preview-with-change-note.png');
    });

    it('item 7: a refused retraction is reported per target with a retry that finishes it', async () => {
      // Teams refuses to remove the card from the group chat; the team channel's removal goes through.
      connector.deletesRefused.add(GROUP_CHAT);
      await page.locator('[data-action="retract"]').click();
      await page.locator('[data-action="retract-confirm"]').click();
      await page.locator('.item-meta .an-status', { hasText: 'Peruttu' }).waitFor();
      await until('one removal done and one refused', async () => {
        const s = (await report()).summary;
        return s.retracted === 1 && s.retractionFailed === 1;
      });

      await go('#/announcements');
      const row = page.locator(`tr[data-id="${id}"]`);
      const incomplete = row.locator('[data-retraction="failed"]');
      await incomplete.waitFor();
      assert.equal(await incomplete.innerText(), 'Peruminen kesken – poisto epäonnistui', 'not "Peruttu"');
      await incomplete.click();
      await page.locator('h1', { hasText: 'Toimitusraportti' }).waitFor();
      assert.equal(await stat('retracted'), '1');
      assert.equal(await stat('retraction-failed'), '1');
      const targets = page.locator('table.report-targets tbody tr');
      assert.equal(await targets.count(), 2);
      const channelRow = targets.filter({ hasText: 'Korkeakoulujen yhteyshenkilöt › Tiedotteet' });
      assert.equal(await channelRow.locator('[data-retraction]').getAttribute('data-retraction'), 'retracted');
      assert.equal(await channelRow.locator('[data-retraction]').innerText(), 'Poistettu keskustelusta');
      const chatRow = targets.filter({ hasNot: page.getByText('Korkeakoulujen yhteyshenkilöt') });
      assert.equal(await chatRow.locator('[data-retraction]').getAttribute('data-retraction'), 'failed');
      assert.equal(await chatRow.locator('[data-retraction]').innerText(), 'Poisto epäonnistui');
      assert.match(await page.locator('.note-attention').innerText(), /Perumista ei saatu tehtyä 1 kohteessa/);
      await shot('retraction-incomplete-report.png');

      // Teams accepts the removal again: the retry removes the last card.
      connector.deletesRefused.clear();
      await page.locator('[data-action="retry-retraction"]').click();
      // The toast names how many removals were queued again. Whether the correction's notice beside the card
      // had been refused too depends on the worker's timing, so the count is checked on the report below
      // (two removed in the end: the card and the notice), not in the toast.
      await page.locator('#announcer', { hasText: /Poistoa yritetään uudelleen \d+ viestille\./ }).waitFor();
      await until('the retried removal', async () => {
        const s = (await report()).summary;
        return s.retracted === 2 && s.retractionFailed === 0;
      });
      // The report's heading is already on screen: mark it, so the wait is for the refreshed page's own.
      await page.evaluate(() => document.querySelector('main h1')?.setAttribute('data-stale', ''));
      await page.locator('fluent-button[data-action="refresh"]').click();
      await page.locator('h1:not([data-stale])', { hasText: 'Toimitusraportti' }).waitFor();
      assert.equal(await stat('retracted'), '2');
      assert.equal(await stat('retraction-failed'), '0');
      assert.equal(await page.locator('[data-action="retry-retraction"]').count(), 0, 'nothing left to retry');
      const posted = [...connector.activities.values()];
      assert.deepEqual(
        posted.filter((a) => !a.deleted).map((a) => a.conversationId),
        [],
        'nothing of the announcement is left in Teams',
      );
      assert.deepEqual([...new Set(posted.map((a) => a.conversationId.split(';')[0]))].sort(), [GROUP_CHAT, TEAM_CHANNEL].sort());

      await go(`#/announcements/${encodeURIComponent(id)}`);
      await page.locator('table.audit-table td', { hasText: 'Epäonnistuneet poistot yritetty uudelleen' }).waitFor();
      await go('#/announcements');
      await page.locator(`tr[data-id="${id}"] .an-status`, { hasText: 'Peruttu' }).waitFor();
      assert.equal(await page.locator(`tr[data-id="${id}"] [data-retraction="failed"]`).count(), 0);
    });

    it('item 14: once an expert channel exists the notice is gone', async () => {
      await install('19:outcomes-general@thread.tacv2', 'channel', 'Oppijanumeropalvelu', 'General');
      await go('#/feedback');
      await go('#/announcements');
      await page.locator(`tr[data-id="${id}"]`).waitFor();
      assert.equal(await page.locator('[data-notice="expert-channel-missing"]').count(), 0);
      assert.deepEqual(pageErrors, [], 'no script errors in the page');
    });
  },
);
