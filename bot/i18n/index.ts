/**
 * Typed message catalogs. Finnish is the reference language: a catalog's Swedish and English halves
 * must have exactly the Finnish keys with the same parameter lists, so a missing or misshapen
 * translation is a type error, not a runtime surprise.
 */
export const LANGS = ['fi', 'sv', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'fi';

type Message = string | ((...args: never[]) => string);
export type MessageShape<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};
export type Catalog<T> = Readonly<Record<Lang, MessageShape<T>>>;

export function defineCatalog<T extends Record<string, Message>>(fi: T, sv: MessageShape<T>, en: MessageShape<T>): Catalog<T> {
  return Object.freeze({ fi: fi as unknown as MessageShape<T>, sv, en });
}

/** Maps a Bot Framework / browser locale such as `sv-FI` or `en-US` to one of our languages. */
export function langFromLocale(locale: string | null | undefined): Lang {
  const prefix = (locale ?? '').slice(0, 2).toLowerCase();
  return (LANGS as readonly string[]).includes(prefix) ? (prefix as Lang) : DEFAULT_LANG;
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** Picks the text for `lang` from a per-language record, falling back to Finnish. */
export function pickLang<T>(texts: Partial<Record<Lang, T>>, lang: Lang): T | undefined {
  return texts[lang] ?? texts[DEFAULT_LANG];
}
