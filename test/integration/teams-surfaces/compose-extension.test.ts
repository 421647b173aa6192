/**
 * Issue 13 §3 and §4 through the router (botbuilder TestAdapter): composeExtension/query,
 * composeExtension/selectItem and composeExtension/queryLink invokes, ranked by the real guidance
 * engine over the repository's knowledge base.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createUsersRepository } from '../../../bot/store/users-repository.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createUserResolver } from '../../../bot/auth/resolve-user.js';
import { createInstallationTracker } from '../../../bot/teams/installations.js';
import { BotRouter } from '../../../bot/teams/router.js';
import { createHelpFeature } from '../../../bot/features/help/index.js';
import { createGuidanceEngine, type GuidanceEngine } from '../../../bot/features/guidance/index.js';
import { createGuidanceCompose, SEARCH_COMMAND_ID, SEARCH_PARAMETER } from '../../../bot/features/guidance-compose/index.js';
import { createGuidancePopularityRepository } from '../../../bot/store/guidance-popularity-repository.js';
import { createLogger } from '../../../bot/log.js';
import { cardByteSize, MAX_CARD_BYTES } from '../../../bot/cards/card.js';

const TENANT = '00000000-0000-0000-0000-0000000000aa';
const silent = createLogger({ level: 'silent' });
const catalogue = (
  JSON.parse(readFileSync('test/fixtures/knowledge-pages.json', 'utf8')) as {
    pages: Array<{ key: string; title: string; url: string; alternateUrls: string[] }>;
  }
).pages;

interface Attachment {
  contentType: string;
  content: { type: string; version: string; body: Array<Record<string, unknown>>; actions?: Array<Record<string, unknown>> };
  preview: { contentType: string; content: { title: string; text: string; tap?: { type: string; value: Record<string, unknown> } } };
}
interface MeBody {
  composeExtension: { type: string; attachmentLayout?: string; attachments?: Attachment[]; text?: string };
}

describe('guidance message extension and link unfurling (issue 13 §3–4)', function () {
  this.timeout(20_000);
  let store: Store;
  let engine: GuidanceEngine;
  let adapter: TestAdapter;

  before(async () => {
    engine = await createGuidanceEngine({ kbDir: 'kb' });
  });
  after(() => engine.close());

  beforeEach(async () => {
    store = await openStore({ dataDir: ':memory:' });
    const popularity = createGuidancePopularityRepository(store);
    const router = new BotRouter({
      features: [],
      help: createHelpFeature({}),
      resolveUser: createUserResolver(createUsersRepository(store)),
      installations: createInstallationTracker(createConversationsRepository(store), silent),
      logger: silent,
      compose: createGuidanceCompose({ engine, mostAsked: (limit) => popularity.mostAsked({ since: '2000-01-01T00:00:00.000Z', limit }) }),
    });
    adapter = new TestAdapter((context) => router.run(context));
  });
  afterEach(() => store.close());

  /** Sends one invoke as a guest in a group chat (no app user row: an unmapped Participant). */
  async function invoke(name: string, value: unknown, locale = 'fi-FI'): Promise<{ status: number; body: MeBody }> {
    while (adapter.activeQueue.length) adapter.getNextReply();
    await adapter.processActivity({
      type: ActivityTypes.Invoke,
      name,
      value,
      id: randomUUID(),
      channelId: 'msteams',
      locale,
      from: { id: '29:guest', name: 'Guest User', aadObjectId: 'guest-oid' },
      recipient: { id: '28:bot', name: 'Bot' },
      conversation: { id: '19:chat@thread.v2', conversationType: 'groupChat', tenantId: TENANT, isGroup: true, name: '' },
      serviceUrl: 'http://127.0.0.1:9/',
    } as Partial<Activity>);
    const replies: Array<Partial<Activity>> = [];
    while (adapter.activeQueue.length) replies.push(adapter.getNextReply());
    const response = replies.find((r) => r.type === 'invokeResponse');
    assert.ok(response, `an invoke response for ${name}`);
    return response.value as { status: number; body: MeBody };
  }

  const search = (text: string, locale?: string, extra: Record<string, unknown> = {}) =>
    invoke(
      'composeExtension/query',
      {
        commandId: SEARCH_COMMAND_ID,
        parameters: [{ name: SEARCH_PARAMETER, value: text }],
        queryOptions: { skip: 0, count: 25 },
        ...extra,
      },
      locale,
    );

  function assertResultCard(attachment: Attachment): void {
    assert.equal(attachment.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(attachment.content.version, '1.5');
    assert.ok(cardByteSize(attachment.content) < MAX_CARD_BYTES);
    assert.equal(attachment.preview.contentType, 'application/vnd.microsoft.card.thumbnail');
    assert.ok(attachment.preview.content.title.length > 0);
    assert.ok(!/[*_`<>]/.test(attachment.preview.content.text), `preview is plain text: ${attachment.preview.content.text}`);
    // Only links on an inserted card: the bot may not be installed where it lands.
    assert.ok((attachment.content.actions ?? []).every((a) => a.type === 'Action.OpenUrl'));
  }

  it("a compose-box query lists the matching articles, ranked by the bot's engine, in the user's language", async () => {
    const expected = engine.ask('testihenkilötunnus testiympäristö', { lang: 'fi' }).ranked.map((r) => r.articleId);
    assert.ok(expected.length > 0);
    const { status, body } = await search('testihenkilötunnus testiympäristö');
    assert.equal(status, 200);
    assert.equal(body.composeExtension.type, 'result');
    assert.equal(body.composeExtension.attachmentLayout, 'list');
    const attachments = body.composeExtension.attachments!;
    assert.deepEqual(
      attachments.map((a) => a.preview.content.tap?.value.articleId),
      expected,
    );
    attachments.forEach(assertResultCard);
    // The inserted card: passage plus "Lue lisää" links to the article's source pages.
    const first = attachments[0]!;
    const readMore = (first.content.actions ?? []).filter((a) => String(a.title).startsWith('Lue lisää: '));
    assert.ok(readMore.length > 0);
    assert.ok(readMore.every((a) => catalogue.some((p) => p.url === a.url)));

    const sv = await search('testpersonbeteckning testmiljö', 'sv-FI');
    const svFirst = sv.body.composeExtension.attachments![0]!;
    assert.ok((svFirst.content.actions ?? []).some((a) => String(a.title).startsWith('Läs mer: ')));
  });

  it('an empty query (initial run) lists the most asked topics, falling back to the joining steps', async () => {
    const fresh = await search('');
    const ids = fresh.body.composeExtension.attachments!.map((a) => a.preview.content.tap?.value.articleId);
    assert.equal(ids.length, 8);
    assert.ok(
      ids.slice(0, 7).every((id) => String(id).startsWith('vaihe-')),
      ids.join(),
    );

    // Once people have asked, their topics come first.
    const now = new Date().toISOString();
    for (let i = 0; i < 3; i += 1) {
      await store.db
        .insertInto('guidance_votes')
        .values({
          id: randomUUID(),
          tenant_id: TENANT,
          object_id: `o${i}`,
          vote_key: `k${i}`,
          vote: 'up',
          article_id: 'testioppijanumeroita',
          band: 'answer',
          question: 'q',
          question_norm: 'q',
          lang: 'fi',
          comment: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    const after = await search('');
    assert.equal(after.body.composeExtension.attachments![0]!.preview.content.tap?.value.articleId, 'testioppijanumeroita');
  });

  it('choosing a result (selectItem) inserts the answer card for that article', async () => {
    const { body } = await invoke('composeExtension/selectItem', { articleId: 'vaihe-2-tietosisallot', lang: 'en' });
    const [attachment] = body.composeExtension.attachments!;
    assert.ok(attachment);
    assertResultCard(attachment);
    assert.equal(attachment.content.body[0]!.text, engine.show('vaihe-2-tietosisallot', 'en')!.article.title);
    assert.ok((attachment.content.actions ?? []).some((a) => String(a.title).startsWith('Read more: ')));
  });

  it('selectItem of an unknown or malformed value answers with a message, not an error', async () => {
    for (const value of [{ articleId: 'no-such-article' }, {}, 'x', null]) {
      const { status, body } = await invoke('composeExtension/selectItem', value);
      assert.equal(status, 200);
      assert.equal(body.composeExtension.type, 'message');
    }
  });

  it('nonsense and malformed queries give an empty list, never an error', async () => {
    for (const value of [
      { parameters: [{ name: 'query', value: 'moi' }] },
      { parameters: 'x' },
      null,
      { parameters: [{ name: 'query', value: 42 }] },
    ]) {
      const { status, body } = await invoke('composeExtension/query', value);
      assert.equal(status, 200);
      assert.equal(body.composeExtension.type, 'result');
    }
    const later = await search('testihenkilötunnus', 'fi-FI', { queryOptions: { skip: 25, count: 25 } });
    assert.deepEqual(later.body.composeExtension.attachments, []);
  });

  describe('queryLink (link unfurling)', () => {
    for (const page of catalogue) {
      it(`unfurls ${page.key} in every URL form`, async () => {
        for (const address of [page.url, ...page.alternateUrls]) {
          const [base, anchor] = address.split('#');
          const forms = [address, `${base}${base!.includes('?') ? '&' : '?'}src=contextnavpagetreemode${anchor ? `#${anchor}` : ''}`];
          if (!anchor) forms.push(`${address}#heading-1`);
          for (const url of forms) {
            const { status, body } = await invoke('composeExtension/queryLink', { url }, 'sv-FI');
            assert.equal(status, 200);
            const [attachment] = body.composeExtension.attachments!;
            assert.ok(attachment, `a card for ${url}`);
            assert.equal(attachment.content.body[0]!.text, page.title, url);
            assert.deepEqual(attachment.content.actions, [{ type: 'Action.OpenUrl', title: 'Öppna anvisningssidan', url: page.url }]);
          }
        }
      });
    }

    it("summarises a page in the reader's language from the article that cites it", async () => {
      const url = 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=439551624';
      const fi = (await invoke('composeExtension/queryLink', { url }, 'fi-FI')).body.composeExtension.attachments![0]!;
      const en = (await invoke('composeExtension/queryLink', { url }, 'en-US')).body.composeExtension.attachments![0]!;
      assert.equal(fi.content.body[2]!.text, engine.show('vaihe-2-tietosisallot', 'fi')!.text.blocks[0]);
      assert.equal(en.content.body[2]!.text, engine.show('vaihe-2-tietosisallot', 'en')!.text.blocks[0]);
      assert.notEqual(fi.content.body[2]!.text, en.content.body[2]!.text);
    });

    it('other links get no card and no error', async () => {
      for (const value of [
        { url: 'https://wiki.eduuni.fi/display/OPHPALV/Jokin+muu+sivu' },
        { url: 'https://wiki.eduuni.fi/pages/viewpage.action?pageId=1' },
        { url: 'https://example.com/' },
        { url: 'not a url' },
        {},
        null,
      ]) {
        const { status, body } = await invoke('composeExtension/queryLink', value);
        assert.equal(status, 200);
        assert.deepEqual(body.composeExtension, { type: 'result', attachmentLayout: 'list', attachments: [] });
      }
    });
  });
});
