/**
 * Change announcements end to end, as Teams users see them: local mode (fake ONR, the whole app from
 * bot/app.ts with its outbox worker, seed data) behind the Microsoft 365 Agents Playground, driven by
 * Chromium.
 *
 *   The app is installed in the team (General) and in Alex Wilber's personal chat. Alex
 *   (ServiceOwnerAdmin) types `tiedote`, saves the rendered form with a blank title → the form comes
 *   back naming the problem; he fills in a breaking change to yleistunniste (effective date, the team's
 *   General as the chosen channel) → draft with preview; "Lähetä" → the outbox worker posts the card
 *   as a new thread in General. Alex (clicking in the page) and Adele Vance (a Vendor, team member)
 *   acknowledge it there, each getting the card back marked as acknowledged; the delivery report (card
 *   and tab API) shows it delivered and acknowledged twice. Adele may not write announcements or read
 *   the report: she gets the polite refusal.
 *
 * Finnish: the Playground 0.2.28 stamps every activity with locale en-US, while OPH's admins use Teams
 * in Finnish. A small proxy between the Playground and the app rewrites the locale to fi-FI (nothing
 * else), as in feedback.e2e.test.ts, so the texts are checked in Finnish.
 *
 * Local mode has no SERVICE_CHANNEL, so the audience is "Valitut tiimit ja kanavat" → My Team › General.
 * Screenshots: test-artifacts/e2e/announcement-*.png. Skips loudly when /usr/bin/chromium is missing,
 * except under CI=true where that is a failure.
 */
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { VERBS as ANNOUNCEMENT_VERBS } from '../../bot/features/announcements/verbs.js';
import type { LocalStack } from '../../dev/local-mode.js';
import { E2E_ARTIFACTS, isFirstCopy, startE2eStack, type E2eStack } from '../helpers/e2e-stack.js';
import {
  chromiumAvailable,
  CHROMIUM_PATH,
  type BotActivity,
  type InvokeResult,
  type Json,
  type PlaygroundClient,
  type PlaygroundConversations,
  type WaitOptions,
  type WaitPredicate,
} from '../helpers/playground.js';
import { walk, texts, facts, inputValues } from '../helpers/card-json.js';
import type { LocaleProxy } from '../helpers/locale-proxy.js';

const TENANT = '00000000-0000-0000-0000-0000000000001';
const ALEX = '00000000-0000-0000-0000-0000000000020';
const ADELE = '00000000-0000-0000-0000-0000000000022';
const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';
const FINNISH = 'fi-FI';

/** Finnish texts of bot/features/announcements/i18n.ts the scenario expects to see. */
const FI = {
  formTitle: 'Uusi tiedote',
  titleLabel: 'Otsikko (suomeksi)',
  bodyLabel: 'Teksti (suomeksi)',
  categoryLabel: 'Luokka',
  categoryBreaking: 'Rajapintamuutos (vaatii toimenpiteitä)',
  effectiveDateLabel: 'Voimaantulopäivä',
  interfacesLabel: 'Koskee rajapintoja',
  audienceSubset: 'Valitut tiimit ja kanavat',
  targetsLabel: 'Valitut kanavat',
  save: 'Tallenna ja esikatsele',
  problemsTitle: 'Tarkista lomake:',
  titleRequired: '• Otsikko suomeksi on pakollinen.',
  saved: 'Luonnos tallennettu. Tarkista esikatselu.',
  previewBanner: 'ESIKATSELU – tätä ei ole lähetetty',
  sendNow: 'Lähetä',
  confirmSend: 'Kyllä, lähetä',
  report: 'Toimitusraportti',
  acknowledge: 'Kuittaa luetuksi',
  footer: 'Opetushallitus · Oppijanumeropalvelu',
  refusal:
    'Tiedotteita voivat laatia, hyväksyä ja lähettää vain Opetushallituksen ylläpitäjät. Kysy minulta muuta tai katso tiedotteet kanavalta.',
  welcome: 'Tervetuloa Oppijanumeropalvelun kanavalle',
} as const;

const TITLE = 'Yleistunnisteen hakuun tulee uusi pakollinen kenttä';
const BODY =
  'Yleistunnisteen henkilöhaun pyyntöön lisätään pakollinen kenttä. Päivittäkää integraationne testiympäristössä ennen voimaantuloa; vanha muoto lakkaa toimimasta.';
