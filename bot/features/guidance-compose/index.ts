/**
 * Guidance where people already type: the search message extension ("Hae ohjeista") and the unfurling
 * of pasted links to the service's guidance pages. Both use the guidance engine only through its
 * public functions (ask, show, pages, articleIds), so answers rank exactly as in the bot.
 *
 * The router hands the invoke values over as plain data; answers are plain message-extension
 * responses (`{ composeExtension: … }`), no botbuilder types.
 */
import { z } from 'zod';
import type { Lang } from '../../i18n/index.js';
import type { GuidanceEngine } from '../guidance/index.js';
import { insertedAnswerCard, oneLine, pageCard, resultAttachment, type GuidanceSnippet } from './cards.js';
import { composeText } from './i18n.js';
import { createPageResolver, type GuidancePage as SourcePage, type PageResolver } from './page-links.js';

export { createPageResolver, ALTERNATE_PAGE_URLS } from './page-links.js';

/** Command id of the search command in the manifest's composeExtensions. */
export const SEARCH_COMMAND_ID = 'searchGuidance';
export const SEARCH_PARAMETER = 'query';
const POPULAR_COUNT = 8;
const MAX_QUERY_CHARS = 500;

export interface ComposeExtensionResponse {
  composeExtension:
    | { type: 'result'; attachmentLayout: 'list'; attachments: Array<ReturnType<typeof resultAttachment>> }
    | { type: 'message'; text: string };
}

export interface GuidanceComposeDeps {
  engine: Pick<GuidanceEngine, 'ask' | 'show' | 'pages' | 'articleIds'>;
  /** Article ids most asked recently, most first (empty query); may return fewer or none. */
  mostAsked?: (limit: number) => Promise<string[]>;
}

export interface GuidanceCompose {
  /** composeExtension/query: the typed words → matching guidance; empty → most asked topics. */
  query(value: unknown, lang: Lang): Promise<ComposeExtensionResponse>;
  /** composeExtension/selectItem: the chosen result → the answer card to insert. */
  selectItem(value: unknown, lang: Lang): Promise<ComposeExtensionResponse>;
  /** composeExtension/queryLink: a pasted URL → a card for the service's own pages, nothing otherwise. */
  queryLink(value: unknown, lang: Lang): Promise<ComposeExtensionResponse>;
}

const querySchema = z.object({
  commandId: z.string().max(100).optional(),
  parameters: z
    .array(z.object({ name: z.string().max(100), value: z.unknown() }))
    .max(10)
    .optional(),
  queryOptions: z
    .object({ skip: z.coerce.number().int().min(0).optional(), count: z.coerce.number().int().min(0).optional() })
    .partial()
    .optional(),
});
const selectSchema = z.object({ articleId: z.string().min(1).max(200), lang: z.enum(['fi', 'sv', 'en']).optional() });
const linkSchema = z.object({ url: z.string().min(1).max(2048) });

const empty = (): ComposeExtensionResponse => ({ composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] } });
const list = (attachments: Array<ReturnType<typeof resultAttachment>>): ComposeExtensionResponse => ({
  composeExtension: { type: 'result', attachmentLayout: 'list', attachments },
});

export function createGuidanceCompose(deps: GuidanceComposeDeps): GuidanceCompose {
  const { engine } = deps;

  // The page resolver and the page → article map follow the KB: rebuilt when a reload swaps it.
  let cacheKey = '';
  let resolver: PageResolver = createPageResolver([]);
  let articleByPage = new Map<string, string>();
  const refresh = () => {
    const pages = engine.pages();
    const ids = engine.articleIds();
    const key = `${pages.size}:${ids.join(',')}`;
    if (key === cacheKey) return;
    resolver = createPageResolver([...pages.values()]);
    // The article that summarises a page: one citing it first, else any citing it.
    const first = new Map<string, string>();
    const any = new Map<string, string>();
    for (const id of ids) {
      const article = engine.show(id, 'fi')?.article;
      article?.sources.forEach((source, index) => {
        if (index === 0 && !first.has(source)) first.set(source, id);
        if (!any.has(source)) any.set(source, id);
      });
    }
    articleByPage = new Map([...any, ...first]);
    cacheKey = key;
  };

  const snippet = (articleId: string, lang: Lang): GuidanceSnippet | null => {
    const shown = engine.show(articleId, lang);
    if (!shown) return null;
    const pages = engine.pages();
    return {
      articleId,
      lang: shown.article.lang,
      title: shown.article.title,
      blocks: shown.text.blocks,
      pages: shown.article.sources.map((key) => pages.get(key)).filter((p): p is SourcePage => Boolean(p)),
    };
  };

  const attachmentFor = (s: GuidanceSnippet) =>
    resultAttachment(insertedAnswerCard(s), {
      title: s.title,
      text: oneLine(s.blocks[0] ?? ''),
      tapValue: { articleId: s.articleId, lang: s.lang },
    });

  return {
    async query(value, lang) {
      const parsed = querySchema.safeParse(value);
      if (!parsed.success) return empty();
      const { parameters = [], queryOptions = {} } = parsed.data;
      // Only the first page: the engine ranks a handful of articles; later pages are empty.
      if ((queryOptions.skip ?? 0) > 0) return empty();
      const raw = parameters.find((p) => p.name === SEARCH_PARAMETER) ?? parameters[0];
      const text = typeof raw?.value === 'string' ? raw.value.slice(0, MAX_QUERY_CHARS).trim() : '';
      let ids: string[];
      if (!text) {
        const asked = deps.mostAsked ? await deps.mostAsked(POPULAR_COUNT) : [];
        // Too little history yet: fill up with the seven joining steps, what newcomers ask about first.
        const steps = engine
          .articleIds()
          .filter((id) => /^vaihe-\d/.test(id))
          .sort();
        ids = [...new Set([...asked, ...steps, ...engine.articleIds()])].slice(0, POPULAR_COUNT);
      } else {
        // The reader's language, not a guess from two or three words.
        const answer = engine.ask(text, { lang });
        if (answer.empty) return empty();
        ids = answer.ranked.map((r) => r.articleId);
      }
      return list(
        ids
          .map((id) => snippet(id, lang))
          .filter((s): s is GuidanceSnippet => s !== null)
          .map(attachmentFor),
      );
    },

    async selectItem(value, lang) {
      const parsed = selectSchema.safeParse(value);
      const chosen = parsed.success ? snippet(parsed.data.articleId, parsed.data.lang ?? lang) : null;
      if (!chosen) {
        // Deleted between listing and choosing: a plain message rather than a broken card.
        return { composeExtension: { type: 'message', text: composeText[lang].articleGone } };
      }
      return list([attachmentFor(chosen)]);
    },

    async queryLink(value, lang) {
      const parsed = linkSchema.safeParse(value);
      if (!parsed.success) return empty();
      refresh();
      const page = resolver.resolve(parsed.data.url);
      if (!page) return empty();
      const articleId = articleByPage.get(page.key);
      const summary = articleId ? snippet(articleId, lang) : null;
      const card = pageCard(page, summary ? summary.blocks : null, lang);
      return list([resultAttachment(card, { title: page.title, text: oneLine(summary?.blocks[0] ?? composeText[lang].pageCardSubtitle) })]);
    },
  };
}
