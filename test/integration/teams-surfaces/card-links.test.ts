/**
 * Issue 13 §1: every card that links into the tab uses the one link helper. With TEAMS_APP_ID set,
 * each card and notification below is rendered with sample data; none may carry a browser URL of the
 * tab (`/tab/#/…` or `/tab/`), and each tab link must be a Teams deep link naming the right page.
 */
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../../bot/store/db.js';
import type { AdaptiveCard } from '../../../bot/cards/card.js';
import { createTabLinks } from '../../../bot/cards/tab-links.js';
import { createHelpFeature } from '../../../bot/features/help/index.js';
import { createOnboardingFeature } from '../../../bot/features/onboarding/index.js';
import { feedbackTabUrl } from '../../../bot/features/feedback/index.js';
import {
  commentNotificationCard,
  confirmationCard,
  mergeNotificationCard,
  statusNotificationCard,
} from '../../../bot/features/feedback/cards.js';
import type { FeedbackItem } from '../../../bot/store/feedback-repository.js';
import { createEscalationFeature } from '../../../bot/features/guidance/escalation/index.js';
import { VERB_ASK_OPH, VERB_TICKET_ASSIGN, VERB_TICKET_CREATE } from '../../../bot/features/guidance/escalation/verbs.js';
import { createGuidanceRepository } from '../../../bot/store/guidance-repository.js';
import { FakeMessenger, makeTurn, makeUser } from '../../helpers/fakes.js';
import { actionByVerb, cardOf, inputById, press, run, seedInstitution } from '../guidance-escalation/helpers.js';
import { INSTITUTION_A, people, setUp } from '../onboarding/helpers.js';

const APP_ID = '6a0f3c1e-2b4d-4e5f-8a9b-0c1d2e3f4a5b';
const BASE = 'https://oph-bot.example';
const links = createTabLinks({ publicBaseUrl: BASE, teamsAppId: APP_ID });

function openUrls(card: AdaptiveCard): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.OpenUrl' && typeof record.url === 'string') out.push(record.url);
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return out;
}

/** The card has no browser tab URL and its tab links are deep links to `subEntityIds`. */
function assertDeepLinksOnly(name: string, card: AdaptiveCard, subEntityIds: string[]): void {
  const json = JSON.stringify(card);
  assert.ok(!json.includes('/tab/#/') && !json.includes(`${BASE}/tab/`), `${name}: a browser URL of the tab`);
  const found = openUrls(card)
    .filter((url) => url.startsWith('https://teams.microsoft.com/l/entity/'))
    .map((url) => (JSON.parse(new URL(url).searchParams.get('context')!) as { subEntityId: string }).subEntityId);
  assert.deepEqual(found, subEntityIds, `${name}: deep links`);
}

const item: FeedbackItem = {
  id: 'id-1',
  ref: 'KE-2026-0042',
  formId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  type: 'proposal',
  topic: 'yleistunniste',
  title: 'Eräajon tila',
  description: 'Kuvaus',
  impact: 'Kaikki',
  institutionId: 'inst-a',
  institutionNames: { fi: 'Testikorkeakoulu', sv: 'Testhögskolan', en: 'Test University' },
  contactOk: true,
  submitter: { tenantId: 't', objectId: 'o' },
  status: 'new',
  statusReason: null,
  duplicateOfId: null,
  duplicateOfRef: null,
  version: 1,
  votes: 3,
  votedByViewer: false,
  commentCount: 0,
  createdAt: '2026-11-26T10:00:00.000Z',
  updatedAt: '2026-11-26T10:00:00.000Z',
} as FeedbackItem;

