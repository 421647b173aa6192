import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createTabLinks, CHANNEL_TAB_ENTITY_ID, PERSONAL_TAB_ENTITY_ID } from '../../../bot/cards/tab-links.js';
import { hashForSubPage } from '../../../tab/src/deep-link.js';
import { loadConfig } from '../../../bot/config.js';

const APP_ID = '6a0f3c1e-2b4d-4e5f-8a9b-0c1d2e3f4a5b';
const BASE = 'https://oph-bot.example';

/** Splits a Teams entity deep link into its parts (and fails on anything else). */
function parseDeepLink(link: string) {
  const url = new URL(link);
  assert.equal(url.origin, 'https://teams.microsoft.com');
  const match = /^\/l\/entity\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  assert.ok(match, `not an entity deep link: ${link}`);
  assert.ok(!link.includes('+'), 'spaces must be %20, not +');
  return {
    appId: decodeURIComponent(match[1]!),
    entityId: decodeURIComponent(match[2]!),
    webUrl: url.searchParams.get('webUrl'),
    context: JSON.parse(url.searchParams.get('context') ?? 'null') as Record<string, string>,
    label: url.searchParams.get('label'),
  };
}

describe('tab links (issue 13 §1)', () => {
  it('without a Teams app id keeps the local tab URLs', () => {
    const links = createTabLinks({ publicBaseUrl: 'http://localhost:3978/' });
    assert.equal(links.deepLinks, false);
    assert.equal(links.page(''), 'http://localhost:3978/tab/');
    assert.equal(links.page('feedback/KE-2026-0042'), 'http://localhost:3978/tab/#/feedback/KE-2026-0042');
  });

  it('with a Teams app id builds personal tab deep links carrying the page as subEntityId', () => {
    const links = createTabLinks({ publicBaseUrl: BASE, teamsAppId: APP_ID });
    assert.equal(links.deepLinks, true);
    const parsed = parseDeepLink(links.page('feedback/KE-2026-0042'));
    assert.equal(parsed.appId, APP_ID);
    assert.equal(parsed.entityId, PERSONAL_TAB_ENTITY_ID);
    assert.deepEqual(parsed.context, { subEntityId: 'feedback/KE-2026-0042' });
    assert.equal(parsed.webUrl, `${BASE}/tab/#/feedback/KE-2026-0042`);
    const overview = parseDeepLink(links.page(''));
    assert.deepEqual(overview.context, { subEntityId: '' });
    assert.equal(overview.webUrl, `${BASE}/tab/`);
  });

  it('builds the channel tab variant with the channel id in the context', () => {
    const links = createTabLinks({ publicBaseUrl: BASE, teamsAppId: APP_ID });
    const channelId = '19:abc123@thread.tacv2';
    const parsed = parseDeepLink(links.page('admin/users', { channelId, label: 'Jäsenpyynnöt ja roolit' }));
    assert.equal(parsed.entityId, CHANNEL_TAB_ENTITY_ID);
    assert.deepEqual(parsed.context, { subEntityId: 'admin/users', channelId });
    assert.equal(parsed.label, 'Jäsenpyynnöt ja roolit');
  });

  it('refuses page paths the app does not build (no injection into the link)', () => {
    const links = createTabLinks({ publicBaseUrl: BASE, teamsAppId: APP_ID });
    for (const bad of ['feedback/../x"y', 'feedback/../admin', 'a b', 'javascript:alert(1)', 'x?y=1', 'x#y'])
      assert.throws(() => links.page(bad), /not a tab page/);
  });

  it('the entity ids match the manifest personal tab and the channel tab configuration page', async () => {
    const manifest = JSON.parse(await readFile('manifest/manifest.template.json', 'utf8')) as {
      staticTabs: Array<{ entityId: string; contentUrl?: string }>;
    };
    assert.ok(manifest.staticTabs.some((t) => t.entityId === PERSONAL_TAB_ENTITY_ID && t.contentUrl?.endsWith('/tab/')));
    const configPage = await readFile('tab/src/config.ts', 'utf8');
    assert.ok(configPage.includes(`entityId: '${CHANNEL_TAB_ENTITY_ID}'`));
  });

  it('TEAMS_APP_ID is read by the config schema and must be a GUID', () => {
    assert.equal(loadConfig({ LOCAL_MODE: 'true', TEAMS_APP_ID: APP_ID }).TEAMS_APP_ID, APP_ID);
    assert.equal(loadConfig({ LOCAL_MODE: 'true' }).TEAMS_APP_ID, undefined);
    assert.throws(() => loadConfig({ LOCAL_MODE: 'true', TEAMS_APP_ID: 'not-a-guid' }), /TEAMS_APP_ID/);
  });

  it('no code outside the helper builds a URL into the tab by hand', async () => {
    const offenders: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(file);
        else if (file.endsWith('.ts') && file !== path.join('bot', 'cards', 'tab-links.ts')) {
          const source = (await readFile(file, 'utf8')).split('\n').filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line));
          // A tab address in code: "/tab/#…", or "/tab/" right after an interpolation or a host.
          for (const line of source)
            if (/\/tab\/#|\}\/tab\/|https?:\/\/[^'"`\s]*\/tab\//.test(line)) offenders.push(`${file}: ${line.trim()}`);
        }
      }
    };
    await walk('bot');
    assert.deepEqual(offenders, []);
  });
});

describe('tab deep-link routing: subPageId → hash route', () => {
  it('routes a subPageId to the tab page', () => {
    assert.equal(hashForSubPage('feedback/KE-2026-0042'), '#/feedback/KE-2026-0042');
    assert.equal(hashForSubPage('institution/inst-a'), '#/institution/inst-a');
    assert.equal(hashForSubPage('admin/users'), '#/admin/users');
    assert.equal(hashForSubPage('/gaps'), '#/gaps');
  });
  it('ignores an empty or foreign subPageId (stays on the overview)', () => {
    for (const value of [undefined, null, '', '   ', 'javascript:alert(1)', 'a b', 'x?y', '../../etc', 'x'.repeat(300)])
      assert.equal(hashForSubPage(value), null, String(value));
  });
});
