/**
 * Every Adaptive Card template in the app (bot/**\/cards/*.json) expands with its Finnish sample data
 * (`*.data.json` beside it, the file the Adaptive Cards Designer opens) into a card the official parser
 * accepts under Teams' host config, within every guarantee of `defineCardTemplate`.
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CARD_VERSION, cardByteSize, MAX_CARD_BYTES } from '../../../bot/cards/card.js';
import { defineCardTemplate, MAX_ACTIONS_PER_LIST } from '../../../bot/cards/template.js';
import { adaptiveCardProblems } from '../../helpers/adaptive-card-validator.js';

const BOT_DIR = new URL('../../../bot/', import.meta.url).pathname;

function templateFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...templateFiles(path));
    else if (path.includes('/cards/') && entry.name.endsWith('.json') && !entry.name.endsWith('.data.json')) out.push(path);
  }
  return out.sort();
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

describe('Adaptive Card templates (issue 14 §1)', () => {
  const files = templateFiles(BOT_DIR);

  it('finds the templates', () => {
    assert.ok(files.length >= 1, 'no templates under bot/**/cards/');
  });

  for (const file of files) {
    const name = relative(BOT_DIR, file);
    describe(name, () => {
      it('declares schema version 1.5 or lower and has Finnish sample data beside it', () => {
        const json = readJson(file) as { version: string };
        assert.ok(Number(json.version) <= Number(CARD_VERSION), json.version);
        const data = readJson(file.replace(/\.json$/, '.data.json'));
        assert.equal(typeof data, 'object');
      });

      it('expands its sample data into a card the official parser accepts under Teams host config', () => {
        const template = defineCardTemplate<object>(name, readJson(file));
        const card = template.expand(readJson(file.replace(/\.json$/, '.data.json')) as object);
        assert.deepEqual(adaptiveCardProblems(card), []);
        assert.ok(cardByteSize(card) <= MAX_CARD_BYTES);
        assert.ok(!JSON.stringify(card).includes('${'), 'unexpanded expression left');
      });
    });
  }
});

describe('defineCardTemplate guarantees', () => {
  const base = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '${title}', wrap: true }] };

  it('refuses a template that declares a schema newer than Teams supports', () => {
    assert.throws(() => defineCardTemplate('t', { ...base, version: '1.6' }), /version 1\.6/);
  });

  it('refuses an expansion that leaves an expression unexpanded', () => {
    const template = defineCardTemplate<object>('t', { ...base, body: [{ type: 'TextBlock', text: '${missing.deeper}' }] });
    assert.throws(() => template.expand({}), /unexpanded/);
  });

  it('refuses more actions in one list than Teams shows', () => {
    const template = defineCardTemplate<{ title: string; items: string[] }>('t', {
      ...base,
      actions: [{ $data: '${items}', type: 'Action.Submit', title: '${$data}' }],
    });
    const items = Array.from({ length: MAX_ACTIONS_PER_LIST + 1 }, (_, i) => `b${i}`);
    assert.throws(() => template.expand({ title: 'x', items }), /7 actions/);
    assert.equal(template.expand({ title: 'x', items: items.slice(0, MAX_ACTIONS_PER_LIST) }).actions?.length, MAX_ACTIONS_PER_LIST);
  });

  it('drops an empty action list and refuses a card over 28 KB', () => {
    const template = defineCardTemplate<{ title: string; items: string[] }>('t', {
      ...base,
      actions: [{ $data: '${items}', type: 'Action.Submit', title: '${$data}' }],
    });
    assert.equal(template.expand({ title: 'x', items: [] }).actions, undefined);
    assert.throws(() => template.expand({ title: 'x'.repeat(MAX_CARD_BYTES), items: [] }), /bytes/);
  });

  it('keeps user text as typed: template syntax and Markdown links inside data are not evaluated', async () => {
    const { userText } = await import('../../../bot/cards/card.js');
    const template = defineCardTemplate<{ title: string }>('t', base);
    const typed = 'katso [tästä](https://evil.example) ${title} <at>OPH</at>';
    const card = template.expand({ title: userText(typed) });
    const shown = String(card.body[0]?.text);
    assert.ok(!shown.includes('[tästä]('), shown);
    assert.ok(!shown.includes('${'), shown);
    assert.ok(!shown.includes('<at>'), shown);
  });
});
