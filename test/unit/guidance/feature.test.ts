/**
 * Handler-level tests through the Feature interface the router sees: the free-text fallback, the
 * guidance.show action and the admin reload command.
 */
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AdaptiveCard } from '../../../bot/cards/card.js';
import { AppError } from '../../../bot/errors.js';
import { createGuidanceEngine, type GuidanceEngine } from '../../../bot/features/guidance/engine.js';
import { createGuidanceFeature, RELOAD_COMMANDS, type QuestionToRecord } from '../../../bot/features/guidance/feature.js';
import { guidanceText } from '../../../bot/features/guidance/i18n.js';
import type { Feature, Reply } from '../../../bot/features/types.js';
import { makeTurn, makeUser } from '../../helpers/fakes.js';
import { writeMiniKb } from './mini-kb.js';

// Test identifier: individual number 9xx, correct check character.
const TEST_HETU = '010190-900P';

const cardOf = (reply: Reply | undefined): AdaptiveCard => {
  assert.equal(reply?.kind, 'card');
  return (reply as Extract<Reply, { kind: 'card' }>).card;
};
const cardText = (card: AdaptiveCard) => JSON.stringify(card);

describe('guidance feature', () => {
  let dir: string;
  let engine: GuidanceEngine;
  let recorded: QuestionToRecord[];
  let feature: Feature & { answer: NonNullable<Feature['fallback']> };

  before(async () => {
    const mini = await writeMiniKb();
    dir = await mkdtemp(path.join(tmpdir(), 'guidance-feature-'));
    await cp(mini.dir, dir, { recursive: true });
    await mini.remove();
    engine = await createGuidanceEngine({ kbDir: dir });
  });
  beforeEach(() => {
    recorded = [];
    feature = createGuidanceFeature({ engine, recordQuestion: async (q) => void recorded.push(q) });
  });
  after(async () => {
    engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('fallback (free text)', () => {
    it('answers with the answer card and stores nothing', async () => {
      const replies = await feature.fallback!(makeTurn({ text: 'Kauanko TGT on voimassa?' }));
      assert.equal(replies.length, 1);
      const card = cardOf(replies[0]);
      assert.match(cardText(card), /Rajapintojen autentikaatio CAS:lla/);
      assert.match(cardText(card), /guidance\.vote/);
      assert.equal((replies[0] as { summary?: string }).summary, guidanceText.fi.answerSummary('Rajapintojen autentikaatio CAS:lla'));
      assert.deepEqual(recorded, []);
    });

    it('answers in the language of the question, not of the Teams locale', async () => {
      const replies = await feature.fallback!(makeTurn({ text: 'How are duplicates merged?', lang: 'fi' }));
      assert.match(cardText(cardOf(replies[0])), /Merging duplicates/);
    });

    it('records suggest and unknown questions (masked) for the knowledge-gap report', async () => {
      const user = makeUser('Vendor');
      await feature.fallback!(makeTurn({ user, text: 'kuka yksilöi hetuttoman' }));
      await feature.fallback!(makeTurn({ user, text: `Miksi Wilma ei toimi, hetuni on ${TEST_HETU}?` }));
      assert.deepEqual(
        recorded.map((r) => [r.band, r.articleId, r.lang]),
        [
          ['suggest', 'hetuttomat', 'fi'],
          ['unknown', recorded[1]?.articleId ?? null, 'fi'],
        ],
      );
      assert.equal(recorded[1]?.user.objectId, user.objectId);
      assert.ok(!recorded[1]?.question.includes(TEST_HETU), 'the henkilötunnus is masked before storage');
      assert.match(recorded[1]?.question ?? '', /\[henkilötunnus\]/);
    });

    it('tells the user a henkilötunnus was removed, and never echoes it', async () => {
      const replies = await feature.fallback!(makeTurn({ text: `Wilma ${TEST_HETU}` }));
      const json = cardText(cardOf(replies[0]));
      assert.ok(json.includes(guidanceText.fi.maskedNotice));
      assert.ok(!json.includes(TEST_HETU));
    });

    it('asks for words when the message has none', async () => {
      for (const text of ['', '🙂🙂', `${TEST_HETU}`]) {
        const replies = await feature.fallback!(makeTurn({ text }));
        assert.equal(replies[0]?.kind, 'text');
        assert.ok((replies[0] as { text: string }).text.includes(guidanceText.fi.emptyQuestion));
      }
      assert.deepEqual(recorded, []);
    });

    it('still answers when storing the question fails', async () => {
      const failing = createGuidanceFeature({ engine, recordQuestion: async () => Promise.reject(new Error('db down')) });
      const replies = await failing.fallback!(makeTurn({ text: 'Mikä on Wilman salasana?' }));
      assert.match(cardText(cardOf(replies[0])), /yhteisetpalvelut@opintopolku\.fi/);
    });

    it('works without a recorder', async () => {
      const bare = createGuidanceFeature({ engine });
      const replies = await bare.fallback!(makeTurn({ text: 'Mikä on Wilman salasana?' }));
      assert.equal(replies.length, 1);
    });
  });

  describe('guidance.show', () => {
    const show = () => feature.actions!.find((a) => a.verbs.includes('guidance.show'))!;

    it('returns the article as an answer card in the language carried by the button', async () => {
      const value = { verb: 'guidance.show', articleId: 'hetuttomat', lang: 'en', question: 'who identifies?' };
      const result = await show().run({ ...makeTurn({ value }), verb: 'guidance.show', value });
      assert.equal(result.kind, 'card');
      const json = cardText((result as { card: AdaptiveCard }).card);
      assert.match(json, /People without a Finnish personal identity code/);
      assert.match(json, /"band":"suggest"/);
      assert.match(json, /"question":"who identifies\?"/);
    });

    it('refuses unknown or malformed article ids with a message, and ignores extra keys', async () => {
      for (const value of [{ articleId: 'no-such' }, { articleId: '../../etc/passwd' }, {}, { articleId: 'hetuttomat', lang: 'de' }]) {
        const result = await show().run({ ...makeTurn({ value }), verb: 'guidance.show', value });
        assert.deepEqual(result, { kind: 'message', text: guidanceText.fi.articleNotFound });
      }
      const value = { articleId: 'hetuttomat', __proto__: { polluted: true }, objectId: 'someone-else' };
      const result = await show().run({ ...makeTurn({ value }), verb: 'guidance.show', value });
      assert.equal(result.kind, 'card');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    it('masks a henkilötunnus smuggled into the card data', async () => {
      const value = { articleId: 'hetuttomat', question: `kysymys ${TEST_HETU}` };
      const result = await show().run({ ...makeTurn({ value }), verb: 'guidance.show', value });
      assert.ok(!cardText((result as { card: AdaptiveCard }).card).includes(TEST_HETU));
    });
  });

  describe('päivitä tietopankki', () => {
    const reload = () => feature.commands!.find((c) => c.names.includes('päivitä tietopankki'))!;

    it('is offered in Finnish, Swedish and English', () => {
      assert.deepEqual(RELOAD_COMMANDS.slice(0, 1), ['päivitä tietopankki']);
      assert.ok(reload().names.includes('reload knowledge base'));
      assert.ok(reload().names.includes('uppdatera kunskapsbanken'));
    });

    it('is refused for everyone but OPH admins', async () => {
      for (const role of ['Participant', 'Vendor', 'InstitutionAdmin'] as const) {
        await assert.rejects(
          reload().run(makeTurn({ user: makeUser(role), text: 'päivitä tietopankki' })),
          (e: unknown) => e instanceof AppError && e.code === 'FORBIDDEN',
        );
      }
    });

    it('reloads for an admin and reports the counts', async () => {
      const replies = await reload().run(makeTurn({ user: makeUser('ServiceOwnerAdmin'), text: 'päivitä tietopankki' }));
      assert.equal(replies[0]?.kind, 'text');
      assert.match((replies[0] as { text: string }).text, /Tietopankki päivitetty: 4 ohjetta, 12 kieliversiota/);
    });

    it('shows the problems of a broken KB and keeps the old one answering', async () => {
      const broken = path.join(dir, 'sv', 'rikki.md');
      await writeFile(broken, '---\nid: rikki\nlang: sv\ntitle: "Trasig"\nsources: [finns-inte]\nupdated: 2026-11-26\n---\n');
      try {
        const replies = await reload().run(
          makeTurn({ user: makeUser('ServiceOwnerAdmin', { lang: 'en' }), text: 'reload knowledge base' }),
        );
        const json = cardText(cardOf(replies[0]));
        assert.match(json, /was not reloaded/);
        assert.match(json, /unknown source page key/);
        const answer = await feature.fallback!(makeTurn({ text: 'Kauanko TGT on voimassa?' }));
        assert.match(cardText(cardOf(answer[0])), /Rajapintojen autentikaatio CAS:lla/);
      } finally {
        await rm(broken);
      }
    });
  });
});
