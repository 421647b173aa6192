/** Issue 13 §4: every form of every page URL in shared/knowledge/pages.json is recognised; others are not. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ALTERNATE_PAGE_URLS, createPageResolver } from '../../../bot/features/guidance-compose/page-links.js';
import { SOURCE_PAGES } from '../../../bot/features/guidance/source-pages.js';

interface CataloguePage {
  key: string;
  url: string;
  alternateUrls: string[];
}
// A copy of ../shared/knowledge/pages.json, so the suite runs without the shared folder.
const catalogue = (JSON.parse(readFileSync('test/fixtures/knowledge-pages.json', 'utf8')) as { pages: CataloguePage[] }).pages;
const resolver = createPageResolver(SOURCE_PAGES);
const keyOf = (url: string) => resolver.resolve(url)?.key ?? null;

/** The same address with a query string added (before any anchor). */
function withQuery(url: string, query: string): string {
  const [base, anchor] = url.split('#');
  return `${base}${base!.includes('?') ? '&' : '?'}${query}${anchor !== undefined ? `#${anchor}` : ''}`;
}

describe('guidance page links (issue 13 §4)', () => {
  it("the bot's page list and alternate URLs equal pages.json", () => {
    assert.deepEqual(
      SOURCE_PAGES.map((p) => [p.key, p.url]),
      catalogue.map((p) => [p.key, p.url]),
    );
    const alternates = Object.fromEntries(catalogue.filter((p) => p.alternateUrls.length).map((p) => [p.key, p.alternateUrls]));
    assert.deepEqual(ALTERNATE_PAGE_URLS, alternates);
  });

  for (const page of catalogue) {
    it(`recognises every form of ${page.key}`, () => {
      for (const address of [page.url, ...page.alternateUrls]) {
        const [base, anchor] = address.split('#') as [string, string | undefined];
        // The page a link without this anchor points to: the catalogue page at the base address, if any.
        const baseKey = anchor ? (catalogue.find((p) => p.url === base || p.alternateUrls.includes(base))?.key ?? null) : page.key;
        assert.equal(keyOf(address), page.key, address);
        assert.equal(keyOf(withQuery(address, 'src=contextnavpagetreemode')), page.key, `${address} + query`);
        assert.equal(keyOf(`${base}#some-other-heading`), baseKey, `${address} other anchor`);
        assert.equal(keyOf(base), baseKey, `${address} without anchor`);
        if (!anchor) {
          assert.equal(keyOf(`${address}#section-2`), page.key, `${address} with an anchor`);
          assert.equal(keyOf(withQuery(`${address}#x`, 'focusedCommentId=1')), page.key, `${address} with query and anchor`);
        }
        // Display paths as browsers and Confluence write them: %20 or + for spaces, encoded letters, other case, trailing slash.
        if (address.includes('/display/')) {
          assert.equal(keyOf(address.replace(/\+/g, '%20')), page.key, `${address} %20`);
          assert.equal(keyOf(encodeURI(decodeURIComponent(address.replace(/\+/g, ' ')))), page.key, `${address} percent-encoded`);
          assert.equal(keyOf(`${address.toLowerCase()}/`), page.key, `${address} lower case`);
        }
        if (address.startsWith('https://')) assert.equal(keyOf(address.replace('https://', 'http://')), page.key);
      }
    });
  }

  it('finds a pageId page by its /spaces/…/pages/<id>/ form too', () => {
    assert.equal(keyOf('https://wiki.eduuni.fi/spaces/OPHPALV/pages/439551624/Whatever+Title'), 'vaihe-2-tietosisallot');
    assert.equal(keyOf('https://wiki.eduuni.fi/pages/viewpage.action?spaceKey=OPHPALV&pageId=439551624'), 'vaihe-2-tietosisallot');
  });

  it("gives nothing for links outside the service's pages, and never throws", () => {
    for (const url of [
      'https://wiki.eduuni.fi/pages/viewpage.action?pageId=1',
      'https://wiki.eduuni.fi/display/OPHPALV/Jokin+muu+sivu',
      'https://wiki.eduuni.fi/display/OTHER/Oppijanumeropalvelu',
      'https://wiki.eduuni.fi/',
      'https://wiki.eduuni.fi/x/AAAAAA',
      'https://example.com/display/OPHPALV/Oppijanumeropalvelu',
      'https://evil.example/pages/viewpage.action?pageId=190613815',
      'not a url',
      'javascript:alert(1)',
      '',
      `https://wiki.eduuni.fi/display/OPHPALV/${'a'.repeat(3000)}`,
      'https://wiki.eduuni.fi/display/OPHPALV/%E0%A4%A',
    ]) {
      assert.equal(keyOf(url), null, url);
    }
  });
});
