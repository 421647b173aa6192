/**
 * The tab in Chromium, local mode: the visible local-mode banner, dev sign-in as OPH's admin, the
 * overview filtered, a step edited and its history entry seen, screenshots in light and dark theme
 * (test-artifacts/). The server is the small test server; swap `startTabTestServer` for the real one.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { openStore, type Store } from '../../bot/store/db.js';
import { createUsersRepository } from '../../bot/store/users-repository.js';
import { createOnboardingRepository } from '../../bot/store/onboarding-repository.js';
import { createDevSignIn } from '../../bot/auth/dev-sign-in.js';
import { createTabAuthenticator } from '../../bot/auth/tab-token.js';
import { onboardingTabRoutes, tabSecurityHeaders } from '../../bot/features/onboarding/index.js';
import { seedInstitutions } from '../../dev/seed/institutions.js';
import { createMembershipFeature, membershipTabRoutes } from '../../bot/features/membership/index.js';
import { createMembershipRepository } from '../../bot/store/membership-repository.js';
import { FakeMessenger } from '../helpers/fakes.js';
import { buildTab } from '../../scripts/build-tab.js';
import { chosenValue, dropdownButton, dropdownNamed, pickOption } from '../helpers/fluent-controls.js';
import { startTabTestServer } from '../integration/onboarding/tab-test-server.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from '../helpers/playground.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = path.join(root, 'test-artifacts');
const TENANT = '00000000-0000-0000-0000-0000000000001';
const ADMIN = { objectId: '00000000-0000-0000-0000-0000000000020', name: 'Alex Wilber' };

const describeE2e = chromiumAvailable() ? describe : process.env.CI === 'true' ? describe : describe.skip;

describeE2e('onboarding tab in Chromium (local mode)', function () {
  this.timeout(180_000);
  let store: Store;
  let server: Awaited<ReturnType<typeof startTabTestServer>>;
  let browser: Browser;
  let page: Page;
  let outdir: string;

  before(async () => {
    outdir = await fs.mkdtemp(path.join(os.tmpdir(), 'tab-e2e-'));
    await buildTab({ outdir });
    await fs.mkdir(artifacts, { recursive: true });
    store = await openStore({ dataDir: ':memory:' });
    await seedInstitutions(store);
    const users = createUsersRepository(store);
    await users.upsert({
      tenantId: TENANT,
      objectId: ADMIN.objectId,
      displayName: ADMIN.name,
      role: 'ServiceOwnerAdmin',
      institutionId: null,
      locale: null,
    });
    await users.upsert({
      tenantId: TENANT,
      objectId: '00000000-0000-0000-0000-0000000000021',
      displayName: 'Megan Bowen',
      role: 'InstitutionAdmin',
      institutionId: 'inst-pohjanlahti-amk',
      locale: null,
    });
    const repository = createOnboardingRepository(store);
    const devSignIn = createDevSignIn({ mode: 'local', users });
    // Adele is known from a team roster but not mapped yet: the users page offers her.
    const membershipRepository = createMembershipRepository(store);
    await membershipRepository.notePerson(
      {
        tenantId: TENANT,
        objectId: '00000000-0000-0000-0000-0000000000022',
        displayName: 'Adele Vance',
        email: 'adelev@example.com',
        source: 'roster',
      },
      new Date().toISOString(),
    );
    const membership = createMembershipFeature({
      repository: membershipRepository,
      users,
      institutions: () => repository.listInstitutions(),
      messenger: new FakeMessenger(),
      expertChannel: async () => null,
    });
    server = await startTabTestServer({
      tabRoutes: [...onboardingTabRoutes({ repository, users }), ...membershipTabRoutes(membership, () => repository.listInstitutions())],
      publicRoutes: devSignIn.routes,
      authenticate: createTabAuthenticator({ mode: 'local', allowedTenants: [], devSigner: devSignIn.signer }),
      users,
      tabDirectory: outdir,
      tabHeaders: tabSecurityHeaders(),
    });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fi-FI' });
    page = await context.newPage();
    // teams-js asks a CDN for its host list; the machine is offline, so answer at once.
    await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.abort());
    page.on('pageerror', (error) => console.error('page error:', error.message));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
    if (outdir) await fs.rm(outdir, { recursive: true, force: true });
  });

  /** Waits until the combobox says it is open ('true') or closed ('false'). */
  const expanded = (combobox: Locator, state: 'true' | 'false') =>
    combobox.and(page.locator(`[aria-expanded="${state}"]`)).waitFor({ timeout: 10_000 });

  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, name), fullPage: true });

  it('shows the local-mode banner and signs in as the admin from the picker', async () => {
    await page.goto(`${server.url}/tab/?theme=default`);
    const banner = page.locator('#local-banner');
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await banner.innerText(), /Paikallinen tila/);
    await page.locator('button.user-choice', { hasText: ADMIN.name }).click();
    await page.locator('h1', { hasText: 'Liittymisen tilanne' }).waitFor();
    await page.locator('table.overview-table tbody tr').first().waitFor();
    assert.equal(await page.locator('table.overview-table tbody tr').count(), 40);
    assert.match(await banner.innerText(), /Alex Wilber/);
    assert.equal(await page.locator('.bar-list .bar-row').count(), 8, 'seven steps and "all done"');
    assert.ok((await page.locator('svg.month-chart rect').count()) > 5, 'go-live bars drawn');
    await shot('tab-overview-light.png');
  });

  it('names each Fluent dropdown by its label and says whether it is open (issue 14 item 4)', async () => {
    // Fluent creates the combobox button and flips aria-expanded asynchronously, so each state is awaited
    // (a timeout fails the test) instead of read once right after the action.
    for (const name of ['Nykyinen vaihe', 'Teema', 'Kieli']) {
      const combobox = page.getByRole('combobox', { name, exact: true });
      await expanded(combobox, 'false');
      assert.equal(await combobox.count(), 1, name);
    }
    const step = page.getByRole('combobox', { name: 'Nykyinen vaihe', exact: true });
    await step.click();
    await expanded(step, 'true');
    await page.keyboard.press('Escape');
    await expanded(step, 'false');
    assert.equal(
      await page.locator('#announcer').evaluate((el) => el.localName),
      'fluent-message-bar',
      'the toast is a Fluent message bar',
    );
  });

  it('filters the overview by vendor and by step', async () => {
    await pickOption(dropdownNamed(page, 'vendor'), 'peppi');
    await page.waitForFunction(() => document.querySelector('.result-count')?.textContent?.startsWith('Näytetään 8/'));
    const vendors = await page.locator('table.overview-table tbody td[data-label="Toimittaja / järjestelmä"]').allInnerTexts();
    assert.ok(vendors.length > 0 && vendors.every((v) => v === 'Peppi'), vendors.join(','));
    await pickOption(dropdownNamed(page, 'vendor'), '');
    await pickOption(dropdownNamed(page, 'step'), '4');
    await page.waitForFunction(() => /^Näytetään 5\//.test(document.querySelector('.result-count')?.textContent ?? ''));
    const steps = await page.locator('table.overview-table tbody td[data-label="Nykyinen vaihe"]').allInnerTexts();
    assert.ok(
      steps.every((s) => s.startsWith('4.')),
      steps.join(','),
    );
    // Sorting from the keyboard: focus the header button and press Enter.
    await page.locator('button.sort-button[data-sort="progress"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('th[aria-sort="ascending"] button[data-sort="progress"]').waitFor();
  });

  it('edits a step of an institution and sees the change in its history', async () => {
    const link = page.locator('table.overview-table tbody th a').first();
    const name = await link.innerText();
    await link.click();
    await page.locator('h1', { hasText: name }).waitFor();
    assert.equal(await page.locator('fieldset.step').count(), 7);
    assert.equal(
      await page.locator('a[data-article="vaihe-4-integraatio"]').getAttribute('href'),
      'https://wiki.eduuni.fi/display/OPHPALV/4.+Integraation+toteutus+ja+testaus',
    );
    await pickOption(dropdownNamed(page, 'step4.status'), 'done');
    await page.fill('input[name="step4.date"]', '2026-11-20');
    await page.fill('fluent-textarea[name="step4.note"] textarea', 'Testit läpäisty testiympäristössä (E2E)');
    await page.locator('fluent-button[type="submit"]', { hasText: 'Tallenna muutokset' }).click();
    await page.locator('#announcer', { hasText: 'Tallennettu (3 muutosta).' }).waitFor();
    const firstRows = await page
      .locator('table.history-table tbody tr')
      .evaluateAll((rows) => rows.slice(0, 3).map((r) => (r as HTMLElement).innerText));
    assert.ok(
      firstRows.some((r) => r.includes('Vaihe 4 – tila') && r.includes('Valmis') && r.includes('Alex Wilber')),
      firstRows.join('\n'),
    );
    assert.ok(firstRows.some((r) => r.includes('Testit läpäisty testiympäristössä (E2E)')));
    await shot('tab-institution-light.png');
  });

  it('follows the theme: dark screenshots of the institution page and the overview', async () => {
    await pickOption(page.locator('#theme-select'), 'dark');
    assert.equal(await page.evaluate(() => document.body.dataset.theme), 'dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(31, 31, 31)');
    await shot('tab-institution-dark.png');
    await page.locator('a', { hasText: 'Takaisin yleiskuvaan' }).click();
    await page.locator('table.overview-table tbody tr').first().waitFor();
    await shot('tab-overview-dark.png');
    await pickOption(page.locator('#theme-select'), 'contrast');
    await shot('tab-overview-contrast.png');
    await pickOption(page.locator('#theme-select'), 'default');
  });

  it('OPH manages the user mapping on the admin page', async () => {
    await page.locator('nav a', { hasText: 'Käyttäjät ja roolit' }).click();
    await page.locator('h1', { hasText: 'Käyttäjät, roolit ja korkeakoulut' }).waitFor();
    // Everyone known is listed (mapped users and Adele from a roster); no ids are typed anywhere.
    assert.equal(await page.locator('table.users-table tbody tr').count(), 3);
    assert.equal(await page.locator('input[name="tenantId"], input[name="objectId"]').count(), 0);
    const adele = page.locator('table.users-table tr', { hasText: 'Adele Vance' });
    // Unmapped: the least powerful role is shown; two clicks (the picker, the role) save it.
    assert.equal(await chosenValue(dropdownNamed(adele, 'role')), 'Participant');
    await pickOption(dropdownNamed(adele, 'role'), 'Vendor');
    await page.locator('#announcer', { hasText: 'Adele Vance: rooli tallennettu.' }).waitFor();
    await page.locator('table.users-table').waitFor();
    await shot('tab-admin-light.png');
  });

  it("an institution's main user can edit only the plan fields of their own institution", async () => {
    await page.locator('fluent-button', { hasText: 'Vaihda käyttäjää' }).click();
    await page.locator('button.user-choice', { hasText: 'Megan Bowen' }).click();
    await page.locator('table.overview-table tbody tr').first().waitFor();
    assert.equal(await page.locator('nav a', { hasText: 'Käyttäjät ja roolit' }).count(), 0, 'no admin page');
    assert.equal(await page.getByRole('button', { name: 'Lataa CSV' }).count(), 0, 'no export');
    // Hash navigation, not a reload: a reload would drop the in-memory token by design.
    await page.evaluate(() => (location.hash = '#/institution/inst-pohjanlahti-amk'));
    await page.locator('h1', { hasText: 'Pohjanlahden ammattikorkeakoulu' }).waitFor();
    assert.equal(await dropdownButton(dropdownNamed(page, 'route')).isDisabled(), false);
    assert.equal(await page.locator('input[name="goLiveDate"]').isDisabled(), true);
    assert.equal(await page.locator('input[name="joiningNotificationProcessed"]').isDisabled(), true);
    assert.equal(await dropdownButton(dropdownNamed(page, 'step3.status')).isDisabled(), false);
    assert.equal(await dropdownButton(dropdownNamed(page, 'step5.status')).isDisabled(), true);
    assert.equal(await page.locator('input[name="step6.responsible"]').isDisabled(), false);
    await shot('tab-institution-plan-scope-light.png');
    await page.evaluate(() => (location.hash = '#/'));
  });

  it('is usable at a narrow width and keeps no token in browser storage', async () => {
    await page.setViewportSize({ width: 380, height: 800 });
    await page.locator('table.overview-table tbody tr').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `no horizontal page scroll (${overflow}px)`);
    await shot('tab-overview-narrow.png');
    const storage = await page.evaluate(() => ({ local: localStorage.length, session: sessionStorage.length, cookie: document.cookie }));
    assert.deepEqual(storage, { local: 0, session: 0, cookie: '' });
    // A reload forgets the sign-in: the token lived only in memory.
    await page.reload();
    await page.locator('button.user-choice').first().waitFor();
  });
});
