/**
 * Which language the bot answers in. Teams stamps every activity with the client's UI language, and
 * many Finns run Teams in English (the Agents Playground always says en-US), so the locale is only a
 * tie-breaker: what the person writes decides — a command word ("apua", "hjälp", "my questions") by
 * the language it belongs to, any other text by the guidance detector (stopwords and KB vocabulary).
 * A button press keeps the language of the card it came from (`lang` in the card's action data).
 */
import { z } from 'zod';
import { LANGS, type Lang } from './index.js';

/**
 * Command words by language. Words several languages share ("status", "feedback" is English only,
 * "?") are left out: they fall through to detection and the locale. A unit test checks that every
 * command a feature registers is either listed here or deliberately shared.
 */
export const COMMAND_LANGUAGE: Readonly<Record<string, Lang>> = Object.freeze({
  apua: 'fi',
  ohje: 'fi',
  palaute: 'fi',
  kehitysehdotus: 'fi',
  ehdotukset: 'fi',
  kehitysehdotukset: 'fi',
  tilanne: 'fi',
  testihaku: 'fi',
  testioppijanumerot: 'fi',
  tiedote: 'fi',
  'uusi tiedote': 'fi',
  tiedotteet: 'fi',
  aukot: 'fi',
  'päivitä tietopankki': 'fi',
  'paivita tietopankki': 'fi',
  'omat kysymykseni': 'fi',
  kysymykseni: 'fi',
  hjälp: 'sv',
  respons: 'sv',
  förslag: 'sv',
  utvecklingsförslag: 'sv',
  förslagen: 'sv',
  utvecklingsförslagen: 'sv',
  läge: 'sv',
  testsökning: 'sv',
  testidentifierare: 'sv',
  meddelande: 'sv',
  'nytt meddelande': 'sv',
  meddelanden: 'sv',
  luckor: 'sv',
  'uppdatera kunskapsbanken': 'sv',
  'mina frågor': 'sv',
  help: 'en',
  feedback: 'en',
  proposal: 'en',
  proposals: 'en',
  'test lookup': 'en',
  'test identifiers': 'en',
  announce: 'en',
  'new announcement': 'en',
  announcements: 'en',
  gaps: 'en',
  'knowledge gaps': 'en',
  'reload knowledge base': 'en',
  'my questions': 'en',
});

/** Command names that are the same word in several languages: the text around them or the locale decides. */
export const SHARED_COMMAND_WORDS: readonly string[] = ['?', 'status'];

/** The guidance feature's detector (stopwords + KB vocabulary); `hint` is a bonus for one language. */
export type DetectLanguage = (text: string, hint?: Lang) => Lang;

/**
 * The detector's reading of one message's text: its verdict for any hint, read once. The router keeps it
 * in the turn's input so the guidance search does not read the same text again (what is inside is the
 * guidance feature's business).
 */
export interface LanguageReading {
  readonly text: string;
  detect(hint?: Lang): Lang;
}

/** Reads a message's text for the detector (the guidance engine's `readLanguage`). */
export type ReadLanguage = (text: string) => LanguageReading;

/** The command words longest first, each with the prefix a longer text must start with: built once, read on every message. */
const COMMANDS_LONGEST_FIRST: ReadonlyArray<{ name: string; prefix: string; lang: Lang }> = Object.entries(COMMAND_LANGUAGE)
  .map(([name, lang]) => ({ name, prefix: `${name} `, lang }))
  .sort((a, b) => b.name.length - a.name.length);

/** The language of a leading command word or phrase, or null when the text does not start with one. */
export function commandLanguage(text: string): Lang | null {
  const lower = text.trim().toLowerCase();
  // Longest first, so the first match is the longest one (two names of one length cannot both match: both would be the text's first word).
  for (const command of COMMANDS_LONGEST_FIRST) if (lower === command.name || lower.startsWith(command.prefix)) return command.lang;
  return null;
}

/**
 * The reply language of a typed message: a command word's own language, else the detector's verdict on
 * the text alone, else (no detector, nothing written, or text that reads the same in every language —
 * each language wins when it gets the hint) the client's locale.
 *
 * The detector is asked without the locale first because its hint is a bonus, not a tie-break: with an
 * en-US client, "mikä on yleistunniste?" would otherwise lose to English over the one word "on".
 */
export function languageOfText(text: string, locale: Lang, detect?: DetectLanguage): Lang {
  if (!text.trim()) return locale;
  const command = commandLanguage(text);
  if (command) return command;
  if (!detect) return locale;
  const undecided = LANGS.every((lang) => detect(text, lang) === lang);
  return undecided ? locale : detect(text);
}

const cardLanguageSchema = z.object({ lang: z.enum(LANGS) });

/** The `lang` a card carried in its action data (validated; anything else is ignored). */
export function languageOfCardData(data: unknown): Lang | null {
  const parsed = cardLanguageSchema.safeParse(data);
  return parsed.success ? parsed.data.lang : null;
}
