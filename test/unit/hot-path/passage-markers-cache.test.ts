/**
 * Issue 16, round 4: the answer and did-you-mean cards are cached per article (or suggestions) and number of
 * passages shown, with a marker per passage block, instead of per passage text — on varied questions most
 * passage choices were new and each was a fresh template expansion. Every card (or refusal) is exactly the
 * full expansion's, for any passage text and any question.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { MAX_CARD_BYTES } from '../../../bot/cards/card.js';
import {
  answerCard,
  answerCardData,
  answerTemplate,
  didYouMeanTemplate,
  expandedInFull,
  suggestCard,
  type AnswerCardInput,
} from '../../../bot/features/guidance/cards.js';
import type { AnswerText } from '../../../bot/features/guidance/answer-text.js';
import type { Article } from '../../../bot/features/guidance/kb-loader.js';
import { MAX_CARD_DATA_CHARS } from '../../../bot/features/guidance/question-input.js';
import { pageCatalog } from '../../../bot/features/guidance/source-pages.js';
import { LANGS } from '../../../bot/i18n/index.js';

const outcome = (build: () => unknown): string => {
  try {
    return JSON.stringify(build());
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
};

/** Passage blocks that could trip a marker: escapes, Markdown, odd characters, template and marker look-alikes, sizes. */
const BLOCKS = [
  'Hae ensin **TGT**, joka on voimassa 8 h.',
  '- Jos ST-pyyntö palauttaa 404, TGT on uusittava.\n- Lähetä `Caller-Id`.',
  'quotes " and \\ backslashes \\" tabs\tand newlines\r\n',
  'emoji 🎓, a lone surrogate \uD800, \u2028 line separator, control \u0001',
  '…',
  '',
  'a template-looking ${title} and ${top.blocks}',
  'the marker \uE000passage-block-0\uE000 and \uE000asker-question\uE000',
  'y'.repeat(Math.floor(MAX_CARD_BYTES / 2) - 2500),
];

const QUESTIONS = ['Kauanko TGT on voimassa?', 'quotes " \\ and ${title}', 'z'.repeat(MAX_CARD_DATA_CHARS), ''];

/** Every way of showing one to three of the blocks (in order), plus none. */
function blockChoices(): string[][] {
  const out: string[][] = [[]];
  for (let i = 0; i < BLOCKS.length; i++) {
    out.push([BLOCKS[i]!]);
    for (let j = i + 1; j < BLOCKS.length; j++) {
      out.push([BLOCKS[i]!, BLOCKS[j]!]);
      if (j + 1 < BLOCKS.length) out.push([BLOCKS[i]!, BLOCKS[j]!, BLOCKS[j + 1]!]);
    }
  }
  return out;
}

const pages = pageCatalog();
const article: Article = {
  id: 'cas-autentikaatio',
  lang: 'fi',
  title: 'Rajapintojen autentikaatio CAS:lla',
  sources: ['rajapintojen-autentikaatio', 'testaus-suppeat'],
  keywords: [],
  questions: [],
  updated: '2026-11-26',
  body: 'Hae ensin **TGT**.',
  file: 'fi/cas-autentikaatio.md',
};
/** The shown blocks of one article: its whole guide (every passage) is the same whatever is shown. */
const FULL = [...BLOCKS.slice(0, 4), 'Muu kappale.'];
const text = (blocks: string[]): AnswerText => ({ blocks, full: FULL, plain: blocks.join('\n') });

describe('issue 16: answer and did-you-mean cards with passage markers equal the full expansion', () => {
  it('answer card: every passage choice, question, language, band and flag gives the full expansion’s card or refusal', () => {
    let compared = 0;
    for (const blocks of blockChoices()) {
      for (const question of QUESTIONS) {
        for (const lang of LANGS) {
          for (const [band, masked, alternative] of [
            ['answer', false, null],
            ['suggest', true, { articleId: 'muu', title: 'Muu "artikkeli"' }],
          ] as const) {
            const input: AnswerCardInput = { lang, article, text: text(blocks), pages, question, band, masked, alternative };
            // Twice: the first call may fill the cache, the second reads it.
            for (let i = 0; i < 2; i++) assert.equal(outcome(() => answerCard(input)), outcome(() => answerTemplate.expand(answerCardData(input))), JSON.stringify({ blocks, question, lang, band }));
            compared += 1;
          }
        }
      }
    }
    assert.ok(compared > 1000, `${compared} cards compared`);
  });

  it('did-you-mean card: every passage choice and question gives the full expansion’s card or refusal', () => {
    const suggestions = [
      { articleId: 'a', title: 'Artikkeli A' },
      { articleId: 'b', title: 'Artikkeli "B"' },
    ];
    for (const blocks of blockChoices()) {
      for (const question of QUESTIONS) {
        for (const lang of LANGS) {
          const input = { lang, question, suggestions, passage: text(blocks), truncated: lang === 'sv' };
          for (let i = 0; i < 2; i++) assert.equal(outcome(() => suggestCard(input)), outcome(() => expandedInFull.suggest(input)), JSON.stringify({ blocks, question, lang }));
        }
      }
    }
  });

  it('different passages of the same number cost one template expansion, not one each', () => {
    const answers = sinon.spy(answerTemplate, 'expand');
    const didYouMean = sinon.spy(didYouMeanTemplate, 'expand');
    try {
      const unique = `Ainutkertainen ${Date.now()}`;
      const own: Article = { ...article, id: 'passage-marker-test', title: unique };
      for (let n = 0; n < 12; n++) {
        const blocks = [`Kohta ${n} **tärkeä**.`, `- lista ${n}\n- toinen`];
        answerCard({ lang: 'fi', article: own, text: text(blocks), pages, question: `kysymys ${n}`, band: 'answer' });
        suggestCard({ lang: 'fi', question: `kysymys ${n}`, suggestions: [{ articleId: 'x', title: unique }], passage: text(blocks) });
      }
      assert.equal(answers.callCount, 1, 'answer card expansions');
      assert.equal(didYouMean.callCount, 1, 'did-you-mean card expansions');
    } finally {
      answers.restore();
      didYouMean.restore();
    }
  });
});
