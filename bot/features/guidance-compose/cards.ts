/**
 * Cards of the compose-box search and of unfurled guidance links; the layouts are templates in ./cards/.
 * Article text is reviewed KB content; the only outside text is a page title from the catalogue. No
 * Action.Execute buttons (so no card verbs): an inserted card lives in conversations where the bot may
 * not be installed, so it carries links only.
 */
import { type AdaptiveCard, CARD_CONTENT_TYPE } from '../../cards/card.js';
import { defineCardTemplate } from '../../cards/template.js';
import type { Lang } from '../../i18n/index.js';
import type { GuidancePage as SourcePage } from './page-links.js';
import { composeText } from './i18n.js';
import insertedAnswerJson from './cards/inserted-answer.json' with { type: 'json' };
import pageJson from './cards/page.json' with { type: 'json' };

export const THUMBNAIL_CONTENT_TYPE = 'application/vnd.microsoft.card.thumbnail';
const PREVIEW_CHARS = 140;

/** Markdown → one plain line for the result list (Teams shows the preview text as is). */
export function oneLine(markdown: string, max = PREVIEW_CHARS): string {
  const plain = markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`#<>&]/g, '')
    .replace(/^\s*(?:[-+]|\d+[.)])\s+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}

export interface GuidanceSnippet {
  articleId: string;
  lang: Lang;
  title: string;
  /** Markdown blocks of the answer's lead text. */
  blocks: string[];
  pages: SourcePage[];
}

interface Link {
  title: string;
  url: string;
}

/** Data of `cards/inserted-answer.json`. */
export interface InsertedAnswerCardData {
  title: string;
  source: string;
  /** Markdown passages (KB content). */
  blocks: string[];
  /** At most three "Lue lisää" links to the source pages. */
  links: Link[];
}

/** Data of `cards/page.json`. */
export interface PageCardData {
  title: string;
  subtitle: string;
  summary: string[];
  open: Link;
}

const insertedAnswerTemplate = defineCardTemplate<InsertedAnswerCardData>('guidance-compose/inserted-answer', insertedAnswerJson);
const pageTemplate = defineCardTemplate<PageCardData>('guidance-compose/page', pageJson);

/** The answer card inserted into the conversation: title, passage and "Lue lisää" source links. */
export function insertedAnswerCard(snippet: GuidanceSnippet): AdaptiveCard {
  const t = composeText[snippet.lang];
  return insertedAnswerTemplate.expand({
    title: snippet.title,
    source: t.source,
    blocks: snippet.blocks.slice(0, 3),
    links: snippet.pages.slice(0, 3).map((page) => ({ title: t.readMore(page.title), url: page.url })),
  });
}

/** The card of an unfurled link: the page's title, the KB's summary of it and a button to the page. */
export function pageCard(page: SourcePage, summary: string[] | null, lang: Lang): AdaptiveCard {
  const t = composeText[lang];
  return pageTemplate.expand({
    title: page.title,
    subtitle: t.pageCardSubtitle,
    summary: summary?.length ? summary.slice(0, 2) : [t.noSummary],
    open: { title: t.openPage, url: page.url },
  });
}

/** One message-extension attachment: the card to insert plus the list preview. */
export function resultAttachment(card: AdaptiveCard, preview: { title: string; text: string; tapValue?: Record<string, unknown> }) {
  return {
    contentType: CARD_CONTENT_TYPE,
    content: card,
    preview: {
      contentType: THUMBNAIL_CONTENT_TYPE,
      content: {
        title: preview.title,
        text: preview.text,
        ...(preview.tapValue ? { tap: { type: 'invoke', value: preview.tapValue } } : {}),
      },
    },
  };
}