const EFFECTIVE_DATE = '2027-03-01';

// ------------------------------------------------------------------------------ the Finnish client

// ---------------------------------------------------------------------------------------------- cards

const heading = (card: Json): string | undefined => {
  let found: string | undefined;
  walk(card, (n) => {
    if (found === undefined && n.type === 'TextBlock' && n.style === 'heading') found = n.text;
  });
  return found;
};
/** Input id → the value the card carries. */
/** Action.Execute buttons of the card (the Action.Submit fallbacks nested in them are left out). */
const executes = (card: Json): Array<Record<string, Json>> => {
  const out: Array<Record<string, Json>> = [];
  walk(card, (n) => n.type === 'Action.Execute' && out.push(n));
  return out;
};
function executeAction(card: Json, verb: string): Record<string, Json> {
  const found = executes(card).find((a) => a.verb === verb);
  assert.ok(
    found,
    `no Action.Execute ${verb} in the card; verbs: ${executes(card)
      .map((a) => a.verb)
      .join(', ')}`,
  );
  return found;
}
/** The card an Action.Execute answered with (a UI click or an invoke through the HTTP route). */
function cardOf(result: InvokeResult | { status: number; body: Json }): Json {
  const { type, value } = 'body' in result ? { type: result.body?.type, value: result.body?.value } : result;
  assert.equal(result.status, 200);
  assert.equal(type, ADAPTIVE_CARD, `expected a card, got ${type}: ${JSON.stringify(value).slice(0, 300)}`);
  return value;
}
const onlyCard = (activity: BotActivity): Json => {
  assert.equal(activity.cards.length, 1, `expected one card in ${activity.id}`);
  return activity.cards[0];
};
/** "✓ Kuittasit tiedotteen luetuksi 1.12.2026 klo 9.05 (Suomen aikaa)." */
const ACKED = /^✓ Kuittasit tiedotteen luetuksi \d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d\d \(Suomen aikaa\)\.$/;

// -------------------------------------------------------------------------------------------- suite

