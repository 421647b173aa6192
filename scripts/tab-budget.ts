/**
 * The tab's JavaScript budget (issue 14 item 5): the JavaScript a page of the tab loads, minified, must
 * stay within 350 KB. Shared by `npm run bench:tab` (prints the figures) and the unit test that guards
 * the budget (size is deterministic, so a test can hold it; time is left to the benchmark).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** 350 KB in decimal kilobytes: the stricter reading of the budget (350 KiB would allow 358,400 bytes). */
export const TAB_JS_BUDGET_BYTES = 350_000;

export interface PageScriptSize {
  /** The HTML page, e.g. index.html (the tab itself), config.html, auth-start.html. */
  page: string;
  /** The scripts the page loads (same-origin, from its <script src> tags). */
  scripts: string[];
  /** Minified bytes of those scripts together, as served. */
  minified: number;
  /** The same bytes through gzip level 9 (each script separately, summed): what travels compressed. */
  gzip: number;
}

/** The script sources an HTML page loads. */
export function scriptSources(html: string): string[] {
  return [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!);
}

/** Every HTML page of a built tab folder (dist/tab) with the size of the JavaScript it loads. */
export async function measureTabPages(outdir: string): Promise<PageScriptSize[]> {
  const pages = (await fs.readdir(outdir)).filter((name) => name.endsWith('.html')).sort();
  const sizes: PageScriptSize[] = [];
  for (const page of pages) {
    const scripts = scriptSources(await fs.readFile(path.join(outdir, page), 'utf8'));
    let minified = 0;
    let gzip = 0;
    for (const script of scripts) {
      const bytes = await fs.readFile(path.join(outdir, script));
      minified += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    sizes.push({ page, scripts, minified, gzip });
  }
  return sizes;
}
