/**
 * Issue 16, round 3: the suggest, did-you-mean and unknown cards (every question that gets no answer card)
 * are expanded once per language, flags, suggestions and passage with markers where the asker's question
 * goes, and each asker's card is that JSON with the question put in — as shown (through userText) and as
 * carried in button data. The card is exactly the one the full template expansion gives, for any question.
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { MAX_CARD_BYTES } from '../../../bot/cards/card.js';
import {
  expandedInFull,
  suggestCard,
  suggestTemplate,
  unknownCard,
  unknownTemplate,
  didYouMeanTemplate,
} from '../../../bot/features/guidance/cards.js';
import { MAX_CARD_DATA_CHARS } from '../../../bot/features/guidance/question-input.js';
import { LANGS } from '../../../bot/i18n/index.js';
import type { AnswerText } from '../../../bot/features/guidance/answer-text.js';

const outcome = (build: () => unknown): string => {
  try {
    return JSON.stringify(build());
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
};

const QUESTIONS = [
  'Miten oppijanumero luodaan?',
  'Vad är ett studentnummer?',
  'How do we join? **bold** _it_ [link](https://evil.example) <b>x</b> # h',
  '- starts like a list\n1. and a numbered one\n== heading',
  'quotes " and \\ backslashes \\" and tabs\tand newlines\r\n',
  'emoji 🎓 and a lone surrogate \uD800 and \u2028 line separator',
  'control \u0001\u0007 characters',
  'a template-looking ${title} and ${askOph.data}',
  '${askOph.data}',
  'the marker itself \uE000asker-question-data\uE000 and \uE000asker-question-shown\uE000',
  'x'.repeat(MAX_CARD_DATA_CHARS + 50),
  '',
];

const passage = (blocks: string[]): AnswerText => ({ blocks, full: blocks.join('\n\n') }) as unknown as AnswerText;

const SUGGESTION_SETS = [
  [],
  [{ articleId: 'a', title: 'Artikkeli A' }],
  [
    { articleId: 'a', title: 'Artikkeli A' },
    { articleId: 'b', title: 'Artikkeli "B" (vanha)' },
    { articleId: 'c', title: 'Artikkeli C' },
    { articleId: 'd', title: 'never shown' },
  ],
];

describe('issue 16: suggest and unknown cards from cached JSON equal the full expansion', () => {
  it('every language, flag, suggestion set, passage and question gives the same card (or the same error)', () => {
    let compared = 0;
    for (const lang of LANGS) {
      for (const masked of [false, true]) {
        for (const truncated of [false, true]) {
          for (const question of QUESTIONS) {
            const unknownInput = { lang, question, masked, truncated };
            assert.equal(
              outcome(() => unknownCard(unknownInput)),
              outcome(() => expandedInFull.unknown(unknownInput)),
              JSON.stringify(unknownInput),
            );
            compared += 1;
            for (const suggestions of SUGGESTION_SETS) {
              for (const shown of [null, passage([]), passage(['Kohta **yksi**.', '- lista\n- toinen'])]) {
                const input = { lang, question, suggestions, passage: shown, masked, truncated };
                // Twice: the first call may fill the cache, the second reads it.
                for (let i = 0; i < 2; i++)
                  assert.equal(
                    outcome(() => suggestCard(input)),
                    outcome(() => expandedInFull.suggest(input)),
                    JSON.stringify(input),
                  );
                compared += 1;
              }
            }
          }
        }
      }
    }
    assert.equal(compared, LANGS.length * 4 * QUESTIONS.length * (1 + SUGGESTION_SETS.length * 3));
  });

  it('a card too large for Teams is refused the same way, and one that only the marker made too large still works', () => {
    const huge = passage(['y'.repeat(Math.floor(MAX_CARD_BYTES / 2) - 1500)]);
    const suggestions = [{ articleId: 'a', title: 'A' }];
    for (const question of ['short', 'z'.repeat(MAX_CARD_DATA_CHARS)]) {
      const input = { lang: 'fi' as const, question, suggestions, passage: huge };
      assert.equal(
        outcome(() => suggestCard(input)),
        outcome(() => expandedInFull.suggest(input)),
      );
    }
    assert.match(
      outcome(() => suggestCard({ lang: 'fi', question: 'z'.repeat(MAX_CARD_DATA_CHARS), suggestions, passage: huge })),
      /CARD_TOO_LARGE|card is \d+ bytes/,
    );
  });

  it('the template is expanded once per card kind and inputs, not once per asker', () => {
    const expansions = [
      sinon.spy(suggestTemplate, 'expand'),
      sinon.spy(didYouMeanTemplate, 'expand'),
      sinon.spy(unknownTemplate, 'expand'),
    ];
    try {
      const suggestions = [{ articleId: 'cache-test', title: `Unique ${Date.now()}` }];
      const shown = passage([`Stycke ${Date.now()}`]);
      for (let asker = 0; asker < 20; asker++) {
        suggestCard({ lang: 'sv', question: `fråga nummer ${asker}`, suggestions, passage: shown });
        suggestCard({ lang: 'sv', question: `fråga nummer ${asker}`, suggestions });
        unknownCard({ lang: 'en', question: `question ${asker}`, masked: asker % 2 === 0 });
      }
      const [suggest, didYouMean, unknown] = expansions.map((spy) => spy.callCount);
      assert.equal(didYouMean, 1);
      assert.equal(suggest, 1);
      assert.ok(unknown! <= 2, `unknown card expanded ${unknown} times for 20 askers (at most once per flag set)`);
    } finally {
      expansions.forEach((spy) => spy.restore());
    }
  });
});
