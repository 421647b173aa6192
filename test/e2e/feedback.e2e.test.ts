/**
 * Feedback and development proposals end to end, as Teams users see them: local mode (fake ONR, the whole
 * app from bot/app.ts, seed data) behind the Microsoft 365 Agents Playground, driven by Chromium.
 *
 *   Alex Wilber (ServiceOwnerAdmin) installs the app in his personal chat, types `kehitysehdotus`, fills
 *   the form in the rendered card and sends it with a blank title → the same form comes back naming the
 *   problem, his input kept; he fixes the title → confirmation with a KE-YYYY-NNNN reference. Megan Bowen
 *   lists the proposals in the group chat; as InstitutionAdmin her forged status change is refused; once
 *   she is made a second ServiceOwnerAdmin she moves the item to "under review", and Alex's personal chat
 *   gets the bot's notification (a submitter is never told about their own action, so the two differ).
 *
 * Finnish: the Playground 0.2.28 stamps every activity with locale en-US, while a Finnish user's Teams
 * sends fi-FI. A small proxy between the Playground and the app plays the Finnish client by rewriting
 * the locale (nothing else), so the form, its errors and the notification are checked in Finnish.
 *
 * Screenshots: test-artifacts/e2e/feedback-*.png. Skips loudly when /usr/bin/chromium is missing,
 * except under CI=true where that is a failure.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../../bot/i18n/core.js';
import { createFeedbackRepository } from '../../bot/store/feedback-repository.js';
import { createUsersRepository } from '../../bot/store/users-repository.js';
import type { LocalStack } from '../../dev/local-mode.js';
import {
  chromiumAvailable,
  CHROMIUM_PATH,
  type BotActivity,
  type InvokeResult,
  type Json,
  type PlaygroundClient,
  type PlaygroundConversations,
} from '../helpers/playground.js';
import { walk, texts, facts, inputValues } from '../helpers/card-json.js';
import type { LocaleProxy } from '../helpers/locale-proxy.js';
import { E2E_ARTIFACTS, startE2eStack, type E2eStack } from '../helpers/e2e-stack.js';
import { VERBS as FEEDBACK_VERBS } from '../../bot/features/feedback/verbs.js';

const TENANT = '00000000-0000-0000-0000-0000000000001';
const ALEX = '00000000-0000-0000-0000-0000000000020';
const MEGAN = '00000000-0000-0000-0000-0000000000021';
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';
const FINNISH = 'fi-FI';

// ------------------------------------------------------------------------------ the Finnish client

// ---------------------------------------------------------------------------------------------- cards

/** The first TextBlock: the heading, or for a detail card with a notice, the notice. */
const heading = (card: Json): string | undefined => texts(card)[0];
/** Input id → the value the card carries (what the user typed, when the form came back). */
/** The Action.Execute with this verb (and, when given, data.ref), outside the Action.Submit fallbacks. */
function executeAction(card: Json, verb: string, ref?: string): Record<string, Json> {
  let found: Record<string, Json> | undefined;
  walk(card, (n) => {
    if (!found && n.type === 'Action.Execute' && n.verb === verb && (ref === undefined || n.data?.ref === ref)) found = n;
  });
  assert.ok(found, `no Action.Execute ${verb}${ref ? ` for ${ref}` : ''} in the card`);
  return found;
}
function cardOf(result: InvokeResult | { status: number; body: Json }): Json {
  const { type, value } = 'body' in result ? { type: result.body?.type, value: result.body?.value } : result;
  assert.equal(result.status, 200);
  assert.equal(type, ADAPTIVE_CARD, `expected a card, got ${type}: ${JSON.stringify(value).slice(0, 300)}`);
  return value;
}

// -------------------------------------------------------------------------------------------- suite

