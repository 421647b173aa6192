/**
 * Issue 14 §1: the guidance answer cards come from templates (bot/features/guidance/cards/*.json). Edge
 * data — empty lists, the longest texts the cards accept, Swedish and English — expands into cards the
 * official parser accepts within 28 KB. Also issue 15 item 16: one "Lähteet" list instead of a button per source.
 */
import assert from 'node:assert/strict';
import { LANGS } from '../../../bot/i18n/index.js';
import { Analyzer } from '../../../bot/features/guidance/analyzer.js';
import { buildAnswerText } from '../../../bot/features/guidance/answer-text.js';
import {
  answerCard,
  answerCardData,
  answerTemplate,
  reloadProblemsCard,
  sourcesOf,
  suggestCard,
  unknownCard,
  VERB_ASK_OPH,
} from '../../../bot/features/guidance/cards.js';
import { guidanceText } from '../../../bot/features/guidance/i18n.js';
import type { Article } from '../../../bot/features/guidance/kb-loader.js';
import { MAX_STORED_CHARS } from '../../../bot/features/guidance/question-input.js';
import { pageCatalog } from '../../../bot/features/guidance/source-pages.js';
import type { AdaptiveCard } from '../../../bot/cards/card.js';
import { assertValidCard, cardStrings, worstText } from '../../helpers/card-edge.js';

const pages = pageCatalog();
const analyzer = new Analyzer([]);
const article = (overrides: Partial<Article> = {}): Article => ({
  id: 'cas-autentikaatio',
  lang: 'fi',
  title: 'Rajapintojen autentikaatio CAS:lla',
  sources: ['rajapintojen-autentikaatio', 'testaus-suppeat'],
  keywords: [],
  questions: [],
  updated: '2026-11-26',
  body: 'Hae ensin TGT.\n\nSitten ST.\n\nOppija controller.',
  file: 'fi/cas-autentikaatio.md',
  ...overrides,
});
const longestQuestion = `${worstText(MAX_STORED_CHARS)}…`;
const longestArticle = `${'Pitkä kappale, jossa on **lihavointia** ja [linkki](https://wiki.eduuni.fi/x). '.repeat(40)}\n\n`.repeat(8);
const actionsOf = (card: AdaptiveCard) =>
  JSON.stringify(card)
    .match(/"type":"Action\.[A-Za-z]+"/g)
    ?.map((m) => m.slice(8, -1)) ?? [];

