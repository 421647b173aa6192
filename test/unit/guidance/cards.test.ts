import assert from 'node:assert/strict';
import { cardByteSize, MAX_CARD_BYTES, type AdaptiveCard } from '../../../bot/cards/card.js';
import { LANGS } from '../../../bot/i18n/index.js';
import { buildAnswerText } from '../../../bot/features/guidance/answer-text.js';
import { Analyzer } from '../../../bot/features/guidance/analyzer.js';
import {
  answerCard,
  reloadProblemsCard,
  suggestCard,
  unknownCard,
  VERB_ASK_OPH,
  VERB_SHOW,
  VERB_VOTE,
  type ShowData,
} from '../../../bot/features/guidance/cards.js';
import { guidanceText } from '../../../bot/features/guidance/i18n.js';
import type { Article } from '../../../bot/features/guidance/kb-loader.js';
import { pageCatalog } from '../../../bot/features/guidance/source-pages.js';

/** Every Action (in card actions and in ActionSets) of a card, flattened. */
function actionsOf(card: AdaptiveCard): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [...(card.actions ?? [])];
  const walk = (elements: unknown[]) => {
    for (const element of elements as Array<Record<string, unknown>>) {
      if (element.type === 'ActionSet') out.push(...(element.actions as Array<Record<string, unknown>>));
      if (Array.isArray(element.items)) walk(element.items);
    }
  };
  walk(card.body);
  return out;
}
const texts = (card: AdaptiveCard) => card.body.filter((e) => e.type === 'TextBlock').map((e) => String(e.text));

const pages = pageCatalog();
const article: Article = {
  id: 'cas-autentikaatio',
  lang: 'fi',
  title: 'Rajapintojen autentikaatio CAS:lla',
  sources: ['rajapintojen-autentikaatio', 'testaus-suppeat'],
  keywords: [],
  questions: [],
  updated: '2026-11-26',
  body: 'Hae ensin **TGT**, joka on voimassa 8 h.\n\n- Jos ST-pyyntö palauttaa 404, TGT on uusittava.\n- Lähetä `Caller-Id`.\n\nOppija controller -rajapinnasta erillinen kappale.',
  file: 'fi/cas-autentikaatio.md',
};
const analyzer = new Analyzer([{ lang: 'fi', text: article.body }]);

