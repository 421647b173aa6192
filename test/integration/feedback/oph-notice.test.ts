/**
 * Issue 15 item 5: OPH can act on feedback. New feedback and error reports are announced in OPH's
 * channel with the essentials and a link; the tab names a submitter who allowed contact by their Teams
 * name and e-mail (remembered when they talk to the bot), not by an object id.
 */
import assert from 'node:assert/strict';
import { TestAdapter, ActivityTypes } from 'botbuilder';
import { createFeedbackService } from '../../../bot/features/feedback/service.js';
import { feedbackTabRoutes } from '../../../bot/features/feedback/tab-routes.js';
import { createProfilesRepository } from '../../../bot/store/profiles-repository.js';
import { createProfileRecorder } from '../../../bot/teams/profiles.js';
import { createLogger } from '../../../bot/log.js';
import type { Submission } from '../../../bot/features/feedback/validation.js';
import { describeEachDatabase } from '../../helpers/databases.js';
import { FakeMessenger } from '../../helpers/fakes.js';
import { people, seedInstitutions } from './helpers.js';

const OPH_CHANNEL = '19:oph-feedback@thread.tacv2';
const NOW = new Date('2026-11-26T10:00:00Z');
const submission = (overrides: Partial<Submission> = {}): Submission => ({
  type: 'bug',
  topic: 'yleistunniste',
  title: 'Eräajo jää jumiin',
  description: 'Yleistunnisteen eräajo ei valmistu testiympäristössä.',
  impact: 'Kaikki',
  contactOk: true,
  ...overrides,
});

describeEachDatabase('feedback reaches OPH (issue 15 item 5)', (getStore) => {
  let messenger: FakeMessenger;
  const deps = () => ({
    store: getStore(),
    messenger,
    tabUrl: (ref: string) => `https://bot.example/tab/#/feedback/${ref}`,
    ophChannel: async () => OPH_CHANNEL,
  });

  beforeEach(async () => {
    await seedInstitutions(getStore());
    messenger = new FakeMessenger();
    // The submitter has talked to the bot: their Teams name and e-mail were remembered at the edge.
    const recorder = createProfileRecorder({
      profiles: createProfilesRepository(getStore()),
      logger: createLogger({ level: 'silent' }),
      lookupEmail: async () => 'maija.paakayttaja@korkeakoulu.example',
    });
    // They submitted a form allowing contact: only then is the e-mail looked up.
    const adapter = new TestAdapter(async (context) => {
      await recorder.record(context, people.submitter, { allowsContact: true });
    });
    await adapter.send({
      type: ActivityTypes.Message,
      text: 'hei',
      from: { id: '29:x', name: 'Maija Pääkäyttäjä', aadObjectId: people.submitter.objectId },
    });
  });

  it('posts a new error report to the OPH channel with its essentials, the contact the submitter allowed and a link', async () => {
    const service = createFeedbackService(deps());
    const { item } = await service.submit(people.submitter, submission(), 'form-0001', NOW);
    const posted = messenger.sent.filter((s) => s.conversationId === OPH_CHANNEL);
    assert.equal(posted.length, 1);
    const card = JSON.stringify(posted[0]!.reply);
    assert.match(card, new RegExp(`Uusi virheilmoitus ${item.ref}`));
    assert.match(card, /Eräajo jää jumiin/);
    assert.match(card, /Testikorkeakoulu A/);
    assert.match(card, /Maija Pääkäyttäjä, maija\.paakayttaja@korkeakoulu\.example \(saa ottaa yhteyttä\)/);
    assert.match(card, new RegExp(`"url":"https://bot.example/tab/#/feedback/${item.ref}"`));
    // A resubmit of the same form is not announced twice.
    await service.submit(people.submitter, submission(), 'form-0001', NOW);
    assert.equal(messenger.sent.filter((s) => s.conversationId === OPH_CHANNEL).length, 1);
  });

  it('names nobody when the submitter did not allow contact, and records the language they wrote in', async () => {
    const service = createFeedbackService(deps());
    const { item } = await service.submit(
      { ...people.submitter, lang: 'sv' },
      submission({ contactOk: false, type: 'feedback' }),
      'form-0002',
      NOW,
    );
    const card = JSON.stringify(messenger.sent[0]!.reply);
    assert.match(card, /Uusi palaute/);
    assert.doesNotMatch(card, /Maija|korkeakoulu\.example/);
    assert.match(card, /ei yhteydenottoja/);
    assert.equal(item.lang, 'sv');
  });

  it('a failing channel never costs the submitter their receipt', async () => {
    messenger.failNext = new Error('connector down');
    const { created } = await createFeedbackService(deps()).submit(people.submitter, submission(), 'form-0003', NOW);
    assert.equal(created, true);
  });

  it('the tab shows OPH the name and e-mail of a submitter who allowed contact, not an object id', async () => {
    const service = createFeedbackService(deps());
    const { item } = await service.submit(people.submitter, submission(), 'form-0004', NOW);
    const route = feedbackTabRoutes(deps()).find((r) => r.method === 'get' && r.path === '/feedback/:ref')!;
    const asAdmin = (await route.handler({ user: people.admin, params: { ref: item.ref }, query: {}, body: undefined })) as {
      body: { item: { contact?: Record<string, unknown> } };
    };
    assert.deepEqual(asAdmin.body.item.contact, {
      tenantId: people.submitter.tenantId,
      objectId: people.submitter.objectId,
      name: 'Maija Pääkäyttäjä',
      email: 'maija.paakayttaja@korkeakoulu.example',
    });
    const asVendor = (await route.handler({ user: people.vendor, params: { ref: item.ref }, query: {}, body: undefined })) as {
      status: number;
      body: { item?: { contact?: unknown } };
    };
    assert.equal(asVendor.body.item?.contact, undefined);
  });

  it('without consent to contact only the name is remembered: no roster call, no e-mail', async () => {
    let lookups = 0;
    const recorder = createProfileRecorder({
      profiles: createProfilesRepository(getStore()),
      logger: createLogger({ level: 'silent' }),
      lookupEmail: async () => {
        lookups += 1;
        return 'someone@example.org';
      },
    });
    const adapter = new TestAdapter(async (context) => {
      await recorder.record(context, people.vendor);
    });
    await adapter.send({
      type: ActivityTypes.Message,
      text: 'hei',
      from: { id: '29:y', name: 'Toimittaja', aadObjectId: people.vendor.objectId },
    });
    assert.equal(lookups, 0);
    const profile = await createProfilesRepository(getStore()).find(people.vendor.tenantId, people.vendor.objectId);
    assert.deepEqual(profile && { name: profile.displayName, email: profile.email }, { name: 'Toimittaja', email: null });
  });
});
