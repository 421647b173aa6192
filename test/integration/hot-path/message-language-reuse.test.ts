/**
 * Issue 16 round 7, item 1, end to end: the router reads a typed message once for its reply language and
 * the reading rides in the turn's input to the guidance engine, whose search reuses it. Every answer of
 * the QA fixtures' questions is the same with the reading as without it (the question bank, each with
 * its own language's locale, through the router's language choice).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { TestAdapter, ActivityTypes, type Activity } from 'botbuilder';
import { openStore, type Store } from '../../../bot/store/db.js';
import { createUsersRepository } from '../../../bot/store/users-repository.js';
import { createConversationsRepository } from '../../../bot/store/conversations-repository.js';
import { createUserResolver } from '../../../bot/auth/resolve-user.js';
import { createInstallationTracker } from '../../../bot/teams/installations.js';
import { BotRouter } from '../../../bot/teams/router.js';
import { createHelpFeature } from '../../../bot/features/help/index.js';
import { createGuidanceEngine, type GuidanceEngine } from '../../../bot/features/guidance/engine.js';
import { MessageLanguage } from '../../../bot/features/guidance/language.js';
import { createLogger } from '../../../bot/log.js';
import type { Lang } from '../../../bot/i18n/index.js';
import { languageOfText, type LanguageReading } from '../../../bot/i18n/reply-language.js';
import type { Feature } from '../../../bot/features/types.js';

const silent = createLogger({ level: 'silent' });
const LOCALES: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-SE', en: 'en-US' };

function bankQuestions(): Array<{ text: string; locale: Lang }> {
  const dir = 'test/fixtures/qa';
  const seen = new Set<string>();
  const out: Array<{ text: string; locale: Lang }> = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort())
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const { question, lang } = JSON.parse(line) as { question: string; lang: Lang };
      if (seen.has(question)) continue;
      seen.add(question);
      out.push({ text: question, locale: lang });
    }
  return out;
}

describe('the reply language reading is reused by the guidance search (issue 16 round 7, item 1)', function () {
  this.timeout(60_000);
  let engine: GuidanceEngine;
  before(async () => {
    engine = await createGuidanceEngine({ kbDir: 'kb' });
  });
  after(() => engine.close());

  it('every bank question gets the same answer with the router’s reading as without it', () => {
    const questions = bankQuestions();
    assert.ok(questions.length > 500, `the bank has ${questions.length} questions`);
    let reused = 0;
    for (const { text, locale } of questions) {
      const fresh = engine.ask(text, { hint: languageOfText(text, locale, (t, hint) => engine.language(t, hint)) });
      let reading: MessageLanguage | undefined;
      const lang = languageOfText(text, locale, (t, hint) => (reading ??= engine.readLanguage(t)).detect(hint));
      if (reading) reused += 1;
      const withReading = engine.ask(text, { hint: lang, reading });
      assert.ok(isDeepStrictEqual(withReading, fresh), `answers differ for ${JSON.stringify(text)}`);
    }
    assert.ok(reused > questions.length * 0.9, `read ${reused} of ${questions.length}`);
  });

  it('the router reads a typed question once and hands the reading to the feature; a command word is not read', async () => {
    const store: Store = await openStore({ dataDir: ':memory:' });
    try {
      const readings: Array<LanguageReading | undefined> = [];
      let reads = 0;
      const probe: Feature = {
        name: 'probe',
        commands: [
          {
            names: ['palaute', 'feedback'],
            run: async (input) => {
              readings.push(input.languageReading);
              return [{ kind: 'text', text: 'ok' }];
            },
          },
        ],
        actions: [],
        fallback: async (input) => {
          readings.push(input.languageReading);
          return [{ kind: 'text', text: `answer:${input.lang}` }];
        },
      };
      const router = new BotRouter({
        features: [probe],
        help: createHelpFeature({ tabUrl: 'http://localhost/tab/' }),
        resolveUser: createUserResolver(createUsersRepository(store)),
        installations: createInstallationTracker(createConversationsRepository(store), silent),
        logger: silent,
        readLanguage: (text) => {
          reads += 1;
          return engine.readLanguage(text);
        },
      });
      const adapter = new TestAdapter((context) => router.run(context));
      const message = (text: string, locale: string): Partial<Activity> => ({
        type: ActivityTypes.Message,
        channelId: 'msteams',
        text,
        locale,
        from: { id: '29:user', name: 'Test User', aadObjectId: 'oid-1' },
        recipient: { id: '28:bot', name: 'Bot' },
        conversation: { id: 'a:personal', conversationType: 'personal', tenantId: 'tenant-1', isGroup: false, name: '' },
        serviceUrl: 'http://127.0.0.1:1/',
      });
      await adapter.send(message('mikä on yleistunniste?', LOCALES.en)).assertReply('answer:fi');
      assert.equal(reads, 1, 'one reading for four hints');
      assert.ok(readings[0] instanceof MessageLanguage);
      assert.equal(readings[0].text, 'mikä on yleistunniste?');
      await adapter.send(message('palaute', LOCALES.sv)).assertReply('ok');
      assert.equal(reads, 1, 'a command word decides the language without the detector');
      assert.equal(readings[1], undefined);
    } finally {
      await store.close();
    }
  });
});