describe('guidance answer cards', () => {
  it('answer card: title, lead paragraph and bullets, one list of source links, vote and ask-OPH buttons with the agreed data', () => {
    const text = buildAnswerText(article.body, 'fi', analyzer);
    const card = answerCard({ lang: 'fi', article, text, pages, question: 'Kauanko TGT on voimassa?', band: 'answer' });
    const body = texts(card);
    assert.equal(body[0], 'Rajapintojen autentikaatio CAS:lla');
    assert.ok(body.some((t) => t.includes('voimassa 8 h')));
    assert.ok(body.some((t) => t.includes('- Jos ST-pyyntö palauttaa 404')));
    assert.ok(!body.some((t) => t.includes('`')), 'code marks are not rendered by Teams, so they are dropped');
    assert.ok(!body.some((t) => t.includes('Oppija controller')), 'a later block joins only when it matches the question');

    const actions = actionsOf(card);
    // Issue 15 item 16: one "Lähteet" list of links instead of a clipped "Lue lisää: …" button per page.
    assert.ok(!actions.some((a) => a.type === 'Action.OpenUrl'), 'no "Lue lisää" buttons');
    const sources = body.indexOf('Lähteet');
    assert.ok(sources > 0, 'a "Lähteet" label');
    assert.equal(
      body[sources + 1],
      [
        `- [Rajapintojen autentikaatio](${pages.get('rajapintojen-autentikaatio')?.url})`,
        `- [Oppijanumeropalvelun testaus (suppeat tiedot)](${pages.get('testaus-suppeat')?.url})`,
      ].join('\n'),
    );
    const votes = actions.filter((a) => a.verb === VERB_VOTE);
    assert.deepEqual(
      votes.map((a) => a.data),
      [
        { verb: VERB_VOTE, vote: 'up', articleId: 'cas-autentikaatio', band: 'answer', question: 'Kauanko TGT on voimassa?' },
        { verb: VERB_VOTE, vote: 'down', articleId: 'cas-autentikaatio', band: 'answer', question: 'Kauanko TGT on voimassa?' },
      ],
    );
    const ask = actions.find((a) => a.verb === VERB_ASK_OPH);
    assert.deepEqual(ask?.data, { verb: VERB_ASK_OPH, question: 'Kauanko TGT on voimassa?', articleId: 'cas-autentikaatio' });
    assert.ok(
      actions.every((a) => a.type !== 'Action.Execute' || a.title),
      'every button has a label',
    );
    assert.equal(card.version, '1.5');
  });

  it('adds a later block of the article when the question is about it', () => {
    const text = buildAnswerText(article.body, 'fi', analyzer, 'oppija controller');
    assert.ok(text.plain.includes('Oppija controller'));
    assert.ok(!text.plain.includes('**'), 'plain text has no Markdown emphasis');
  });

  it('offers a close runner-up as "see also"', () => {
    const text = buildAnswerText(article.body, 'fi', analyzer);
    const card = answerCard({
      lang: 'fi',
      article,
      text,
      pages,
      question: 'q',
      band: 'answer',
      alternative: { articleId: 'testitunnus', title: 'Testitunnukset' },
    });
    const seeAlso = actionsOf(card).find((a) => a.verb === VERB_SHOW);
    assert.equal(seeAlso?.title, 'Katso myös: Testitunnukset');
    assert.deepEqual(seeAlso?.data, { verb: VERB_SHOW, articleId: 'testitunnus', lang: 'fi', question: 'q' });
  });

  it('suggest card: the top three titles as guidance.show buttons, customer service and ask-OPH', () => {
    const suggestions = [
      { articleId: 'a', title: 'Artikkeli A' },
      { articleId: 'b', title: 'Artikkeli B' },
      { articleId: 'c', title: 'Artikkeli C' },
      { articleId: 'd', title: 'Artikkeli D' },
    ];
    const card = suggestCard({ lang: 'sv', question: 'fråga', suggestions });
    const shows = actionsOf(card).filter((a) => a.verb === VERB_SHOW);
    assert.deepEqual(
      shows.map((a) => a.title),
      ['Artikkeli A', 'Artikkeli B', 'Artikkeli C'],
    );
    assert.deepEqual(shows[0]?.data, { verb: VERB_SHOW, articleId: 'a', lang: 'sv', question: 'fråga' });
    assert.ok(texts(card).some((t) => t.includes('yhteisetpalvelut@opintopolku.fi')));
    assert.deepEqual(actionsOf(card).find((a) => a.verb === VERB_ASK_OPH)?.data, { verb: VERB_ASK_OPH, question: 'fråga' });
  });

  it('answer card: the matching passage first and the whole guide behind "Näytä koko ohje" (Action.ShowCard)', () => {
    const text = buildAnswerText(article.body, 'fi', analyzer, 'mikä on oppija controller');
    const card = answerCard({ lang: 'fi', article, text, pages, question: 'mikä on oppija controller', band: 'answer' });
    assert.deepEqual(texts(card).slice(0, 2), ['Rajapintojen autentikaatio CAS:lla', 'Oppija controller -rajapinnasta erillinen kappale.']);
    const whole = actionsOf(card).find((a) => a.type === 'Action.ShowCard');
    assert.equal(whole?.title, 'Näytä koko ohje');
    const hidden = ((whole?.card as AdaptiveCard).body ?? []).map((e) => String(e.text));
    assert.equal(hidden.length, 3, 'the whole article, every passage');
    assert.ok(hidden[0]?.startsWith('Hae ensin **TGT**'));
    // Without more than what is shown, no toggle.
    const lead = buildAnswerText('Yksi kappale.', 'fi', analyzer, 'kappale');
    assert.ok(
      !actionsOf(answerCard({ lang: 'fi', article, text: lead, pages, question: 'q', band: 'answer' })).some(
        (a) => a.type === 'Action.ShowCard',
      ),
    );
  });

  it('suggest card with a passage: "Tarkoititko tätä?", the top candidate\'s passage shown, the next two as buttons', () => {
    const suggestions = [
      { articleId: 'a', title: 'Artikkeli A' },
      { articleId: 'b', title: 'Artikkeli B' },
      { articleId: 'c', title: 'Artikkeli C' },
    ];
    const passage = buildAnswerText(article.body, 'fi', analyzer, 'ST-pyyntö palauttaa 404');
    for (const lang of LANGS) {
      const card = suggestCard({ lang, question: 'ST 404?', suggestions, passage });
      assert.equal(texts(card)[0], guidanceText[lang].didYouMean);
      assert.ok(
        texts(card).some((t) => t.includes('Jos ST-pyyntö palauttaa 404')),
        'the passage is on the card itself',
      );
      const shows = actionsOf(card).filter((a) => a.verb === VERB_SHOW);
      assert.deepEqual(
        shows.map((a) => [a.title, (a.data as ShowData).articleId]),
        [
          [guidanceText[lang].showWholeGuide, 'a'],
          ['Artikkeli B', 'b'],
          ['Artikkeli C', 'c'],
        ],
      );
      assert.ok(actionsOf(card).some((a) => a.verb === VERB_ASK_OPH));
    }
  });

  it('unknown card: an honest "I don\'t know", the customer-service address and ask-OPH, in every language', () => {
    for (const lang of LANGS) {
      const card = unknownCard({ lang, question: 'Wilma?' });
      assert.equal(texts(card)[0], guidanceText[lang].unknownTitle);
      assert.ok(
        texts(card).some((t) => t.includes('yhteisetpalvelut@opintopolku.fi')),
        lang,
      );
      const actions = actionsOf(card);
      assert.ok(actions.some((a) => a.verb === VERB_ASK_OPH));
      assert.ok(actions.some((a) => a.url === 'mailto:yhteisetpalvelut@opintopolku.fi'));
    }
  });

  it('echoes the question only through userText(): Markdown and links are never rendered', () => {
    const hostile = '# Otsikko [klikkaa](https://evil.example) **lihava** <script>alert(1)</script>';
    for (const card of [unknownCard({ lang: 'fi', question: hostile }), suggestCard({ lang: 'fi', question: hostile, suggestions: [] })]) {
      const echo = texts(card).find((t) => t.startsWith('Kysymyksesi:'));
      assert.ok(echo);
      assert.ok(echo.includes('\\[klikkaa\\]\\(https://evil.example\\)'));
      assert.ok(echo.includes('\\*\\*lihava\\*\\*'));
      assert.ok(echo.includes('\\<script\\>'));
    }
  });

  it('tells the user when a personal identity code was masked', () => {
    const card = unknownCard({ lang: 'en', question: 'x', masked: true });
    assert.ok(texts(card).includes(guidanceText.en.maskedNotice));
  });

  it('stays under the 28 KB card limit with the longest question the card data carries', () => {
    const longQuestion = 'pitkä kysymys '.repeat(400);
    const text = buildAnswerText(`${'Pitkä kappale. '.repeat(150)}\n\n${'- kohta\n'.repeat(40)}`, 'fi', analyzer);
    const card = answerCard({ lang: 'fi', article, text, pages, question: longQuestion, band: 'answer' });
    assert.ok(cardByteSize(card) < MAX_CARD_BYTES);
    // The whole guide rides along behind the ShowCard: the longest real article must fit too.
    const longest = buildAnswerText(`${'Pitkä kappale. '.repeat(150)}\n\n`.repeat(6), 'fi', analyzer, 'kappale');
    const full = answerCard({ lang: 'fi', article, text: longest, pages, question: longQuestion, band: 'answer' });
    assert.ok(cardByteSize(full) < MAX_CARD_BYTES, `${cardByteSize(full)} bytes`);
    const vote = actionsOf(card).find((a) => a.verb === VERB_VOTE);
    assert.ok(String((vote?.data as Record<string, unknown>).question).length <= 501);
  });

  it('lists KB problems for the admin, capped', () => {
    const problems = Array.from({ length: 40 }, (_, i) => `fi/a${i}.md: empty body`);
    const card = reloadProblemsCard('fi', problems);
    assert.ok(texts(card).some((t) => t.includes('40')));
    assert.ok(texts(card).some((t) => t.includes('15 muuta')));
  });
});

