/**
 * Builds the tab front end into dist/tab: tab/src/main.ts → app.js and tab/src/config.ts → config.js
 * (teams-js and the Fluent UI web components bundled in, so the CSP can stay script-src 'self'), plus the HTML
 * pages, the stylesheet and fluent-theme.css (Teams' three Fluent themes as CSS custom properties).
 * Run: npm run build:tab   (or import { buildTab } in tests).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { fluentThemeCss } from './fluent-theme-css.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BuildTabOptions {
  outdir?: string;
  minify?: boolean;
}

export interface BuildTabResult {
  outdir: string;
  /** Output file → size in bytes. */
  files: Record<string, number>;
}

/**
 * Fluent's component styles ship as `css` / `css.partial` tagged templates, indented and one declaration a
 * line; esbuild's minifier leaves template text alone, so about a third of those bytes would be whitespace in
 * the tab's 350 KB budget. This removes comments and the whitespace CSS does not need from the template
 * text between the `${…}` holes (the holes are copied untouched). It keeps one space wherever whitespace
 * separates tokens (`0 ${gap}`, `:host ::slotted(x)`), so selectors and values mean the same.
 */
export function minifyCssText(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1')
    .replace(/: /g, ':')
    .replace(/;}/g, '}');
}

const CSS_TAG = /\bcss(?:\.partial)?\s*`/g;

/**
 * Rewrites every css`…` template of one module with minifyCssText. Returns null (use the file as it is)
 * when a hole holds anything but a plain expression (a nested template or a string with braces would make
 * the brace count unreliable).
 */
export function minifyCssTemplates(source: string): string | null {
  let out = '';
  let copied = 0;
  CSS_TAG.lastIndex = 0;
  for (let match = CSS_TAG.exec(source); match; match = CSS_TAG.exec(source)) {
    let at = match.index + match[0].length;
    out += source.slice(copied, at);
    let text = '';
    while (source[at] !== '`') {
      if (at >= source.length) return null;
      if (source[at] === '\\') {
        text += source.slice(at, at + 2);
        at += 2;
      } else if (source.startsWith('${', at)) {
        const end = holeEnd(source, at + 2);
        if (end < 0) return null;
        out += minifyCssText(text) + source.slice(at, end);
        text = '';
        at = end;
      } else {
        text += source[at];
        at += 1;
      }
    }
    out += minifyCssText(text) + '`';
    copied = at + 1;
    CSS_TAG.lastIndex = copied;
  }
  return out + source.slice(copied);
}

/** The index just past the `}` that closes a `${` hole starting at `from`, or -1 if it holds a template. */
function holeEnd(source: string, from: number): number {
  let depth = 1;
  for (let at = from; at < source.length; at++) {
    const char = source[at];
    if (char === '`') return -1;
    if (char === "'" || char === '"') {
      // Skip a string literal, so a brace inside it is not counted.
      for (at += 1; at < source.length && source[at] !== char; at++) if (source[at] === '\\') at += 1;
    } else if (char === '{') depth += 1;
    else if (char === '}' && --depth === 0) return at + 1;
  }
  return -1;
}

const minifyFluentStyles: Plugin = {
  name: 'minify-fluent-styles',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /[\\/]@fluentui[\\/]web-components[\\/]dist[\\/]esm[\\/].*\.(styles|partials)\.js$/ }, async (args) => {
      const source = await fs.readFile(args.path, 'utf8');
      return { contents: minifyCssTemplates(source) ?? source, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

/**
 * teams-js bundles its own copy of the `debug` package (~6 KB minified) for developer logging that is
 * switched on only by `localStorage.debug = 'teamsJs*'`. The tab ships a silent stand-in with the shape
 * teams-js uses (`debug(namespace)` → a logger with `extend`, and `debug.formatArgs`), which keeps the
 * Fluent controls within the tab's 350 KB budget. Matched by path: if a teams-js release moves the file,
 * the real module is bundled again and test/unit/tab/js-budget.test.ts shows the size.
 */
export const TEAMS_JS_DEBUG = /[\\/]@microsoft[\\/]teams-js[\\/].*[\\/]debug@[^\\/]+[\\/]node_modules[\\/]debug[\\/]src[\\/]browser\.js$/;
export const SILENT_DEBUG_MODULE = `
const logger = Object.assign(() => {}, { enabled: false, namespace: '', log() {}, extend: () => logger });
const debug = Object.assign(() => logger, { debug: null, formatArgs() {}, enable() {}, disable: () => '', enabled: () => false });
debug.debug = debug;
export { debug as b };
`;

const silentTeamsJsDebug: Plugin = {
  name: 'silent-teams-js-debug',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: TEAMS_JS_DEBUG }, () => ({ contents: SILENT_DEBUG_MODULE, loader: 'js' }));
  },
};

const STATIC_FILES = ['index.html', 'config.html', 'auth-start.html', 'auth-end.html', 'app.css'];

export async function buildTab(options: BuildTabOptions = {}): Promise<BuildTabResult> {
  const outdir = path.resolve(options.outdir ?? path.join(root, 'dist', 'tab'));
  await fs.rm(outdir, { recursive: true, force: true });
  await fs.mkdir(outdir, { recursive: true });
  await build({
    entryPoints: {
      app: path.join(root, 'tab/src/main.ts'),
      config: path.join(root, 'tab/src/config.ts'),
      auth: path.join(root, 'tab/src/auth-popup.ts'),
    },
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    // Fluent UI web components 3 need the popover API and custom element states (Chrome/Edge 125, Safari
    // 17.4, Firefox 126; Teams' desktop client is evergreen Edge WebView2): an older target would only add
    // down-levelled class fields and static blocks that no browser able to run the controls needs.
    target: ['es2022', 'chrome125', 'safari17.4', 'firefox126'],
    minify: options.minify ?? true,
    // Finnish and Swedish text as UTF-8 (2 bytes for ä) instead of \xE4 escapes; the server sends .js as
    // text/javascript; charset=utf-8 and every page declares <meta charset="utf-8">.
    charset: 'utf8',
    sourcemap: 'linked',
    legalComments: 'linked',
    // teams-js pulls in `debug`, which looks at process.env in some builds.
    define: { 'process.env.NODE_ENV': '"production"', 'process.env.DEBUG': 'undefined' },
    logLevel: 'warning',
    plugins: [minifyFluentStyles, silentTeamsJsDebug],
  });
  for (const file of STATIC_FILES) await fs.copyFile(path.join(root, 'tab', file), path.join(outdir, file));
  await fs.writeFile(path.join(outdir, 'fluent-theme.css'), fluentThemeCss());
  const files: Record<string, number> = {};
  for (const name of await fs.readdir(outdir)) files[name] = (await fs.stat(path.join(outdir, name))).size;
  return { outdir, files };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await buildTab({ minify: !process.argv.includes('--dev') });
  const lines = Object.entries(result.files).map(([name, size]) => `  ${name.padEnd(24)} ${(size / 1024).toFixed(1)} KiB`);
  process.stdout.write(`tab built into ${path.relative(root, result.outdir)}\n${lines.join('\n')}\n`);
}
