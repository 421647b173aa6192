/**
 * The analyzer's hand-kept word lists, kept as data in the knowledge base (kb/lexicon.yml) so an OPH
 * editor can add a term without touching code: question words (extra stopwords), compound parts the KB
 * may never use on their own, multi-word terms, reviewed synonyms and colloquial forms. Everything is
 * written in base forms; the analyzer folds and stems it, so an entry matches every inflection the
 * stemmer merges. The file is validated when the KB loads (like the articles): a problem stops
 * start-up or a reload, with a list of everything that is wrong.
 */
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LANGS, type Lang } from '../../i18n/index.js';
import { readOptionalKbFile } from './kb-file.js';

export const LEXICON_FILE = 'lexicon.yml';

const word = z
  .string()
  .trim()
  .min(1, 'empty word')
  .max(80)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._\-/]*$/u, 'letters, digits, spaces and - . _ / only');
const perLang = <T extends z.ZodTypeAny>(schema: T) => z.object({ fi: schema, sv: schema, en: schema }).strict();

export const lexiconSchema = z
  .object({
    questionWords: perLang(z.array(word)),
    compoundParts: z.array(word),
    phrases: perLang(z.array(word.refine((w) => w.trim().includes(' '), 'a phrase needs at least two words (a single word is a synonym)'))),
    synonyms: perLang(z.record(word, z.array(word).min(1, 'a synonym entry needs at least one alternative'))),
    colloquial: perLang(
      z.record(
        word.refine((w) => !w.includes(' '), 'one word'),
        word,
      ),
    )
      .partial()
      .default({}),
  })
  .strict();
export type LexiconData = z.infer<typeof lexiconSchema>;

/** The lexicon as the analyzer uses it (colloquial forms filled in for every language). */
export interface Lexicon {
  questionWords: Record<Lang, readonly string[]>;
  compoundParts: readonly string[];
  phrases: Record<Lang, readonly string[]>;
  synonyms: Record<Lang, Readonly<Record<string, readonly string[]>>>;
  colloquial: Record<Lang, Readonly<Record<string, string>>>;
}

export const EMPTY_LEXICON: Lexicon = {
  questionWords: { fi: [], sv: [], en: [] },
  compoundParts: [],
  phrases: { fi: [], sv: [], en: [] },
  synonyms: { fi: {}, sv: {}, en: {} },
  colloquial: { fi: {}, sv: {}, en: {} },
};

export class LexiconError extends Error {
  constructor(readonly problems: string[]) {
    super(`lexicon is invalid:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    this.name = 'LexiconError';
  }
}

/** Parses and validates lexicon YAML; throws LexiconError listing every problem. */
export function parseLexicon(text: string, file = LEXICON_FILE): Lexicon {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new LexiconError([`${file}: not valid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  const parsed = lexiconSchema.safeParse(raw);
  if (!parsed.success) throw new LexiconError(parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  const data = parsed.data;
  const problems: string[] = [];
  for (const lang of LANGS) {
    for (const [form, standard] of Object.entries(data.colloquial[lang] ?? {}))
      if (form.toLowerCase() === standard.toLowerCase()) problems.push(`${file}: colloquial.${lang}.${form}: maps to itself`);
  }
  if (problems.length) throw new LexiconError(problems);
  return {
    questionWords: data.questionWords,
    compoundParts: data.compoundParts,
    phrases: data.phrases,
    synonyms: data.synonyms,
    colloquial: { fi: data.colloquial.fi ?? {}, sv: data.colloquial.sv ?? {}, en: data.colloquial.en ?? {} },
  };
}

/**
 * The lexicon of the KB in `kbDir`; a KB without the file gets the empty lexicon (and a warning from
 * the caller), so a small test KB needs none.
 */
export async function loadLexicon(kbDir: string): Promise<Lexicon | null> {
  const file = path.join(kbDir, LEXICON_FILE);
  const text = await readOptionalKbFile(file);
  if (text === null) return null;
  return parseLexicon(text, file);
}
