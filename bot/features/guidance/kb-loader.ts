/**
 * Loads and validates the knowledge base: kb/<lang>/<id>.md, YAML front matter + Markdown body.
 * Validation collects every problem before failing, so one start-up attempt shows the whole list
 * (unknown source keys, missing translations, empty bodies, wrong folders) instead of the first.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LANGS, type Lang } from '../../i18n/index.js';
import { EMPTY_LEXICON, LEXICON_FILE, LexiconError, loadLexicon, type Lexicon } from './lexicon.js';
import { SOURCE_PAGES, pageCatalog, type SourcePage } from './source-pages.js';
import { yieldToEventLoop } from './build-steps.js';

export interface Article {
  id: string;
  lang: Lang;
  title: string;
  /** Page keys of shared/knowledge/pages.json. */
  sources: string[];
  keywords: string[];
  questions: string[];
  updated: string;
  /** Markdown body, trimmed. */
  body: string;
  /** Path relative to the KB folder, for problem reports. */
  file: string;
}

export interface KnowledgeBase {
  dir: string;
  articles: Article[];
  /** Article id → its versions by language. */
  byId: ReadonlyMap<string, Partial<Record<Lang, Article>>>;
  pages: ReadonlyMap<string, SourcePage>;
  /** Problems tolerated because the caller allowed missing translations (empty in strict mode). */
  warnings: string[];
  /** The analyzer's word lists (kb/lexicon.yml); empty when the KB has no such file. */
  lexicon: Lexicon;
}

