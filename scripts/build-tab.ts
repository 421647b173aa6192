/**
 * Builds the tab front end into dist/tab: tab/src/main.ts → app.js and tab/src/config.ts → config.js
 * (teams-js and the Fluent UI web components bundled in, so the CSP can stay script-src 'self'), plus the HTML
 * pages, the stylesheet and fluent-theme.css (Teams' three Fluent themes as CSS custom properties).
 * Run: npm run build:tab   (or import { buildTab } in tests).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
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

const STATIC_FILES = ['index.html', 'config.html', 'auth-start.html', 'auth-end.html', 'app.css'];

export async function buildTab(options: BuildTabOptions = {}): Promise<BuildTabResult> {
  const outdir = path.resolve(options.outdir ?? path.join(root, 'dist', 'tab'));
  await fs.rm(outdir, { recursive: true, force: true });
  await fs.mkdir(outdir, { recursive: true });
  await build({
    entryPoints: { app: path.join(root, 'tab/src/main.ts'), config: path.join(root, 'tab/src/config.ts'), auth: path.join(root, 'tab/src/auth-popup.ts') },
    outdir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'safari15', 'firefox100'],
    minify: options.minify ?? true,
    sourcemap: 'linked',
    legalComments: 'linked',
    // teams-js pulls in `debug`, which looks at process.env in some builds.
    define: { 'process.env.NODE_ENV': '"production"', 'process.env.DEBUG': 'undefined' },
    logLevel: 'warning',
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
