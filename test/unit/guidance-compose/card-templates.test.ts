/**
 * Issue 14 §1: the compose-box cards come from templates (bot/features/guidance-compose/cards/*.json).
 * Edge data — no passage or pages, the most the card shows, Swedish and English — expands into cards the
 * official parser accepts within 28 KB.
 */
import assert from 'node:assert/strict';
import { LANGS } from '../../../bot/i18n/index.js';
import { insertedAnswerCard, pageCard } from '../../../bot/features/guidance-compose/cards.js';
import { assertValidCard, worstText } from '../../helpers/card-edge.js';

const page = (i: number) => ({ key: `sivu-${i}`, title: worstText(200), url: `https://wiki.eduuni.fi/pages/viewpage.action?pageId=${i}` });

describe('compose card templates with edge data (issue 14 §1)', () => {
  it('inserted answer: no pages and no passage, and the most it shows (three passages, three links)', () => {
    for (const lang of LANGS) {
      const bare = insertedAnswerCard({ articleId: 'a', lang, title: 'Otsikko', blocks: [], pages: [] });
      assertValidCard(bare, `${lang} bare`);
      assert.equal(bare.actions, undefined, 'no empty action list');
      const full = insertedAnswerCard({
        articleId: 'a',
        lang,
        title: worstText(200),
        blocks: Array.from({ length: 5 }, () => 'Pitkä kappale ohjeesta. '.repeat(100)),
        pages: Array.from({ length: 5 }, (_, i) => page(i)),
      });
      assertValidCard(full, `${lang} full`);
      assert.equal(full.actions?.length, 3, 'three source links at most');
    }
  });

  it('unfurled page: with and without a summary', () => {
    for (const lang of LANGS) {
      assertValidCard(pageCard(page(1), null, lang), `${lang} no summary`);
      assertValidCard(pageCard(page(1), [], lang), `${lang} empty summary`);
      assertValidCard(
        pageCard(
          page(1),
          Array.from({ length: 4 }, () => 'Tiivistelmä. '.repeat(200)),
          lang,
        ),
        `${lang} summary`,
      );
    }
  });
});