/** Thrown when the KB is invalid; `problems` lists every one found. */
export class KnowledgeBaseError extends Error {
  constructor(
    readonly dir: string,
    readonly problems: string[],
  ) {
    super(`Knowledge base ${dir} has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'KnowledgeBaseError';
  }
}

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const listOfText = z
  .array(z.union([z.string(), z.number()]).transform((v) => String(v).trim()))
  .default([])
  .transform((items) => items.filter(Boolean));

const frontMatterSchema = z.object({
  id: z.string().regex(ID_PATTERN, 'id must be lower-case kebab-case'),
  lang: z.enum(LANGS),
  title: z.string().trim().min(1).max(300),
  sources: z.array(z.string().trim().min(1)).min(1, 'sources must name at least one page key'),
  keywords: listOfText,
  questions: listOfText,
  updated: z
    .union([z.string(), z.date()])
    .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v.trim()))
    .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'updated must be a date YYYY-MM-DD')),
});

const FRONT_MATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/;

/** Parses one article file; returns the article or the problems found in it. */
export function parseArticle(
  source: string,
  file: string,
  folderLang: Lang,
  pages: ReadonlyMap<string, SourcePage>,
): { article?: Article; problems: string[] } {
  const match = FRONT_MATTER.exec(source);
  if (!match) return { problems: [`${file}: no YAML front matter (the file must start with ---)`] };
  let raw: unknown;
  try {
    raw = parseYaml(match[1] ?? '');
  } catch (error) {
    return { problems: [`${file}: front matter is not valid YAML (${(error as Error).message.split('\n')[0]})`] };
  }
  const parsed = frontMatterSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    return { problems: parsed.error.issues.map((issue) => `${file}: ${issue.path.join('.') || 'front matter'}: ${issue.message}`) };
  }
  const meta = parsed.data;
  const problems: string[] = [];
  const fileId = path.basename(file, '.md');
  if (meta.id !== fileId) problems.push(`${file}: id "${meta.id}" does not match the file name "${fileId}"`);
  if (meta.lang !== folderLang) problems.push(`${file}: lang "${meta.lang}" but the file is in folder "${folderLang}"`);
  for (const key of meta.sources) if (!pages.has(key)) problems.push(`${file}: unknown source page key "${key}"`);
  const body = (match[2] ?? '').trim();
  if (!body) problems.push(`${file}: empty body`);
  return { article: { ...meta, body, file }, problems };
}

export interface LoadOptions {
  pages?: readonly SourcePage[];
  /**
   * Strict by default: every id must exist in fi, sv and en. Only evaluation scripts relax this while
   * translations are being written; missing translations then become warnings.
   */
  allowMissingTranslations?: boolean;
}

/** Article files parsed between two pauses of parseArticles: about 10 ms of work on this machine. */
const PARSE_SLICE_FILES = 16;

/**
 * Parses article files in order: the valid articles, and every problem found. A reload parses while the bot
 * answers with the current KB, so the event loop gets through after every `slice` files (parsing all ~150
 * in one go held questions up for 60–120 ms).
 */
export async function parseArticles(
  files: ReadonlyArray<{ lang: Lang; file: string; source: string }>,
  pages: ReadonlyMap<string, SourcePage>,
  slice = PARSE_SLICE_FILES,
): Promise<{ articles: Article[]; problems: string[] }> {
  const articles: Article[] = [];
  const problems: string[] = [];
  for (let i = 0; i < files.length; i += 1) {
    if (i > 0 && i % slice === 0) await yieldToEventLoop();
    const { lang, file, source } = files[i] as { lang: Lang; file: string; source: string };
    const result = parseArticle(source, file, lang, pages);
    problems.push(...result.problems);
    if (result.article && result.problems.length === 0) articles.push(result.article);
  }
  return { articles, problems };
}

export async function loadKnowledgeBase(dir: string, options: LoadOptions = {}): Promise<KnowledgeBase> {
  const pages = pageCatalog(options.pages ?? SOURCE_PAGES);
  const problems: string[] = [];
  const warnings: string[] = [];

  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    throw new KnowledgeBaseError(dir, [`folder ${dir} cannot be read`]);
  }
  // Folders listed once and files read concurrently: sequential awaits made start-up wait on the file
  // system 150 times in a row (most of the load time on a busy machine).
  const listings = new Map<Lang, string[]>();
  for (const lang of LANGS) {
    if (!entries.includes(lang)) {
      problems.push(`missing language folder ${lang}/`);
      continue;
    }
    listings.set(lang, await readdir(path.join(dir, lang)));
  }
  const files = [...listings].flatMap(([lang, names]) =>
    names
      .filter((f) => f.endsWith('.md'))
      .sort()
      .map((name) => ({ lang, file: `${lang}/${name}` })),
  );
  const sources = await Promise.all(files.map(({ file }) => readFile(path.join(dir, file), 'utf8')));
  const parsed = await parseArticles(
    files.map((f, i) => ({ ...f, source: sources[i] as string })),
    pages,
  );
  const articles = parsed.articles;
  problems.push(...parsed.problems);

  const byId = new Map<string, Partial<Record<Lang, Article>>>();
  for (const article of articles) {
    const versions = byId.get(article.id) ?? {};
    versions[article.lang] = article;
    byId.set(article.id, versions);
  }
  // Ids of files that failed validation still count as present, so one broken file is reported once.
  const presentIds = new Map<string, Set<Lang>>();
  for (const [lang, names] of listings) {
    for (const name of names) {
      if (!name.endsWith('.md')) continue;
      const id = path.basename(name, '.md');
      presentIds.set(id, (presentIds.get(id) ?? new Set()).add(lang));
    }
  }
  for (const [id, langs] of [...presentIds].sort(([a], [b]) => a.localeCompare(b))) {
    const missing = LANGS.filter((l) => !langs.has(l));
    if (missing.length === 0) continue;
    const problem = `article "${id}" is missing in ${missing.join(', ')} (present in ${[...langs].join(', ')})`;
    (options.allowMissingTranslations ? warnings : problems).push(problem);
  }
  if (articles.length === 0 && problems.length === 0) problems.push('no articles found');
  let lexicon: Lexicon = EMPTY_LEXICON;
  try {
    const loaded = await loadLexicon(dir);
    if (loaded) lexicon = loaded;
    else warnings.push(`no ${LEXICON_FILE}: searching without synonyms, phrases or colloquial forms`);
  } catch (error) {
    if (error instanceof LexiconError) problems.push(...error.problems);
    else throw error;
  }
  if (problems.length > 0) throw new KnowledgeBaseError(dir, problems);
  return { dir, articles, byId, pages, warnings, lexicon };
}

/** The article in `lang`, or — only when translations were allowed to be missing — another version. */
export function articleIn(kb: KnowledgeBase, id: string, lang: Lang): Article | undefined {
  const versions = kb.byId.get(id);
  if (!versions) return undefined;
  return versions[lang] ?? versions.fi ?? versions.sv ?? versions.en;
}
