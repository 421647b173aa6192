/**
 * The guidance pages that knowledge-base articles cite, by key (canonical list: shared/knowledge/pages.json).
 * An article's `sources` must name keys from here; the answer card lists them under "Lähteet" as links.
 * The list is data, in source-pages.json beside this module (bundled like the card templates, so the bot
 * needs no file outside the repository at run time): adding a page touches no code.
 */
import pagesJson from './source-pages.json' with { type: 'json' };

export interface SourcePage {
  key: string;
  title: string;
  url: string;
}

export const SOURCE_PAGES: readonly SourcePage[] = pagesJson;

export function pageCatalog(pages: readonly SourcePage[] = SOURCE_PAGES): ReadonlyMap<string, SourcePage> {
  return new Map(pages.map((page) => [page.key, page]));
}
