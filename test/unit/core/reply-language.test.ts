import assert from 'node:assert/strict';
import {
  COMMAND_LANGUAGE,
  SHARED_COMMAND_WORDS,
  commandLanguage,
  languageOfCardData,
  languageOfText,
} from '../../../bot/i18n/reply-language.js';
import { HELP_COMMANDS } from '../../../bot/features/help/index.js';
import { FEEDBACK_FORM_COMMANDS, FEEDBACK_LIST_COMMANDS } from '../../../bot/features/feedback/index.js';
import { LOOKUP_COMMANDS, TEST_IDS_COMMANDS } from '../../../bot/features/lookup/feature.js';
import { ANNOUNCEMENT_FORM_COMMANDS, ANNOUNCEMENT_LIST_COMMANDS } from '../../../bot/features/announcements/index.js';
import { STATUS_COMMANDS } from '../../../bot/features/onboarding/index.js';
import { RELOAD_COMMANDS } from '../../../bot/features/guidance/feature.js';
import { GAPS_COMMANDS, MY_QUESTIONS_COMMANDS } from '../../../bot/features/guidance/escalation/verbs.js';

describe('reply language of a typed message (issue 15 item 1)', () => {
  it('knows the language of every command a feature registers (or knows it is shared)', () => {
    const all = [
      ...HELP_COMMANDS,
      ...FEEDBACK_FORM_COMMANDS,
      ...FEEDBACK_LIST_COMMANDS,
      ...LOOKUP_COMMANDS,
      ...TEST_IDS_COMMANDS,
      ...ANNOUNCEMENT_FORM_COMMANDS,
      ...ANNOUNCEMENT_LIST_COMMANDS,
      ...STATUS_COMMANDS,
      ...RELOAD_COMMANDS,
      ...GAPS_COMMANDS,
      ...MY_QUESTIONS_COMMANDS,
    ];
    const unknown = all.filter((name) => !(name in COMMAND_LANGUAGE) && !SHARED_COMMAND_WORDS.includes(name));
    assert.deepEqual(unknown, []);
  });

  it('a command word decides, whatever the locale; the longest phrase wins', () => {
    assert.equal(commandLanguage('apua'), 'fi');
    assert.equal(commandLanguage('Palaute'), 'fi');
    assert.equal(commandLanguage('omat kysymykseni'), 'fi');
    assert.equal(commandLanguage('tilanne Aalto'), 'fi');
    assert.equal(commandLanguage('mina frågor'), 'sv');
    assert.equal(commandLanguage('test lookup'), 'en');
    assert.equal(commandLanguage('status'), null);
    assert.equal(commandLanguage('apuaa'), null);
    assert.equal(languageOfText('apua', 'en'), 'fi');
    assert.equal(
      languageOfText('tilanne', 'en', () => 'en'),
      'fi',
    );
  });

  it('other text goes to the detector without the locale; text that reads the same in every language follows the locale', () => {
    const calls: Array<string | undefined> = [];
    const finnish = (_text: string, hint?: 'fi' | 'sv' | 'en') => {
      calls.push(hint);
      return 'fi' as const;
    };
    assert.equal(languageOfText('mikä on yleistunniste?', 'en', finnish), 'fi');
    assert.ok(calls.includes(undefined), 'asked once without the locale');
    const undecided = (_text: string, hint?: 'fi' | 'sv' | 'en') => hint ?? 'fi';
    assert.equal(languageOfText('Peppi', 'sv', undecided), 'sv');
    assert.equal(languageOfText('', 'en', finnish), 'en');
    assert.equal(languageOfText('mikä', 'en'), 'en', 'no detector: the locale');
  });

  it("reads a card's language only when it is one of ours", () => {
    assert.equal(languageOfCardData({ lang: 'sv', verb: 'x' }), 'sv');
    assert.equal(languageOfCardData({ lang: 'de' }), null);
    assert.equal(languageOfCardData({ lang: ['fi'] }), null);
    assert.equal(languageOfCardData(null), null);
    assert.equal(languageOfCardData('fi'), null);
  });
});