describe('e2e: feedback and development proposals in the Agents Playground (Chromium)', function () {
  this.timeout(30_000);

  let e2e: E2eStack | undefined;
  let stack: LocalStack | undefined;
  let proxy: LocaleProxy | null | undefined;
  let client: PlaygroundClient | undefined;
  let conv: PlaygroundConversations;
  const figures: Record<string, number> = {};
  let suiteStarted = 0;

  // Shared along the scenario (each step needs the previous one).
  let formActivity: BotActivity | undefined;
  let formId: string | undefined;
  let ref: string | undefined;
  const title = 'Oppilaitoskohtainen suodatin hakunäkymään';
  const description = 'Hakunäkymässä näkyvät kaikki oppijat. Suodatin oman oppilaitoksen mukaan nopeuttaisi tarkistuksia.';

  before(async function () {
    if (!chromiumAvailable()) {
      if (process.env.CI === 'true') throw new Error(`${CHROMIUM_PATH} is missing and CI=true: e2e tests cannot be skipped`);
      console.warn(`\n!!! ${CHROMIUM_PATH} is missing: SKIPPING the feedback e2e tests (apt-get install -y chromium)\n`);
      this.skip();
    }
    this.timeout(120_000);
    suiteStarted = Date.now();
    // Tall enough that a whole form card fits in one screenshot.
    e2e = await startE2eStack({ locale: FINNISH, viewport: { width: 1280, height: 1600 } });
    ({ stack, proxy, client, conv } = e2e);
    Object.assign(figures, e2e.figures);
  });

  afterEach(function () {
    const appLog = e2e?.appLog() ?? [];
    if (this.currentTest?.state === 'failed' && appLog.length)
      console.warn(`      app log (warn+):\n        ${appLog.slice(-15).join('\n        ')}`);
  });

  after(async function () {
    this.timeout(60_000);
    await e2e?.stop();
    if (suiteStarted) figures.suiteMs = Date.now() - suiteStarted;
    if (Object.keys(figures).length) console.warn(`      feedback e2e figures: ${JSON.stringify(figures)}`);
  });

  const c = (): PlaygroundClient => {
    assert.ok(client, 'Playground client not started');
    return client;
  };

  it('installs in Alex\'s personal chat and opens the form with "kehitysehdotus", typed in the UI', async () => {
    const { seq } = await c().install('personal');
    await c().waitForActivity((a) => a.conversationId === conv.personal, { since: seq, description: 'welcome after install' });

    const started = Date.now();
    const sent = await c().ui.sendText('personal', 'kehitysehdotus');
    formActivity = await c().waitForReply(sent, (a) => a.cards.length > 0, 10_000);
    figures.formMs = Date.now() - started;
    const form = formActivity.cards[0];
    assert.equal(heading(form), 'Palaute ja kehitysehdotukset');
    assert.deepEqual(Object.keys(inputValues(form)), ['type', 'topic', 'title', 'description', 'impact', 'contactOk']);
    formId = executeAction(form, FEEDBACK_VERBS.submit).data?.formId;
    assert.match(String(formId), /^[0-9a-f-]{36}$/, 'the form carries its idempotency key');
    // The institution comes from Alex's mapping, not from anything he types.
    assert.ok(stack);
    const alex = await createUsersRepository(stack.app.store).find(TENANT, ALEX);
    assert.ok(alex?.institutionId, 'Alex is mapped to an institution');
    const institution = await stack.app.store.db
      .selectFrom('institutions')
      .select('name_fi')
      .where('id', '=', alex.institutionId)
      .executeTakeFirst();
    assert.ok(institution?.name_fi);
    assert.equal(facts(form).get('Organisaatio'), institution.name_fi);
    assert.ok(proxy && proxy.rewritten > 0, 'activities went through the Finnish client');
  });

  it('a blank title sends the same form back, naming the problem and keeping the rest of the input', async () => {
    assert.ok(formActivity, 'needs the form');
    const page = c().page;
    await page.getByRole('combobox', { name: 'Tyyppi' }).click();
    await page.getByRole('option', { name: 'Kehitysehdotus', exact: true }).click();
    await page.getByRole('combobox', { name: 'Aihe' }).click();
    await page.getByRole('option', { name: 'Käyttöliittymä', exact: true }).click();
    // Only spaces: the card renderer accepts it as filled in, the server trims it to nothing.
    await page.getByRole('textbox', { name: 'Otsikko', exact: true }).fill('   ');
    await page.getByRole('textbox', { name: 'Kuvaus', exact: true }).fill(description);
    await page.getByRole('checkbox', { name: 'OPH saa ottaa minuun yhteyttä tästä asiasta' }).check();

    const started = Date.now();
    const clicked = await c().ui.clickButton('Lähetä');
    figures.badSubmitMs = Date.now() - started;
    assert.equal(clicked.route, 'invoke');
    const back = cardOf(clicked);
    assert.equal(heading(back), 'Palaute ja kehitysehdotukset');
    assert.ok(texts(back).includes('Tarkista lomake:'), `problems shown: ${texts(back).join(' | ')}`);
    assert.ok(texts(back).includes('- Otsikko: pakollinen tieto puuttuu.'), 'the title is named as missing');
    assert.equal(texts(back).filter((t) => t.startsWith('- ')).length, 1, 'only the title is reported');
    const kept = inputValues(back);
    assert.equal(kept.type, 'proposal');
    assert.equal(kept.topic, 'user_interface');
    assert.equal(kept.description, description);
    assert.equal(kept.contactOk, 'true');
    assert.equal(executeAction(back, FEEDBACK_VERBS.submit).data?.formId, formId, 'same form, same idempotency key');

    // The page rendered the returned card: the error and the kept description are on screen.
    const problem = page.getByText('Otsikko: pakollinen tieto puuttuu.');
    await problem.waitFor({ state: 'visible', timeout: 5_000 });
    await assert.doesNotReject(
      page.getByRole('textbox', { name: 'Kuvaus', exact: true }).filter({ hasText: description }).waitFor({ timeout: 5_000 }),
    );
    await page.getByText('Tarkista lomake:').scrollIntoViewIfNeeded();
    const file = path.join(E2E_ARTIFACTS, 'feedback-form-error.png');
    await c().screenshot(file);
    assert.ok((await stat(file)).size > 10_000);

    // A client that skips the card's own checks (truly empty fields) gets the same treatment from the server.
    const raw = await c().invokeAction(formActivity, FEEDBACK_VERBS.submit, {
      formId,
      type: 'proposal',
      topic: 'user_interface',
      title: '',
      description: '',
      impact: 'Kaikki korkeakoulut, päivittäin',
      contactOk: 'false',
    });
    const rawBack = cardOf(raw);
    assert.deepEqual(
      texts(rawBack).filter((t) => t.startsWith('- ')),
      ['- Otsikko: pakollinen tieto puuttuu.', '- Kuvaus: pakollinen tieto puuttuu.'],
    );
    assert.equal(inputValues(rawBack).impact, 'Kaikki korkeakoulut, päivittäin');
    assert.equal(inputValues(rawBack).contactOk, 'false');

    // Nothing was stored.
    assert.ok(stack);
    const stored = await stack.app.store.db.selectFrom('feedback_items').select('ref').execute();
    assert.equal(stored.length, 0);
  });

  it('with the title fixed, the confirmation shows a KE-YYYY-NNNN reference', async () => {
    assert.ok(formId, 'needs the form with the error');
    const page = c().page;
    await page.getByRole('textbox', { name: 'Otsikko', exact: true }).fill(title);
    const started = Date.now();
    const clicked = await c().ui.clickButton('Lähetä');
    figures.submitMs = Date.now() - started;
    const confirmation = cardOf(clicked);
    assert.equal(heading(confirmation), 'Kiitos! Palautteesi on vastaanotettu');
    const year = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Helsinki', year: 'numeric' }).format(new Date());
    ref = facts(confirmation).get('Viitenumero');
    assert.match(String(ref), new RegExp(`^KE-${year}-\\d{4}$`));
    assert.ok(texts(confirmation).includes(`Viitenumero on ${ref}. Saat viestin aina, kun tila muuttuu.`));
    assert.equal(facts(confirmation).get('Tyyppi'), 'Kehitysehdotus');
    assert.equal(facts(confirmation).get('Aihe'), 'Käyttöliittymä');
    assert.equal(facts(confirmation).get('Otsikko'), title);
    assert.equal(facts(confirmation).get('Tila'), 'Uusi');

    await page.getByText('Kiitos! Palautteesi on vastaanotettu').waitFor({ state: 'visible', timeout: 5_000 });
    await page.getByText('Kiitos! Palautteesi on vastaanotettu').scrollIntoViewIfNeeded();
    const file = path.join(E2E_ARTIFACTS, 'feedback-confirmation.png');
    await c().screenshot(file);
    assert.ok((await stat(file)).size > 10_000);

    // Stored once, as Alex's, with his institution and consent.
    assert.ok(stack && ref);
    const item = await createFeedbackRepository(stack.app.store).findByRef(ref);
    assert.equal(item?.status, 'new');
    assert.equal(item?.title, title);
    assert.deepEqual(item?.submitter, { tenantId: TENANT, objectId: ALEX });
    assert.equal(item?.contactOk, true);
    assert.equal((await stack.app.store.db.selectFrom('feedback_items').select('ref').execute()).length, 1);
  });

  it('Megan changes the status as a second ServiceOwnerAdmin; Alex is notified in his personal chat', async () => {
    assert.ok(ref && stack, 'needs the stored proposal');
    const users = createUsersRepository(stack.app.store);

    // Megan lists the proposals in the group chat (she is a member there; Alex's personal chat is his only).
    const sent = await c().sendText('group', 'ehdotukset', { as: 'Megan Bowen' });
    const list = await c().waitForReply(sent, (a) => a.cards.length > 0, 10_000);
    assert.equal(heading(list.cards[0]), 'Kehitysehdotukset');
    assert.ok(
      texts(list.cards[0]).some((t) => t.startsWith(`**${ref}** ${title}`)),
      'the new proposal is listed',
    );

    // As InstitutionAdmin she may see it but not triage it: a forged status change is refused.
    const opened = await c().invokeAction(list, FEEDBACK_VERBS.view, executeAction(list.cards[0], FEEDBACK_VERBS.view, ref).data, {
      as: 'Megan Bowen',
    });
    const asInstitutionAdmin = cardOf(opened);
    assert.ok(!JSON.stringify(asInstitutionAdmin).includes('"feedback.status"'), 'no triage controls for an InstitutionAdmin');
    const forged = await c().invokeAction(
      list,
      FEEDBACK_VERBS.status,
      { ref, actionId: randomUUID(), status: 'under_review', reason: '' },
      { as: 'Megan Bowen' },
    );
    assert.equal(forged.type, MESSAGE_RESPONSE);
    assert.equal(forged.value, errorMessage('FORBIDDEN', 'fi'));
    assert.equal((await createFeedbackRepository(stack.app.store).findByRef(ref))?.status, 'new');

    // Made a second ServiceOwnerAdmin (roles are read per turn), she opens the item and uses its triage form.
    const megan = await users.find(TENANT, MEGAN);
    assert.ok(megan, 'Megan is seeded');
    await users.upsert({ ...megan, role: 'ServiceOwnerAdmin' });
    const detail = cardOf(
      await c().invokeAction(list, FEEDBACK_VERBS.view, executeAction(list.cards[0], FEEDBACK_VERBS.view, ref).data, { as: 'Megan Bowen' }),
    );
    const statusAction = executeAction(detail, FEEDBACK_VERBS.status, ref);
    let choices: string[] = [];
    walk(detail, (n) => {
      if (n.type === 'Input.ChoiceSet' && n.id === 'status') choices = n.choices.map((ch: Json) => ch.value);
    });
    assert.deepEqual(choices, ['under_review', 'rejected']);

    const since = c().cursor();
    const started = Date.now();
    const changed = cardOf(
      await c().invokeAction(
        list,
        FEEDBACK_VERBS.status,
        { ...statusAction.data, status: 'under_review', reason: '' },
        { as: 'Megan Bowen' },
      ),
    );
    assert.ok(texts(changed).includes(`${ref}: Tila Käsittelyssä`), `notice in ${texts(changed).slice(0, 3).join(' | ')}`);
    assert.equal(facts(changed).get('Tila'), 'Käsittelyssä');

    const notification = await c().waitForActivity((a) => a.cards.some((card) => heading(card) === `Palautteesi ${ref} tila muuttui`), {
      since,
      timeoutMs: 10_000,
      description: 'status notification to Alex',
    });
    figures.notificationMs = Date.now() - started;
    assert.equal(notification.conversationId, conv.personal, "delivered in Alex's personal chat");
    assert.equal(notification.fromId, conv.bot.id);
    const card = notification.cards[0];
    assert.ok(texts(card).includes(title));
    assert.ok(texts(card).includes('Tila: Uusi → Käsittelyssä'), `notification texts: ${texts(card).join(' | ')}`);
    // Only Alex is told: nothing about the change landed in the group chat, where Megan acted.
    const elsewhere = c().activities.filter((a) => a.seq > since && a.conversationId !== conv.personal);
    assert.deepEqual(
      elsewhere.map((a) => a.id),
      [],
    );

    const repo = createFeedbackRepository(stack.app.store);
    const item = await repo.findByRef(ref);
    assert.equal(item?.status, 'under_review');
    const last = (await repo.events(item!.id)).at(-1);
    assert.equal(last?.toStatus, 'under_review');
    assert.deepEqual(last?.actor, { tenantId: TENANT, objectId: MEGAN });
    assert.equal(last?.notified, true, 'the event records the delivery');

    // What Alex sees: the notification in his personal chat.
    const page = c().page;
    await page.getByText(`Palautteesi ${ref} tila muuttui`).waitFor({ state: 'visible', timeout: 5_000 });
    await page.getByText('Tila: Uusi → Käsittelyssä').scrollIntoViewIfNeeded();
    const file = path.join(E2E_ARTIFACTS, 'feedback-notification.png');
    await c().screenshot(file);
    assert.ok((await stat(file)).size > 10_000);
  });
});
