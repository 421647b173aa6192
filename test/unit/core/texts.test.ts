/** Issue 15 item 15: text fixes the walk through every role found, and counts by plural rules. */
import assert from 'node:assert/strict';
import { coreText } from '../../../bot/i18n/core.js';
import { countOf } from '../../../bot/i18n/plural.js';
import { escalationText } from '../../../bot/features/guidance/escalation/i18n.js';
import { announcementText } from '../../../bot/features/announcements/i18n.js';
import { pagesCatalog as pagesText } from '../../../tab/src/i18n-pages.js';

describe('texts (issue 15 item 15)', () => {
  it('the Finnish welcome speaks to the reader', () => {
    assert.match(coreText.fi.welcomeBody, /Sait tämän viestin, koska minut lisättiin/);
    assert.doesNotMatch(coreText.fi.welcomeBody, /Sain viestin/);
  });

  it('the tab says "Palautteet ja virheilmoitukset" and "Lähetysyrityksiä"', () => {
    assert.match(pagesText.fi.feedbackIntro, /Palautteet ja virheilmoitukset näkevät/);
    assert.equal(pagesText.fi.colAttempts, 'Lähetysyrityksiä');
  });

  it('a question closed in a personal chat is not said to be closed "in this channel"; one customer service name in English', () => {
    for (const lang of ['fi', 'sv', 'en'] as const) assert.doesNotMatch(escalationText[lang].closedBody, /kanavassa|kanalen|channel/);
    assert.match(escalationText.en.closedBody, /Opintopolku customer service/);
  });

  it('counts follow the language\'s plural rules: "1 vastaamaton kysymys", "1 recipient", "1 place"', () => {
    assert.equal(countOf('fi', 1, { one: 'kohde', other: 'kohdetta' }), '1 kohde');
    assert.equal(countOf('fi', 2, { one: 'kohde', other: 'kohdetta' }), '2 kohdetta');
    assert.equal(countOf('en', 0, { one: 'place', other: 'places' }), '0 places');
    assert.match(pagesText.fi.gapsCounts(1, 1), /^1 vastaamaton kysymys · 1 vastaus ilman apua$/);
    assert.match(pagesText.en.gapsCounts(1, 2), /^1 unanswered question · 2 answers that did not help$/);
    assert.match(announcementText.en.publishing(1), /^Sending started: 1 recipient\./);
    assert.match(announcementText.en.retracted(1), /removed from 1 place\.$/);
  });

  it('the expert is told which language to answer in', () => {
    assert.match(escalationText.fi.answerPlaceholder('suomi'), /kysyjän kielellä \(suomi\)/);
  });
});
