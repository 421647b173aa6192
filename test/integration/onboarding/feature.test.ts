/** The bot side: "tilanne" / "status" / "läge" through the Feature interface, and the show action. */
import assert from 'node:assert/strict';
import { openStore, type Store } from '../../../bot/store/db.js';
import type { Feature, Reply } from '../../../bot/features/types.js';
import { createOnboardingFeature, commandArgument, SHOW_STATUS_VERB } from '../../../bot/features/onboarding/index.js';
import { cardByteSize, MAX_CARD_BYTES } from '../../../bot/cards/card.js';
import { AppError } from '../../../bot/errors.js';
import { seedInstitutions } from '../../../dev/seed/institutions.js';
import { makeTurn, makeUser } from '../../helpers/fakes.js';
import { INSTITUTION_A, people, setUp } from './helpers.js';

function cardText(reply: Reply | undefined): string {
  assert.ok(reply && reply.kind === 'card', 'a card reply');
  return JSON.stringify(reply.card);
}

describe('onboarding bot command', () => {
  let store: Store;
  let feature: Feature;
  let env: Awaited<ReturnType<typeof setUp>>;

  beforeEach(async () => {
    store = await openStore({ dataDir: ':memory:' });
    env = await setUp(store);
    feature = createOnboardingFeature(env.deps);
  });
  afterEach(async () => {
    await store.close();
  });

  const run = (text: string, user = people.ownAdmin, lang = user.lang) => feature.commands![0]!.run(makeTurn({ user, lang, text }));

  it('answers to tilanne, status and läge', () => {
    assert.deepEqual(feature.commands![0]!.names, ['tilanne', 'status', 'läge']);
    assert.equal(commandArgument('Tilanne  Pohjanlahti '), 'Pohjanlahti');
    assert.equal(commandArgument('läge'), '');
  });

  it("shows the asker's institution with the next open step and its guidance article", async () => {
    await env.repository.applyChanges(
      INSTITUTION_A.id,
      {
        fields: { route: 'yleistunniste', vendor: 'sisu' },
        steps: [
          { step: 1, status: 'done' },
          { step: 2, status: 'done' },
          { step: 3, status: 'in_progress', responsible: 'Opintopalvelut *tiimi*' },
        ],
      },
      { tenantId: 't', objectId: 'o', displayName: 'x' },
    );
    const [reply] = await run('tilanne');
    const json = cardText(reply);
    assert.ok(json.includes(INSTITUTION_A.nameFi));
    assert.ok(json.includes('Seuraava vaihe: 3. Organisoituminen ja vastuut'));
    assert.ok(json.includes('3. Organisoituminen ja vastuut](https://wiki.eduuni.fi/display/OPHPALV/3.+Organisoituminen+ja+vastuut)'));
    assert.ok(json.includes('2/7 vaihetta tehty'));
    assert.ok(json.includes('Opintopalvelut \\\\*tiimi\\\\*'), 'user text is escaped, not rendered as Markdown');
    assert.ok(json.includes('https://example.test/tab/'), 'links to the tab');
    assert.equal((reply as { summary?: string }).summary, `Liittymisen tilanne: ${INSTITUTION_A.nameFi}`);
    assert.ok(cardByteSize((reply as { card: unknown }).card) < MAX_CARD_BYTES);
  });

  it("speaks the asker's language and uses the knowledge-base article title when given", async () => {
    feature = createOnboardingFeature({
      ...env.deps,
      guidanceArticle: (id, lang) =>
        id === 'vaihe-1-kenelle' ? { title: `KB ${lang} title`, url: 'https://kb.example.test/1' } : undefined,
    });
    const [sv] = await run('läge', makeUser('InstitutionAdmin', { institutionId: INSTITUTION_A.id, lang: 'sv' }));
    const json = cardText(sv);
    assert.ok(json.includes('Nästa steg: 1. Målgrupper'));
    assert.ok(json.includes('[KB sv title](https://kb.example.test/1)'));
    assert.ok(json.includes(INSTITUTION_A.nameSv));
    const [en] = await run('status', makeUser('InstitutionAdmin', { institutionId: INSTITUTION_A.id, lang: 'en' }));
    assert.ok(cardText(en).includes('Next step: 1. Target groups'));
  });

  it('says when every step is done', async () => {
    await env.repository.applyChanges(
      INSTITUTION_A.id,
      { steps: [1, 2, 3, 4, 5, 6, 7].map((step) => ({ step, status: 'done' as const })) },
      { tenantId: 't', objectId: 'o', displayName: 'x' },
    );
    const json = cardText((await run('tilanne'))[0]);
    assert.ok(json.includes('Kaikki vaiheet on tehty'));
    assert.ok(!json.includes('Seuraava vaihe'));
  });

  it('tells an unmapped user how to get linked, without a card', async () => {
    const [reply] = await run('tilanne', makeUser('Participant', { institutionId: null }));
    assert.equal(reply!.kind, 'text');
    assert.match((reply as { text: string }).text, /ei ole vielä liitetty/);
  });

  describe('by name (fuzzy)', () => {
    beforeEach(async () => {
      await seedInstitutions(store);
    });

    it('ServiceOwnerAdmin asks for any institution by an inflected or misspelt name', async () => {
      for (const query of [
        'tilanne Pohjanlahden ammattikorkeakoulu',
        'tilanne pohjanlahti',
        'status Pohjanlahti University',
        'tilanne pohjanlahdn amk',
      ]) {
        const json = cardText((await run(query, people.admin))[0]);
        assert.ok(json.includes('Pohjanlahden ammattikorkeakoulu'), query);
      }
    });

    it('an ambiguous name gives "did you mean" buttons that show the chosen institution', async () => {
      const [reply] = await run('tilanne yliopisto', people.admin);
      const json = cardText(reply);
      assert.ok(json.includes('Tarkoititko'));
      const card = (reply as unknown as { card: { actions: Array<{ verb: string; data: { institutionId: string } }> } }).card;
      assert.ok(card.actions.length >= 2 && card.actions.length <= 3);
      assert.ok(card.actions.every((a) => a.verb === SHOW_STATUS_VERB));
      const action = feature.actions![0]!;
      const result = await action.run({
        ...makeTurn({ user: people.admin }),
        verb: SHOW_STATUS_VERB,
        value: { verb: SHOW_STATUS_VERB, institutionId: card.actions[0]!.data.institutionId },
      });
      assert.equal(result.kind, 'card');
    });

    it('a name that matches nothing gets a message that does not echo the input', async () => {
      const [reply] = await run('tilanne <script>banaani</script>', people.admin);
      assert.equal(reply!.kind, 'text');
      assert.ok(!(reply as { text: string }).text.includes('banaani'));
    });
  });

  it('the show action validates the id from the card', async () => {
    const action = feature.actions![0]!;
    const base = { ...makeTurn({ user: people.participant }), verb: SHOW_STATUS_VERB };
    await assert.rejects(
      action.run({ ...base, value: { institutionId: { $ne: null } } }),
      (e: unknown) => e instanceof AppError && e.code === 'VALIDATION',
    );
    await assert.rejects(
      action.run({ ...base, value: { institutionId: 'inst-nope' } }),
      (e: unknown) => e instanceof AppError && e.code === 'NOT_FOUND',
    );
    const ok = await action.run({ ...base, value: { institutionId: INSTITUTION_A.id } });
    assert.equal(ok.kind, 'card');
  });
});
