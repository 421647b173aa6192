/**
 * Issue 14 item 5: what scripts/build-tab.ts does to keep the tab's JavaScript in its budget without
 * changing behaviour — Fluent's css`…` templates lose only whitespace and comments, and teams-js's copy of
 * `debug` is replaced by a silent stand-in of the same shape.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { minifyCssTemplates, minifyCssText, SILENT_DEBUG_MODULE, TEAMS_JS_DEBUG } from '../../../scripts/build-tab.js';

const require = createRequire(import.meta.url);
const fluentEsm = path.join(path.dirname(require.resolve('@fluentui/web-components/package.json')), 'dist', 'esm');
const teamsJs = path.dirname(require.resolve('@microsoft/teams-js/package.json'));

describe('tab build (issue 14 item 5)', () => {
  it('minifies css templates between the ${…} holes and leaves the holes alone', () => {
    const source = [
      "import { css } from '@microsoft/fast-element';",
      'export const styles = css`',
      "  ${display('inline-flex')}",
      '  /* a comment with a } brace */',
      '  :host {',
      '    padding: 0 ${gap};',
      "    content: '' / '';",
      "    color: ${pick('a{b')};",
      '  }',
      '  :host ::slotted(svg) , .a > .b { margin: 0 }',
      '`;',
      'export const partial = css.partial`',
      '  font-size: ${size};',
      '`;',
      'const untouched = `  keep   this  `;',
    ].join('\n');
    assert.equal(
      minifyCssTemplates(source),
      [
        "import { css } from '@microsoft/fast-element';",
        "export const styles = css` ${display('inline-flex')} :host{padding:0 ${gap};content:'' / '';color:${pick('a{b')}}:host ::slotted(svg),.a>.b{margin:0}`;",
        'export const partial = css.partial` font-size:${size};`;',
        'const untouched = `  keep   this  `;',
      ].join('\n'),
    );
  });

  it('keeps the space that separates selectors and values', () => {
    assert.equal(minifyCssText(':host(:hover) .control ,\n  ::slotted( a )'), ':host(:hover) .control,::slotted( a )');
    assert.equal(
      minifyCssText('@media (forced-colors: active) {\n  :host { outline: 1px solid; }\n}'),
      '@media (forced-colors:active){:host{outline:1px solid}}',
    );
  });

  it('leaves a module alone when a hole holds a template literal', () => {
    assert.equal(minifyCssTemplates('css`a { b: ${`x`}; }`'), null);
  });

  it('rewrites every style module Fluent ships, each with as many holes as before', () => {
    const files = execFileSync('find', [fluentEsm, '-name', '*.styles.js', '-o', '-name', '*.partials.js'], { encoding: 'utf8' })
      .trim()
      .split('\n');
    assert.ok(files.length > 40, `found ${files.length} style modules`);
    let before = 0;
    let after = 0;
    for (const file of files) {
      const source = fs.readFileSync(file, 'utf8');
      const minified = minifyCssTemplates(source);
      assert.ok(minified !== null, file);
      assert.equal(minified.split('${').length, source.split('${').length, `${file}: holes`);
      before += source.length;
      after += minified.length;
    }
    assert.ok(after < before * 0.9, `${before} → ${after} bytes`);
  });

  it("replaces teams-js's own copy of debug with a silent logger of the same shape", async () => {
    const found = execFileSync('find', [teamsJs, '-path', '*debug*', '-name', 'browser.js'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
    assert.ok(
      found.some((file) => TEAMS_JS_DEBUG.test(file)),
      `the stand-in must match the file teams-js imports: ${found.join(', ')}`,
    );
    const stub = (await import(`data:text/javascript,${encodeURIComponent(SILENT_DEBUG_MODULE)}`)) as {
      b: {
        debug: ((ns: string) => ((...args: unknown[]) => void) & { extend(ns: string): (...args: unknown[]) => void }) & {
          formatArgs(args: unknown[]): void;
        };
      };
    };
    // What teams-js's telemetry.js does with it: wrap formatArgs, create a logger, extend it, log.
    const original = stub.b.debug.formatArgs;
    stub.b.debug.formatArgs = function (args) {
      original.call(this, args);
    };
    const logger = stub.b.debug('teamsJs').extend('app');
    assert.equal(logger('message %s', 'x'), undefined);
  });
});