describe('guidance answer text', () => {
  const analyzer = new Analyzer([]);
  it('cuts an over-long article paragraph so the card stays under the limit', () => {
    const text = buildAnswerText('sana '.repeat(10_000), 'fi', analyzer);
    assert.ok(text.plain.length <= 2_401);
    assert.ok(text.plain.endsWith('…'));
  });
  it('shows the passage that matches the question first, keeps the whole article, and returns a copy the caller owns', () => {
    const body = 'Johdanto oppijanumerosta.\n\nToinen kappale.\n\nRajapinnan `GET /hae` palauttaa oppijanumeron.';
    const first = buildAnswerText(body, 'fi', analyzer, 'Mitä rajapinta palauttaa?');
    assert.deepEqual(first.blocks, ['Rajapinnan GET /hae palauttaa oppijanumeron.']);
    assert.deepEqual(first.full, ['Johdanto oppijanumerosta.', 'Toinen kappale.', 'Rajapinnan GET /hae palauttaa oppijanumeron.']);
    first.blocks.push('changed by the caller');
    const again = buildAnswerText(body, 'fi', analyzer, 'Mitä rajapinta palauttaa?');
    assert.deepEqual(again.blocks, ['Rajapinnan GET /hae palauttaa oppijanumeron.']);
    assert.deepEqual(buildAnswerText(body, 'fi', analyzer).blocks, ['Johdanto oppijanumerosta.'], 'without a question: the lead');
  });
  it('takes a label followed by a list as the bullets of the lead', () => {
    const text = buildAnswerText('Johdanto.\n\nYleistunniste:\n- GET /hae\n- PUT /yleistunniste\n\nMuuta.', 'fi', analyzer);
    assert.deepEqual(text.blocks, ['Johdanto.', 'Yleistunniste:\n- GET /hae\n- PUT /yleistunniste']);
  });
});
