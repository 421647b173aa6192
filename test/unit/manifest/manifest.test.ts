import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AppPackageError,
  buildAppPackage,
  buildZip,
  checkIcons,
  fillPlaceholders,
  findPlaceholders,
  parseEnvFile,
  readPngSize,
  readZip,
  unicodeSafePattern,
  validateLocalization,
  validateManifest,
} from '../../../scripts/app-package.js';
import { decodePng, encodeRgbaPng } from '../../../scripts/png-image.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const MANIFEST_DIR = path.join(ROOT, 'manifest');
const read = (name: string) => readFileSync(path.join(MANIFEST_DIR, name));

/** Sample values shaped like what provisioning writes (GUIDs, a bare host name). */
const SAMPLE_VARS = {
  TEAMS_APP_ID: '0f6c3a2e-7b1d-4c8e-9a5f-2d3b4c5d6e7f',
  BOT_ID: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  AAD_APP_CLIENT_ID: '9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4',
  BOT_DOMAIN: 'oppijanumero-bot.example.org',
};

function filledManifest(): Record<string, unknown> {
  const { text, missing } = fillPlaceholders(read('manifest.template.json').toString('utf8'), SAMPLE_VARS);
  assert.deepEqual(missing, []);
  return JSON.parse(text) as Record<string, unknown>;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('Teams app manifest', () => {
  describe('placeholders', () => {
    it('uses exactly the ${{NAME}} placeholders provisioning fills', () => {
      const names = findPlaceholders(read('manifest.template.json').toString('utf8'));
      assert.deepEqual([...names].sort(), ['AAD_APP_CLIENT_ID', 'BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
    });

    it('reports every unfilled or empty placeholder and leaves it in place', () => {
      const result = fillPlaceholders('{"a":"${{ONE}}","b":"${{ TWO }}","c":"${{THREE}}"}', { ONE: 'x', TWO: '' });
      assert.deepEqual(result.missing, ['TWO', 'THREE']);
      assert.equal(result.text, '{"a":"x","b":"${{ TWO }}","c":"${{THREE}}"}');
    });

    it('escapes values so they cannot break out of the JSON string', () => {
      const { text } = fillPlaceholders('{"a":"${{V}}"}', { V: 'x","evil":"1' });
      assert.deepEqual(JSON.parse(text), { a: 'x","evil":"1' });
    });

    it('parses Toolkit env files', () => {
      const vars = parseEnvFile('# comment\nTEAMS_APP_ID=abc\n\nBOT_DOMAIN="host.example.org"\nEMPTY=\nnot a line\n');
      assert.deepEqual(vars, { TEAMS_APP_ID: 'abc', BOT_DOMAIN: 'host.example.org', EMPTY: '' });
    });
  });

  describe('schema validation (bundled schema, offline)', () => {
    it('the filled template has zero schema and rule errors', async () => {
      const manifest = filledManifest();
      assert.equal(manifest.manifestVersion, '1.23');
      assert.deepEqual(await validateManifest(manifest), []);
    });

    it('a lower-case "groupchat" bot scope fails validation', async () => {
      const broken = clone(filledManifest()) as { bots: Array<{ scopes: string[] }> };
      broken.bots[0]!.scopes = ['personal', 'team', 'groupchat'];
      const errors = await validateManifest(broken);
      assert.ok(errors.length > 0, 'expected validation errors');
      assert.ok(
        errors.some((e) => e.includes('/bots/0/scopes/2') && e.includes('allowed values')),
        `errors should point at the bad scope: ${errors.join(' | ')}`,
      );
    });

    it('a missing required field and a non-GUID id fail validation', async () => {
      const broken = clone(filledManifest());
      delete broken.developer;
      broken.id = 'not-a-guid';
      const errors = await validateManifest(broken);
      assert.ok(
        errors.some((e) => e.includes("must have required property 'developer'")),
        errors.join(' | '),
      );
      assert.ok(
        errors.some((e) => e.startsWith('/id ')),
        errors.join(' | '),
      );
    });

    it('rules beyond the schema: tab host outside validDomains and a wrong SSO resource fail', async () => {
      const broken = clone(filledManifest()) as Record<string, unknown> & { webApplicationInfo: { resource: string } };
      broken.validDomains = ['other.example.org'];
      broken.webApplicationInfo.resource = `api://${SAMPLE_VARS.BOT_DOMAIN}/${SAMPLE_VARS.BOT_ID}`;
      const errors = await validateManifest(broken);
      assert.ok(
        errors.some((e) => e.includes('staticTabs[1].contentUrl') && e.includes('validDomains')),
        errors.join(' | '),
      );
      assert.ok(
        errors.some((e) => e.includes('configurableTabs[0].configurationUrl')),
        errors.join(' | '),
      );
      assert.ok(
        errors.some((e) => e.includes('must end with webApplicationInfo.id')),
        errors.join(' | '),
      );
    });

    it('leftover placeholders are reported by name', async () => {
      const raw = JSON.parse(read('manifest.template.json').toString('utf8')) as Record<string, unknown>;
      const errors = await validateManifest(raw);
      assert.ok(
        errors.some((e) => e.includes('unfilled placeholders')),
        errors.join(' | '),
      );
    });

    it('declares the bot, its commands per scope, both tabs and SSO', () => {
      const m = filledManifest() as {
        bots: Array<{ botId: string; scopes: string[]; commandLists: Array<{ scopes: string[]; commands: Array<{ title: string }> }> }>;
        staticTabs: Array<{ entityId: string; name?: string; contentUrl?: string }>;
        configurableTabs: Array<{ configurationUrl: string; scopes: string[] }>;
        webApplicationInfo: { id: string; resource: string };
        validDomains: string[];
        localizationInfo: { defaultLanguageTag: string };
      };
      const bot = m.bots[0]!;
      assert.equal(bot.botId, SAMPLE_VARS.BOT_ID);
      assert.deepEqual(bot.scopes, ['personal', 'team', 'groupChat']);
      const personal = bot.commandLists.find((l) => l.scopes.includes('personal'))!.commands.map((c) => c.title);
      assert.deepEqual(personal, [
        'apua',
        'testihaku',
        'palaute',
        'kehitysehdotus',
        'ehdotukset',
        'tilanne',
        'tiedote',
        'aukot',
        'testioppijanumerot',
      ]);
      for (const scope of ['team', 'groupChat'])
        assert.ok(
          bot.commandLists.some((l) => l.scopes.includes(scope)),
          scope,
        );
      const tab = m.staticTabs.find((t) => t.name === 'Liittymistilanne');
      assert.equal(tab?.contentUrl, `https://${SAMPLE_VARS.BOT_DOMAIN}/tab/`);
      assert.equal(m.configurableTabs[0]!.configurationUrl, `https://${SAMPLE_VARS.BOT_DOMAIN}/tab/config.html`);
      assert.deepEqual(m.webApplicationInfo, {
        id: SAMPLE_VARS.AAD_APP_CLIENT_ID,
        resource: `api://${SAMPLE_VARS.BOT_DOMAIN}/${SAMPLE_VARS.AAD_APP_CLIENT_ID}`,
      });
      assert.deepEqual(m.validDomains, [SAMPLE_VARS.BOT_DOMAIN]);
      assert.equal(m.localizationInfo.defaultLanguageTag, 'fi-FI');
    });
  });

  describe('localization files', () => {
    for (const file of ['sv.json', 'en.json']) {
      it(`${file} is valid against the bundled localization schema and matches the manifest`, async () => {
        const localization = JSON.parse(read(file).toString('utf8')) as Record<string, unknown>;
        assert.deepEqual(await validateLocalization(localization, filledManifest()), []);
      });
    }

    it('an over-long short description and a key pointing nowhere fail', async () => {
      const localization = JSON.parse(read('sv.json').toString('utf8')) as Record<string, unknown>;
      localization['description.short'] = 'x'.repeat(81);
      localization['bots[0].commandLists[2].commands[9].title'] = 'ingenting';
      const errors = await validateLocalization(localization, filledManifest());
      assert.ok(
        errors.some((e) => e.includes('/description.short') && e.includes('80')),
        errors.join(' | '),
      );
      assert.ok(
        errors.some((e) => e.includes('refers to nothing')),
        errors.join(' | '),
      );
    });

    it('repairs the lone "]" in the bundled schema pattern without changing what it matches', () => {
      const original = String.raw`^activities.activityTypes\[\b([0-9]|[1-8][0-9])\b]\.description$`;
      assert.throws(() => new RegExp(original, 'u'));
      const safe = new RegExp(unicodeSafePattern(original), 'u');
      const legacy = new RegExp(original);
      for (const key of [
        'activities.activityTypes[3].description',
        'activities.activityTypes[42].description',
        'activities.activityTypes[x].description',
      ]) {
        assert.equal(safe.test(key), legacy.test(key), key);
      }
    });
  });

  describe('icons', () => {
    it('colour icon is 192×192 and outline icon 32×32', () => {
      assert.deepEqual(readPngSize(read('color.png')), { width: 192, height: 192 });
      assert.deepEqual(readPngSize(read('outline.png')), { width: 32, height: 32 });
    });

    it('outline icon has only white or fully transparent pixels, and both kinds exist', () => {
      const { pixels, width, height } = decodePng(read('outline.png'));
      let white = 0;
      let transparent = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] === 0) transparent++;
        else {
          assert.deepEqual([pixels[i], pixels[i + 1], pixels[i + 2]], [255, 255, 255], `pixel ${i / 4} is not white`);
          white++;
        }
      }
      assert.equal(white + transparent, width * height);
      assert.ok(white > 50 && transparent > 300, `white ${white}, transparent ${transparent}`);
      assert.deepEqual(checkIcons({ color: read('color.png'), outline: read('outline.png') }), []);
    });

    it('the icon check rejects a wrong size and a coloured outline', () => {
      const red = new Uint8Array(32 * 32 * 4);
      for (let i = 0; i < red.length; i += 4) red.set([200, 0, 0, i < 400 ? 255 : 0], i);
      const problems = checkIcons({ color: read('outline.png'), outline: encodeRgbaPng({ width: 32, height: 32, pixels: red }) });
      assert.ok(
        problems.some((p) => p.includes('colour icon is 32×32')),
        problems.join(' | '),
      );
      assert.ok(
        problems.some((p) => p.includes('not white')),
        problems.join(' | '),
      );
    });
  });

  describe('app package zip', () => {
    let workDir: string;
    before(() => {
      workDir = mkdtempSync(path.join(tmpdir(), 'onr-app-package-'));
    });
    after(() => {
      rmSync(workDir, { recursive: true, force: true });
    });

    it('zip round-trips entries byte for byte, and is deterministic', () => {
      const entries = [
        { name: 'a.json', data: Buffer.from('{"a":1}'.repeat(50)) },
        { name: 'empty.txt', data: Buffer.alloc(0) },
        { name: 'icon.png', data: read('color.png') },
      ];
      const zip = buildZip(entries);
      assert.deepEqual(buildZip(entries), zip);
      const back = readZip(zip);
      assert.deepEqual(
        back.map((e) => e.name),
        entries.map((e) => e.name),
      );
      back.forEach((e, i) => assert.ok(e.data.equals(entries[i]!.data), e.name));
      assert.throws(() => buildZip([{ name: '../evil', data: Buffer.alloc(1) }]), /invalid entry name/);
    });

    it('builds a package with manifest.json, localization files and icons at the root', async () => {
      const result = await buildAppPackage({ manifestDir: MANIFEST_DIR, vars: SAMPLE_VARS });
      const names = readZip(result.zip).map((e) => e.name);
      assert.deepEqual(names, ['manifest.json', 'sv.json', 'en.json', 'color.png', 'outline.png']);
      const manifest = JSON.parse(readZip(result.zip)[0]!.data.toString('utf8')) as { id: string };
      assert.equal(manifest.id, SAMPLE_VARS.TEAMS_APP_ID);
      assert.deepEqual(findPlaceholders(result.zip.toString('latin1')), []);

      // A standard tool must accept it too (skipped only where unzip is not installed).
      const zipFile = path.join(workDir, 'appPackage.test.zip');
      writeFileSync(zipFile, result.zip);
      if (spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0) {
        const listing = execFileSync('unzip', ['-Z1', zipFile], { encoding: 'utf8' }).trim().split('\n');
        assert.deepEqual(listing, names);
        assert.match(execFileSync('unzip', ['-t', zipFile], { encoding: 'utf8' }), /No errors detected/);
      }
    });

    it('refuses to build with unfilled placeholders and names each one', async () => {
      await assert.rejects(
        buildAppPackage({ manifestDir: MANIFEST_DIR, vars: { TEAMS_APP_ID: SAMPLE_VARS.TEAMS_APP_ID } }),
        (error: unknown) => {
          assert.ok(error instanceof AppPackageError);
          const text = error.problems.join('\n');
          for (const name of ['BOT_ID', 'BOT_DOMAIN', 'AAD_APP_CLIENT_ID']) assert.ok(text.includes(`\${{${name}}}`), name);
          assert.ok(!text.includes('TEAMS_APP_ID'));
          return true;
        },
      );
    });

    it('refuses to build when a value makes the manifest invalid', async () => {
      await assert.rejects(
        buildAppPackage({ manifestDir: MANIFEST_DIR, vars: { ...SAMPLE_VARS, BOT_ID: 'not-a-guid' } }),
        (error: unknown) => error instanceof AppPackageError && error.problems.some((p) => p.includes('/bots/0/botId')),
      );
    });
  });
});