describe('every card linking into the tab uses Teams deep links when TEAMS_APP_ID is set', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openStore({ dataDir: ':memory:' });
  });
  afterEach(() => store.close());

  it('help and welcome cards open the tab overview', () => {
    const help = createHelpFeature({ tabUrl: links.page('') });
    for (const lang of ['fi', 'sv', 'en'] as const) {
      for (const reply of [help.help(makeUser('ServiceOwnerAdmin'), lang), help.welcome(makeUser('Participant'), lang)]) {
        assert.ok(reply.kind === 'card');
        assertDeepLinksOnly(`help/${lang}`, reply.card, ['']);
      }
    }
  });

  it('"tilanne" opens the institution page of the tab', async () => {
    const env = await setUp(store);
    const feature = createOnboardingFeature({ ...env.deps, tabLinks: links });
    const [reply] = await feature.commands![0]!.run(makeTurn({ user: people.participant, text: 'tilanne' }));
    assert.ok(reply?.kind === 'card');
    assertDeepLinksOnly('status card', reply.card, [`institution/${INSTITUTION_A.id}`]);
  });

  it('feedback confirmation and every feedback notification open the item page', () => {
    const followUrl = feedbackTabUrl(links)(item.ref);
    const cards: Array<[string, AdaptiveCard]> = [
      ['confirmation', confirmationCard({ lang: 'fi', item, masked: false, repeated: false, followUrl })],
      ['status', statusNotificationCard({ lang: 'sv', item, from: 'new', to: 'planned', reason: null, followUrl })],
      ['merge', mergeNotificationCard({ lang: 'en', item, target: item, followUrl })],
      [
        'comment',
        commentNotificationCard({
          lang: 'fi',
          item,
          comment: {
            id: 'c1',
            itemId: item.id,
            author: { tenantId: 't', objectId: 'x', displayName: 'OPH' },
            body: 'Kiitos',
            official: true,
            createdAt: item.createdAt,
          } as never,
          followUrl,
        }),
      ],
    ];
    for (const [name, card] of cards) assertDeepLinksOnly(name, card, [`feedback/${item.ref}`]);
  });

  it('the expert ticket card (as posted and after an action) and the "aukot" reply open the gaps page', async () => {
    await seedInstitution(store);
    const messenger = new FakeMessenger();
    const feature = createEscalationFeature({
      repository: createGuidanceRepository(store),
      messenger,
      expertChannel: async () => '19:experts@thread.tacv2',
      tabLinks: links,
      clock: () => new Date('2026-11-26T09:00:00Z'),
    });
    const asker = makeUser('InstitutionAdmin', { objectId: 'asker-1', institutionId: 'inst-test' });
    const confirm = cardOf(
      await run(feature, makeTurn({ user: asker }), VERB_ASK_OPH, {
        question: 'Miten testitunnukset haetaan?',
        articleId: 'testiymparisto',
      }),
    );
    const question = String(inputById(confirm, 'question')?.value ?? '');
    await press(feature, makeTurn({ user: asker }), actionByVerb(confirm, VERB_TICKET_CREATE), { question });
    const posted = messenger.sent.find((m) => m.conversationId === '19:experts@thread.tacv2');
    assert.ok(posted, 'the ticket card is posted to the expert channel');
    const ticketCard = cardOf(posted.reply);
    assertDeepLinksOnly('ticket card', ticketCard, ['gaps']);
    const expert = makeUser('ServiceOwnerAdmin', { objectId: 'expert-a' });
    const assigned = cardOf(await press(feature, makeTurn({ user: expert }), actionByVerb(ticketCard, VERB_TICKET_ASSIGN)));
    assertDeepLinksOnly('assigned ticket card', assigned, ['gaps']);

    for (const lang of ['fi', 'sv', 'en'] as const) {
      const [gaps] = await feature.commands![0]!.run(makeTurn({ user: makeUser('ServiceOwnerAdmin', { lang }), text: 'aukot' }));
      assert.ok(gaps?.kind === 'card');
      assertDeepLinksOnly(`gaps/${lang}`, gaps.card, ['gaps']);
    }
  });

  it('without TEAMS_APP_ID the ticket and gaps cards keep the local tab URL of the gaps page', async () => {
    const local = createTabLinks({ publicBaseUrl: BASE });
    const feature = createEscalationFeature({
      repository: createGuidanceRepository(store),
      messenger: new FakeMessenger(),
      expertChannel: async () => null,
      tabLinks: local,
    });
    const [gaps] = await feature.commands![0]!.run(makeTurn({ user: makeUser('ServiceOwnerAdmin'), text: 'aukot' }));
    assert.ok(gaps?.kind === 'card');
    assert.deepEqual(openUrls(gaps.card), [`${BASE}/tab/#/gaps`]);
  });
});
