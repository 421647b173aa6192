/**
 * Recognises a pasted link as one of the service's guidance pages. Confluence (wiki.eduuni.fi) gives a
 * page several addresses: the display path (`/display/OPHPALV/Title+With+Words`), the page id
 * (`/pages/viewpage.action?pageId=N`, `/spaces/OPHPALV/pages/N/Title`) and a short link (`/x/Code`);
 * people paste them with anchors and tracking query strings. Each address is reduced to one identity
 * (host + page id, display title or short code, plus the anchor) and looked up in the page catalogue.
 */

/**
 * Further addresses of catalogue pages (shared/knowledge/pages.json `alternateUrls`), kept here so the
 * bot reads no file outside the repository; a unit test keeps it equal to pages.json.
 */
/** A catalogue page as the guidance engine gives it (`engine.pages()`). */
export interface GuidancePage {
  key: string;
  title: string;
  url: string;
}

export const ALTERNATE_PAGE_URLS: Readonly<Record<string, readonly string[]>> = {
  oppijanumeropalvelu: ['https://wiki.eduuni.fi/display/OPHPALV/Oppijanumeropalvelu'],
  'testaus-suppeat': ['https://wiki.eduuni.fi/spaces/OPHPALV/pages/242718634/Oppijanumeropalvelun+testaus+suppeat+tiedot'],
  'laajat-tiedot': ['https://wiki.eduuni.fi/pages/viewpage.action?pageId=421043582'],
  'rajapintojen-autentikaatio': ['https://confluence.csc.fi/display/oppija/Rajapintojen+autentikaatio'],
};

const MAX_URL_CHARS = 2048;

function decodePart(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value.replace(/\+/g, ' ');
  }
}

/** The page's identity without the anchor, or null when the address is not a page we can name. */
function pageIdentity(url: URL): string | null {
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const path = url.pathname.replace(/\/+$/, '');
  const pageId = url.searchParams.get('pageId') ?? /\/spaces\/[^/]+\/pages\/(\d+)(?:\/|$)/.exec(path)?.[1];
  if (pageId && /^\d+$/.test(pageId)) return `${host}|id:${pageId}`;
  const display = /^\/display\/([^/]+)\/([^/]+)$/.exec(path);
  if (display) {
    const space = decodePart(display[1]!).toLowerCase();
    const title = decodePart(display[2]!).normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
    return `${host}|display:${space}/${title}`;
  }
  const short = /^\/x\/([A-Za-z0-9_-]+)$/.exec(path);
  if (short) return `${host}|x:${short[1]}`;
  // Other sites in the catalogue (GitHub, opintopolku.fi): the path itself, query and anchor ignored.
  return path ? `${host}|path:${decodePart(path).toLowerCase()}` : null;
}

function parse(raw: string): URL | null {
  if (typeof raw !== 'string' || raw.length > MAX_URL_CHARS) return null;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

const anchorOf = (url: URL) => decodePart(url.hash.replace(/^#/, '')).toLowerCase();

export interface PageResolver {
  /** The catalogue page a pasted URL points to, or null (not one of the service's pages). */
  resolve(url: string): GuidancePage | null;
}

export function createPageResolver(pages: readonly GuidancePage[], alternates = ALTERNATE_PAGE_URLS): PageResolver {
  const byIdentity = new Map<string, GuidancePage>();
  for (const page of pages) {
    for (const address of [page.url, ...(alternates[page.key] ?? [])]) {
      const url = parse(address);
      const identity = url && pageIdentity(url);
      if (!url || !identity) continue;
      const anchor = anchorOf(url);
      // A catalogue entry for a section (…#vaihtoehdot) is found only with that anchor; the page itself with any other.
      const key = anchor ? `${identity}#${anchor}` : identity;
      if (!byIdentity.has(key)) byIdentity.set(key, page);
    }
  }
  return {
    resolve(raw) {
      const url = parse(raw);
      const identity = url && pageIdentity(url);
      if (!url || !identity) return null;
      const anchor = anchorOf(url);
      return (anchor ? byIdentity.get(`${identity}#${anchor}`) : undefined) ?? byIdentity.get(identity) ?? null;
    },
  };
}