describe('e2e: change announcements in the Agents Playground (Chromium)', function () {
  this.timeout(30_000);

  let e2e: E2eStack | undefined;
  let stack: LocalStack | undefined;
  let proxy: LocaleProxy | null | undefined;
  let client: PlaygroundClient | undefined;
  let conv: PlaygroundConversations;
  const figures: Record<string, number> = {};
  let suiteStarted = 0;

  // Shared along the scenario (each step needs the previous one).
  let formId: string | undefined;
  let announcementId: string | undefined;
  let channelPost: BotActivity | undefined;
  const ackedAt: Record<string, string> = {};

  before(async function () {
    if (!chromiumAvailable()) {
      if (process.env.CI === 'true') throw new Error(`${CHROMIUM_PATH} is missing and CI=true: e2e tests cannot be skipped`);
      console.warn(`\n!!! ${CHROMIUM_PATH} is missing: SKIPPING the announcements e2e tests (apt-get install -y chromium)\n`);
      this.skip();
    }
    this.timeout(120_000);
    suiteStarted = Date.now();
    // Tall enough that the whole form or admin card fits in one screenshot.
    e2e = await startE2eStack({ locale: FINNISH, viewport: { width: 1280, height: 1600 } });
    ({ stack, proxy, client, conv } = e2e);
    Object.assign(figures, e2e.figures);
    assert.equal(e2e.stack.config.ANNOUNCEMENT_APPROVAL, 'single', 'the scenario sends without a second approver');
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
    if (Object.keys(figures).length) console.warn(`      announcements e2e figures (ms): ${JSON.stringify(figures)}`);
  });

  const c = (): PlaygroundClient => {
    assert.ok(client, 'Playground client not started');
    return client;
  };
  const app = (): LocalStack => {
    assert.ok(stack, 'stack not started');
    return stack;
  };
  /** The next bot activity matching `predicate`, repeated copies skipped (see isFirstCopy). */
  const nextActivity = (predicate: WaitPredicate, options: WaitOptions) =>
    c().waitForActivity((a) => isFirstCopy(c(), a) && predicate(a), options);
  const shot = async (name: string) => {
    const file = path.join(E2E_ARTIFACTS, name);
    await c().screenshot(file);
    assert.ok((await stat(file)).size > 10_000, `screenshot ${name} looks empty`);
  };
  /** A tab API call straight to the app (not through the proxy), with a local-mode dev token. */
  async function tabApi(objectId: string, route: string): Promise<{ status: number; body: Json }> {
    const base = `http://127.0.0.1:${app().app.port}/api/tab`;
    const signIn = await fetch(`${base}/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ objectId, tenantId: TENANT }),
      signal: AbortSignal.timeout(5_000),
    });
    assert.equal(signIn.status, 200, `dev sign-in as ${objectId}`);
    const { token } = (await signIn.json()) as { token: string };
    const response = await fetch(`${base}${route}`, {
      headers: { authorization: `Bearer ${token}`, 'accept-language': 'fi-FI' },
      signal: AbortSignal.timeout(5_000),
    });
    return { status: response.status, body: await response.json() };
  }

  it("is installed in the team (General) and in Alex's personal chat; both greet in Finnish", async () => {
    let { seq } = await c().install('general');
    const teamWelcome = await nextActivity((a) => a.frameConversationId === conv.general && a.cards.length > 0, {
      since: seq,
      description: 'welcome card in General',
    });
    assert.equal(teamWelcome.isThreadRoot, true);
    assert.equal(heading(onlyCard(teamWelcome)), FI.welcome);

    ({ seq } = await c().install('personal'));
    const welcome = await nextActivity((a) => a.conversationId === conv.personal && a.cards.length > 0, {
      since: seq,
      description: 'welcome card in the personal chat',
    });
    assert.equal(heading(onlyCard(welcome)), FI.welcome);

    // What the outbox can deliver to: General, stored under the team id (= the General channel id).
    const stored = await app().app.store.db.selectFrom('conversations').select(['id', 'kind', 'team_id']).execute();
    assert.ok(
      stored.some((s) => s.id === conv.general && s.kind === 'channel' && s.team_id === conv.team.id),
      `General is a stored channel: ${JSON.stringify(stored)}`,
    );
    assert.ok(proxy && proxy.rewritten > 0, 'activities went through the Finnish client');
  });

  it('`tiedote`, typed in the UI, opens the form; saved with a blank title, it comes back naming the problem', async () => {
    const page = c().page;
    let started = Date.now();
    const sent = await c().ui.sendText('personal', 'tiedote');
    const formActivity = await c().waitForReply(sent, (a) => a.cards.length > 0, 10_000);
    figures.formMs = Date.now() - started;
    const form = onlyCard(formActivity);
    assert.equal(heading(form), FI.formTitle);
    assert.deepEqual(Object.keys(inputValues(form)), [
      'titleFi',
      'bodyFi',
      'category',
      'effectiveDate',
      'interfaces',
      'link',
      'titleSv',
      'bodySv',
      'titleEn',
      'bodyEn',
      'audienceKind',
      'targets',
      'sendDate',
      'sendTime',
    ]);
    formId = executeAction(form, ANNOUNCEMENT_VERBS.save).data?.formId;
    assert.match(String(formId), /^[0-9a-f-]{36}$/, 'the form carries its idempotency key');
    // The channel picker offers the installed General channel.
    let targetChoices: Json[] = [];
    walk(form, (n) => {
      if (n.id === 'targets') targetChoices = n.choices;
    });
    assert.deepEqual(targetChoices, [{ title: `${conv.team.name} › General`, value: conv.general }]);

    // Only spaces in the title: the card renderer accepts it as filled in, the server trims it to nothing.
    await page.getByRole('textbox', { name: FI.titleLabel, exact: true }).fill('   ');
    await page.getByRole('textbox', { name: FI.bodyLabel, exact: true }).fill(BODY);
    // The category is a required choice with no default (issue 15 item 10): the card itself asks for it.
    await page.getByRole('combobox', { name: FI.categoryLabel }).click();
    await page.getByRole('option', { name: FI.categoryBreaking, exact: true }).click();
    started = Date.now();
    const clicked = await c().ui.clickButton(FI.save);
    figures.badSaveMs = Date.now() - started;
    assert.equal(clicked.route, 'invoke', 'the form button is an Action.Execute');
    const back = cardOf(clicked);
    assert.equal(heading(back), FI.formTitle);
    assert.ok(texts(back).includes(FI.problemsTitle), `problems shown: ${texts(back).join(' | ')}`);
    assert.deepEqual(
      texts(back).filter((t) => t.startsWith('• ')),
      [FI.titleRequired],
      'only the title is reported',
    );
    assert.equal(inputValues(back).bodyFi, BODY, 'the typed text is kept');
    assert.equal(executeAction(back, ANNOUNCEMENT_VERBS.save).data?.formId, formId, 'same form, same idempotency key');
    assert.equal((await app().app.store.db.selectFrom('announcements').select('id').execute()).length, 0, 'nothing stored');

    // The page rendered the returned card: the problem and the kept text are on screen.
    await page.getByText(FI.titleRequired).waitFor({ state: 'visible', timeout: 5_000 });
    await page.getByRole('textbox', { name: FI.bodyLabel, exact: true }).filter({ hasText: BODY }).waitFor({ timeout: 5_000 });
    await page.getByText(FI.problemsTitle).scrollIntoViewIfNeeded();
    await shot('announcement-form-error.png');
  });

  it('a breaking change to yleistunniste, filled in the rendered form, is saved as a draft with a preview', async () => {
    assert.ok(formId, 'needs the form with the error');
    const page = c().page;
    await page.getByRole('textbox', { name: FI.titleLabel, exact: true }).fill(TITLE);
    await page.getByRole('combobox', { name: FI.categoryLabel }).click();
    await page.getByRole('option', { name: FI.categoryBreaking, exact: true }).click();
    // The date picker takes typed text, parsed when the field loses focus ("March 1, 2027", submitted
    // as 2027-03-01). Its calendar pop-up hides the rest of the card from the accessibility tree while
    // open, so make sure it is closed before going on.
    const effective = page.getByRole('combobox', { name: FI.effectiveDateLabel });
    await effective.fill(EFFECTIVE_DATE);
    await effective.press('Tab');
    const calendar = page.getByRole('dialog', { name: 'Calendar' });
    if (await calendar.isVisible()) await page.keyboard.press('Escape');
    await calendar.waitFor({ state: 'hidden', timeout: 5_000 });
    await waitFor(async () => ((await effective.inputValue()) === 'March 1, 2027' ? true : null));
    await page.getByRole('combobox', { name: FI.interfacesLabel }).click();
    await page.getByRole('menuitemcheckbox', { name: 'yleistunniste', exact: true }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('radio', { name: FI.audienceSubset }).check();
    await page.getByRole('combobox', { name: FI.targetsLabel }).click();
    await page.getByRole('menuitemcheckbox', { name: `${conv.team.name} › General` }).click();
    await page.keyboard.press('Escape');

    const started = Date.now();
    const clicked = await c().ui.clickButton(FI.save);
    figures.saveMs = Date.now() - started;
    const draftCard = cardOf(clicked);
    assert.equal(heading(draftCard), TITLE);
    const all = texts(draftCard);
    assert.ok(all.includes('Tila: Luonnos · versio 1'), `status line: ${all.slice(0, 4).join(' | ')}`);
    assert.ok(all.includes(FI.saved));
    // The preview is the real card under a banner: category, title, facts, body.
    assert.ok(all.includes(FI.previewBanner), 'preview banner');
    assert.ok(all.includes(FI.categoryBreaking), 'category shown');
    assert.equal(all.filter((t) => t === TITLE).length, 2, 'title in the header and in the preview');
    assert.ok(all.includes(BODY), 'body in the preview');
    assert.equal(facts(draftCard).get('Voimaantulo'), '1.3.2027');
    assert.equal(facts(draftCard).get('Koskee'), 'yleistunniste');
    const send = executeAction(draftCard, ANNOUNCEMENT_VERBS.send);
    // "Lähetä" asks first (issue 15 item 4): its confirmation holds the button that sends.
    assert.equal(send.title, FI.confirmSend, 'single approval: send now, after a confirmation');

    // Stored exactly as typed, as Alex's draft, with the chosen channel as its audience.
    const rows = await app().app.store.db.selectFrom('announcements').selectAll().execute();
    assert.equal(rows.length, 1, 'one draft');
    const row = rows[0]!;
    announcementId = row.id;
    assert.equal(send.data?.announcementId, row.id);
    assert.equal(row.status, 'draft');
    assert.equal(row.form_id, formId, 'the draft belongs to the form that came back with the error');
    assert.equal(row.title_fi, TITLE);
    assert.equal(row.body_fi, BODY);
    assert.equal(row.category, 'breaking');
    assert.equal(row.effective_date, EFFECTIVE_DATE);
    assert.deepEqual(JSON.parse(row.interfaces), ['yleistunniste']);
    assert.deepEqual(JSON.parse(row.audience), { kind: 'subset', conversationIds: [conv.general], teamIds: [] });
    assert.equal(row.scheduled_at, null, 'no schedule: sent at once');
    assert.equal(row.created_by, `${TENANT}/${ALEX}`);

    await page.getByText(FI.previewBanner).last().waitFor({ state: 'visible', timeout: 5_000 });
    await page.getByText(FI.saved).last().scrollIntoViewIfNeeded();
    await shot('announcement-draft-preview.png');
  });

  it('"Lähetä" publishes it; within seconds the outbox worker posts the card as a new thread in General', async () => {
    assert.ok(announcementId, 'needs the draft');
    const page = c().page;
    const since = c().cursor();
    // The first click only opens the confirmation inside the card, naming the audience; nothing is sent yet.
    await page.getByRole('button', { name: FI.sendNow, exact: true }).last().click();
    await page.getByText('Lähetetäänkö tiedote nyt? Se menee 1 keskusteluun').last().waitFor({ state: 'visible', timeout: 5_000 });
    assert.equal(c().cursor(), since, 'opening the confirmation sends nothing');
    await shot('announcement-send-confirm.png');
    const started = Date.now();
    const clicked = await c().ui.clickButton(FI.confirmSend);
    figures.sendClickMs = Date.now() - started;
    const sentCard = cardOf(clicked);
    const all = texts(sentCard);
    assert.ok(all.includes('Tila: Lähetetty · versio 2'), `status line: ${all.slice(0, 4).join(' | ')}`);
    assert.ok(
      all.some((t) => t.startsWith('Lähetys aloitettu: 1 ')),
      `outcome names one target: ${all.slice(0, 4).join(' | ')}`,
    );
    assert.equal(executeAction(sentCard, ANNOUNCEMENT_VERBS.report).title, FI.report);

    channelPost = await nextActivity((a) => a.kind === 'create' && a.frameConversationId === conv.general && a.cards.length > 0, {
      since,
      timeoutMs: 10_000,
      description: 'the announcement in General',
    });
    figures.deliveryMs = Date.now() - started;
    assert.ok(figures.deliveryMs < 5_000, `delivered after ${figures.deliveryMs} ms`);
    // A new thread: the frame names the channel, the message lives in `<general>;messageid=<its id>`.
    assert.equal(channelPost.isThreadRoot, true, 'the announcement starts a thread');
    assert.equal(channelPost.conversationId, `${conv.general};messageid=${channelPost.id}`);
    assert.equal(channelPost.fromId, conv.bot.id);
    const card = onlyCard(channelPost);
    const all2 = texts(card);
    assert.equal(heading(card), TITLE);
    assert.ok(all2.includes(FI.categoryBreaking));
    assert.ok(all2.includes(BODY));
    assert.ok(all2.includes(FI.footer));
    assert.ok(!all2.includes(FI.previewBanner), 'the sent card is no preview');
    assert.equal(facts(card).get('Voimaantulo'), '1.3.2027');
    assert.equal(facts(card).get('Koskee'), 'yleistunniste');
    const ack = executeAction(card, ANNOUNCEMENT_VERBS.ack);
    assert.equal(ack.title, FI.acknowledge, 'Finnish only: one language on the button');
    assert.deepEqual(ack.data, { verb: ANNOUNCEMENT_VERBS.ack, announcementId, revision: 0 });
    // Nothing else was posted anywhere (one target, one post).
    const others = c().activities.filter((a) => a.seq > since && a.kind === 'create' && a !== channelPost && isFirstCopy(c(), a));
    assert.deepEqual(
      others.map((a) => `${a.conversationId}: ${heading(a.cards[0]) ?? a.text}`),
      [],
    );

    // The outbox row records the delivery with the thread it started.
    const outbox = await app()
      .app.store.db.selectFrom('announcement_outbox')
      .selectAll()
      .where('announcement_id', '=', announcementId)
      .execute();
    assert.equal(outbox.length, 1);
    assert.equal(outbox[0]!.op, 'post');
    assert.equal(outbox[0]!.conversation_id, conv.general);
    await waitFor(async () => {
      const row = await app()
        .app.store.db.selectFrom('announcement_outbox')
        .selectAll()
        .where('id', '=', outbox[0]!.id)
        .executeTakeFirstOrThrow();
      return row.state === 'sent' ? row : null;
    }).then((row) => {
      assert.equal(row.activity_id, channelPost!.id);
      assert.equal(row.thread_id, channelPost!.conversationId);
    });

    await c().ui.openConversation('general');
    await page.getByText(TITLE).last().waitFor({ state: 'visible', timeout: 5_000 });
    await page.getByText(TITLE).last().scrollIntoViewIfNeeded();
    await shot('announcement-general-card.png');
  });

  it('Alex (in the page) and Adele (a Vendor in the team) acknowledge it on the channel card, each getting their card back acknowledged', async () => {
    assert.ok(channelPost && announcementId, 'needs the channel card');
    const page = c().page;

    // Alex clicks the rendered button in General.
    let started = Date.now();
    const clicked = await c().ui.clickButton(FI.acknowledge);
    figures.ackClickMs = Date.now() - started;
    assert.equal(clicked.route, 'invoke');
    const alexCard = cardOf(clicked);
    assert.equal(heading(alexCard), TITLE);
    const alexLine = texts(alexCard).find((t) => t.startsWith('✓ '));
    assert.match(String(alexLine), ACKED);
    assert.ok(!executes(alexCard).some((a) => a.verb === ANNOUNCEMENT_VERBS.ack), 'no acknowledge button once acknowledged');
    assert.equal(
      executeAction(alexCard, ANNOUNCEMENT_VERBS.refresh).data?.announcementId,
      announcementId,
      'refresh shows each reader their own state',
    );
    await page.getByText(String(alexLine)).last().waitFor({ state: 'visible', timeout: 5_000 });
    await page.getByText(String(alexLine)).last().scrollIntoViewIfNeeded();
    await shot('announcement-general-acknowledged.png');

    // Adele, through the invoke route as herself: her own acknowledgement on the same channel card.
    const ackData = executeAction(onlyCard(channelPost), ANNOUNCEMENT_VERBS.ack).data;
    started = Date.now();
    const adeleCard = cardOf(
      await c().invokeAction(channelPost, ANNOUNCEMENT_VERBS.ack, ackData, { as: 'Adele Vance', title: FI.acknowledge }),
    );
    figures.ackInvokeMs = Date.now() - started;
    assert.equal(heading(adeleCard), TITLE);
    assert.match(String(texts(adeleCard).find((t) => t.startsWith('✓ '))), ACKED);
    assert.ok(!executes(adeleCard).some((a) => a.verb === ANNOUNCEMENT_VERBS.ack));

    // Alex presses again (a second tab, a redelivery): still acknowledged, still one acknowledgement of his.
    const again = cardOf(await c().invokeAction(channelPost, ANNOUNCEMENT_VERBS.ack, ackData, { title: FI.acknowledge }));
    assert.ok(texts(again).some((t) => ACKED.test(t)));

    const acks = await app()
      .app.store.db.selectFrom('announcement_acks')
      .selectAll()
      .where('announcement_id', '=', announcementId)
      .orderBy('acked_at')
      .execute();
    assert.deepEqual(
      acks.map((a) => [a.object_id, a.display_name, a.revision, a.conversation_id]),
      [
        [ALEX, 'Alex Wilber', 0, channelPost.conversationId],
        [ADELE, 'Adele Vance', 0, channelPost.conversationId],
      ],
    );
    for (const a of acks) ackedAt[a.object_id] = a.acked_at;
  });

  it('the delivery report (card and tab API) shows it delivered and acknowledged twice', async () => {
    assert.ok(announcementId, 'needs the sent announcement');
    const page = c().page;

    // The report button of Alex's admin card in his personal chat, clicked in the page.
    await c().ui.openConversation('personal');
    const started = Date.now();
    const clicked = await c().ui.clickButton(FI.report);
    figures.reportClickMs = Date.now() - started;
    const report = cardOf(clicked);
    assert.equal(heading(report), `Toimitusraportti: ${TITLE}`);
    const f = facts(report);
    assert.equal(f.get('Kohteita'), '1');
    assert.ok(Number(f.get('Toimitettu')) >= 1, `delivered: ${f.get('Toimitettu')}`);
    assert.equal(f.get('Jonossa'), '0');
    assert.equal(f.get('Epäonnistui'), '0');
    assert.equal(f.get('Kuitattu luetuksi'), '2');
    await page.getByText(`Toimitusraportti: ${TITLE}`).last().waitFor({ state: 'visible', timeout: 5_000 });
    await page.getByText(`Toimitusraportti: ${TITLE}`).last().scrollIntoViewIfNeeded();
    await shot('announcement-report.png');

    // The tab's report API, signed in (dev token) as Alex.
    const api = await tabApi(ALEX, `/announcements/${announcementId}/report`);
    assert.equal(api.status, 200, JSON.stringify(api.body).slice(0, 300));
    assert.equal(api.body.id, announcementId);
    assert.equal(api.body.status, 'published');
    assert.equal(api.body.summary.targets, 1);
    assert.ok(api.body.summary.delivered >= 1);
    assert.equal(api.body.summary.acknowledged, 2);
    assert.deepEqual(
      api.body.targets.map((t: Json) => [t.conversationId, t.kind, t.state]),
      [[conv.general, 'channel', 'sent']],
    );
    assert.deepEqual(
      api.body.acknowledgements.map((a: Json) => [a.objectId, a.ackedAt]).sort(),
      [
        [ALEX, ackedAt[ALEX]],
        [ADELE, ackedAt[ADELE]],
      ].sort(),
    );
    // Per institution, OPH's own admins left out: Adele (no institution) acknowledged; the other
    // mapped users are listed as not yet acknowledged.
    const none = api.body.institutions.find((i: Json) => i.id === null);
    assert.deepEqual(none && { users: none.users, acknowledged: none.acknowledged }, { users: 1, acknowledged: 1 });
    const pending = api.body.notAcknowledged.map((p: Json) => p.displayName);
    for (const name of ['Megan Bowen', 'Isaiah Langer', 'Patti Fernandez'])
      assert.ok(pending.includes(name), `${name} not acknowledged yet`);
    assert.ok(!pending.includes('Adele Vance') && !pending.includes('Alex Wilber'), `not acknowledged: ${pending.join(', ')}`);
    assert.ok(texts(report).includes(`Kuittaamatta (${pending.length}):`), 'the card lists who has not acknowledged');
  });

  it('Adele, a Vendor, gets the polite refusal for `tiedote`, a forged report action and the tab report', async () => {
    assert.ok(channelPost && announcementId, 'needs the sent announcement');
    // In the group chat (she is a member; Alex's personal chat is his only).
    const since = c().cursor();
    const sent = await c().sendText('group', 'tiedote', { as: 'Adele Vance' });
    const reply = await c().waitForReply(sent, (a) => a.kind === 'create', 10_000);
    assert.equal(reply.text, FI.refusal);
    assert.equal(reply.cards.length, 0, 'no form');

    // The report verb pushed from the channel card she can see: refused the same way, no card.
    const forged = await c().invokeAction(channelPost, ANNOUNCEMENT_VERBS.report, { announcementId }, { as: 'Adele Vance' });
    assert.equal(forged.status, 200);
    assert.equal(forged.type, MESSAGE_RESPONSE);
    assert.equal(forged.value, FI.refusal);

    const api = await tabApi(ADELE, `/announcements/${announcementId}/report`);
    assert.equal(api.status, 403);
    assert.deepEqual(api.body, { error: 'FORBIDDEN', message: FI.refusal });

    // Nothing about announcements went anywhere else meanwhile.
    const elsewhere = c().activities.filter((a) => a.seq > since && a.kind === 'create' && a.conversationId !== sent.replyConversationId);
    assert.deepEqual(
      elsewhere.map((a) => a.conversationId),
      [],
    );
  });
});

/** Polls `probe` every 50 ms until it returns a value (at most `timeoutMs`). */
async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
