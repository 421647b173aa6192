/** Issue 14 item 4: the tab's colours come from Teams' Fluent themes (scripts/fluent-theme-css.ts), not hand-copied values. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { declarations, FLUENT_THEMES, fluentThemeCss } from '../../../scripts/fluent-theme-css.js';

const css = readFileSync(new URL('../../../tab/app.css', import.meta.url), 'utf8');

describe('Fluent theme for the tab (issue 14 item 4)', () => {
  it('emits Teams light, dark and high-contrast tokens keyed by the host theme names', () => {
    const out = fluentThemeCss();
    const block = (selector: string) => {
      const start = out.indexOf(`${selector}{`);
      assert.ok(start >= 0, `no block for ${selector}`);
      return out.slice(start, out.indexOf('}', start));
    };
    assert.match(block(`:root,body[data-theme='default']`), /--colorNeutralBackground1:#ffffff;/);
    assert.match(block(`body[data-theme='dark']`), /color-scheme:dark;.*--colorNeutralBackground1:#292929;/);
    assert.match(block(`body[data-theme='contrast']`), /--colorNeutralBackground1:#000000;.*--colorStrokeFocus2:#1aebff;/);
  });

  it('drops token values that could break out of the declaration, like setTheme() does', () => {
    assert.equal(declarations({ ok: '#fff', bad: 'red;} body{x:y', img: 'url(x)', 'not a name': '1px' }), '--ok:#fff;');
  });

  it('every Fluent token app.css uses exists in all three Teams themes', () => {
    const used = new Set(
      [...css.matchAll(/var\(--(color[A-Za-z0-9]+|shadow\d+|fontFamily[A-Za-z]+|borderRadius[A-Za-z]+)/g)].map((m) => m[1]!),
    );
    assert.ok(used.size >= 15, `app.css uses Fluent tokens (${used.size})`);
    for (const theme of FLUENT_THEMES) {
      for (const token of used) assert.ok(token in theme.tokens, `${theme.name} theme lacks ${token}`);
    }
  });

  it('app.css writes no colour literals of its own (only system colours for forced-colors mode)', () => {
    const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, '');
    assert.deepEqual(withoutComments.match(/#[0-9a-f]{3,8}\b|rgba?\(/gi) ?? [], []);
  });
});