describe('guidance card templates with edge data (issue 14 §1)', () => {
  it('answer card: every language, no sources, no alternative, no whole guide — and the longest article and question', () => {
    for (const lang of LANGS) {
      const short = answerCard({
        lang,
        article: article({ sources: [] }),
        text: buildAnswerText('Yksi kappale.', lang, analyzer),
        pages,
        question: '',
        band: 'answer',
      });
      assertValidCard(short, `${lang} minimal answer`);
      assert.ok(!cardStrings(short).includes(guidanceText[lang].sourcesLabel), 'no sources label without sources');
      const longest = answerCard({
        lang,
        article: article({ title: worstText(200) }),
        text: buildAnswerText(longestArticle, lang, analyzer, 'kappale'),
        pages,
        question: longestQuestion,
        band: 'suggest',
        alternative: { articleId: 'testitunnukset', title: worstText(200) },
        masked: true,
        truncated: true,
      });
      assertValidCard(longest, `${lang} longest answer`);
    }
  });

  it('answer card lists the sources once under "Lähteet"/"Källor"/"Sources" as links, with no "Read more" buttons', () => {
    for (const lang of LANGS) {
      const card = answerCard({
        lang,
        article: article(),
        text: buildAnswerText('Yksi.\n\nKaksi.', lang, analyzer),
        pages,
        question: 'q',
        band: 'answer',
      });
      const strings = cardStrings(card);
      const label = strings.indexOf(guidanceText[lang].sourcesLabel);
      assert.ok(label >= 0, lang);
      const list = strings.find((s) => s.startsWith('- ['));
      assert.ok(list?.includes(`](${pages.get('rajapintojen-autentikaatio')!.url})`), list);
      assert.equal(list?.split('\n').length, 2, 'one line per source page');
      assert.ok(!actionsOf(card).includes('Action.OpenUrl'), `${lang}: no per-source buttons`);
      assert.deepEqual(actionsOf(card).filter((a) => a === 'Action.Execute').length, 3, 'votes and Kysy OPH:lta stay');
      assert.ok(actionsOf(card).includes('Action.ShowCard'), '"Näytä koko ohje" stays');
    }
  });

  it('answer cards reused across askers are exactly the card expanded for each asker, question and all', () => {
    const shared = article();
    const questions = [
      'Kauanko TGT on voimassa?',
      'lainaus " ja kenoviiva \\ ja ${title}',
      '\uE000asker-question\uE000',
      'rivi\nvaihto',
      '',
      worstText(600),
    ];
    for (const lang of LANGS) {
      for (const [i, question] of questions.entries()) {
        const input = {
          lang,
          article: shared,
          text: buildAnswerText(i % 2 ? 'Yksi.\n\nKaksi.' : 'Yksi.', lang, analyzer, i % 3 ? 'kaksi' : undefined),
          pages,
          question,
          band: i % 2 ? ('suggest' as const) : ('answer' as const),
          alternative: i % 3 ? null : { articleId: 'testitunnukset', title: 'Testitunnukset' },
          masked: i === 1,
        };
        assert.deepEqual(answerCard(input), answerTemplate.expand(answerCardData(input)), `${lang} #${i}`);
      }
    }
    // A card handed out is the caller's: changing it does not change the next asker's.
    const input = {
      lang: 'fi' as const,
      article: shared,
      text: buildAnswerText('Yksi.', 'fi', analyzer),
      pages,
      question: 'q',
      band: 'answer' as const,
    };
    answerCard(input).body.push({ type: 'TextBlock', text: 'lisätty' });
    assert.deepEqual(answerCard(input), answerTemplate.expand(answerCardData(input)));
  });

  it('builds the sources list once per article and language, and afresh for a reloaded article', () => {
    const first = article();
    assert.equal(sourcesOf(first, pages, 'fi'), sourcesOf(first, pages, 'fi'), 'reused for the next asker');
    assert.notEqual(sourcesOf(first, pages, 'fi'), sourcesOf(first, pages, 'sv'));
    const reloaded = article({ sources: ['rajapintojen-autentikaatio'] });
    assert.equal(sourcesOf(reloaded, pages, 'fi')?.list.split('\n').length, 1);
    assert.equal(sourcesOf(article({ sources: ['no-such-page'] }), pages, 'fi'), undefined);
  });

  it('escapes link syntax in a source title so a catalogue title cannot break the list', () => {
    const odd = new Map([['x', { key: 'x', title: 'Ohje [beta]', url: 'https://wiki.eduuni.fi/a (b)' }]]);
    const list = sourcesOf(article({ sources: ['x'] }), odd, 'en')?.list;
    assert.equal(list, '- [Ohje \\[beta\\]](https://wiki.eduuni.fi/a%20%28b%29)');
  });

  it('suggest and did-you-mean cards: no suggestions, one, three; the longest question; every language', () => {
    const suggestion = (i: number) => ({ articleId: `artikkeli-${i}`, title: worstText(200) });
    for (const lang of LANGS) {
      for (const count of [0, 1, 3]) {
        const suggestions = Array.from({ length: count }, (_, i) => suggestion(i));
        const plain = suggestCard({ lang, question: longestQuestion, suggestions, masked: true, truncated: true });
        assertValidCard(plain, `${lang} suggest ${count}`);
        const passage = buildAnswerText(longestArticle, lang, analyzer, 'kappale');
        const withPassage = suggestCard({ lang, question: longestQuestion, suggestions, passage });
        assertValidCard(withPassage, `${lang} did-you-mean ${count}`);
      }
    }
  });

  it('unknown and reload-problems cards: every language, the longest question, no problems and many', () => {
    for (const lang of LANGS) {
      assertValidCard(unknownCard({ lang, question: longestQuestion, masked: true, truncated: true }), `${lang} unknown`);
      assertValidCard(reloadProblemsCard(lang, []), `${lang} no problems`);
      assertValidCard(
        reloadProblemsCard(
          lang,
          Array.from({ length: 200 }, () => worstText(300)),
        ),
        `${lang} many problems`,
      );
    }
  });

  it('carries a question that contains template syntax verbatim in the button data instead of failing', () => {
    const question = 'Miksi ${oid} ja ${title} puuttuvat vastauksesta?';
    const card = unknownCard({ lang: 'fi', question });
    const ask = JSON.parse(JSON.stringify(card))
      .body.at(-1)
      .actions.find((a: { verb: string }) => a.verb === VERB_ASK_OPH);
    assert.equal(ask.data.question, question);
    const shown = cardStrings(card).find((s) => s.startsWith('Kysymyksesi:'));
    assert.ok(shown && !shown.includes('${'), 'the echoed question is escaped');
  });
});
