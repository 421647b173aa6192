/**
 * Issue 15 item 15 (Swedish): a Swedish reader meets Utbildningsstyrelsen (UBS), not the Finnish
 * abbreviation OPH, and one name for the yleistunniste interface everywhere — the glossary's
 * "gränssnittet för allmän identifierare" (shared/reference/guidance-facts.md, G).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { coreText } from '../../../bot/i18n/core.js';
import { announcementText } from '../../../bot/features/announcements/i18n.js';
import { feedbackText } from '../../../bot/features/feedback/i18n.js';
import { onboardingText } from '../../../bot/features/onboarding/i18n.js';
import { lookupText } from '../../../bot/features/lookup/i18n.js';
import { guidanceText } from '../../../bot/features/guidance/i18n.js';
import { escalationText } from '../../../bot/features/guidance/escalation/i18n.js';
import { membershipText } from '../../../bot/features/membership/i18n.js';
import { composeText } from '../../../bot/features/guidance-compose/i18n.js';
import { uiText } from '../../../tab/src/i18n.js';
import { pagesCatalog } from '../../../tab/src/i18n-pages.js';
import { membersText } from '../../../tab/src/i18n-members.js';

const SWEDISH_CATALOGS = {
  coreText,
  announcementText,
  feedbackText,
  onboardingText,
  lookupText,
  guidanceText,
  escalationText,
  membershipText,
  composeText,
  uiText,
  pagesCatalog,
  membersText,
};

/** Every Swedish sentence of a catalog; messages with parameters are called with neutral values. */
function swedishTexts(): Array<{ key: string; text: string }> {
  const out: Array<{ key: string; text: string }> = [];
  for (const [name, catalog] of Object.entries(SWEDISH_CATALOGS)) {
    for (const [key, message] of Object.entries(catalog.sv as Record<string, unknown>)) {
      const text = typeof message === 'function' ? String((message as (...args: unknown[]) => unknown)('X', 2, 'Y', 3)) : String(message);
      out.push({ key: `${name}.sv.${key}`, text });
    }
  }
  return out;
}

describe('Swedish terms (issue 15 item 15)', () => {
  it('the Swedish catalogs of bot and tab never say "OPH" where a Swedish reader expects Utbildningsstyrelsen (UBS)', () => {
    const texts = swedishTexts();
    assert.ok(texts.length > 300, `read ${texts.length} Swedish texts`);
    const withOph = texts.filter(({ text }) => /\bOPH\b/.test(text)).map(({ key }) => key);
    assert.deepEqual(withOph, []);
  });

  it('the yleistunniste interface has one Swedish name: "gränssnittet för allmän identifierare"', () => {
    const named = swedishTexts().filter(({ text }) => /yleistunniste|allmän identifierare/i.test(text));
    assert.ok(named.length >= 4, 'the interface is named in several catalogs');
    for (const { key, text } of named) {
      // The Finnish word may only stand as a command or as the question about the concept itself.
      if (/Vad är allmän identifierare\?/.test(text)) continue;
      assert.match(text, /[Gg]ränssnittet för allmän identifierare/, key);
      assert.doesNotMatch(text, /[Gg]ränssnittet yleistunniste|yleistunniste \(allmän|\(yleistunniste\)/, key);
    }
    assert.equal(onboardingText.sv.route_yleistunniste, 'Gränssnittet för allmän identifierare');
    assert.equal(feedbackText.sv.topicYleistunniste, 'Gränssnittet för allmän identifierare');
    assert.equal(announcementText.sv.interfaceYleistunniste, 'gränssnittet för allmän identifierare');
  });

  it('the Swedish guidance says test accounts are ordered from UBS ("beställs hos UBS"), not "av OPH"', () => {
    const dir = path.resolve('kb/sv');
    const testAccount = fs.readFileSync(path.join(dir, 'testitunnus.md'), 'utf8');
    assert.match(testAccount, /beställs hos UBS/);
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      assert.doesNotMatch(text, /(beställs|begäras|beställer det) av OPH/, file);
    }
  });
});
