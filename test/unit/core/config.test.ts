import assert from 'node:assert/strict';
import { ConfigError, isAllowedOnrUrl, loadConfig, loadEntryConfig } from '../../../bot/config.js';

describe('config', () => {
  it('starts in local mode with defaults when no Microsoft app id is set', () => {
    const config = loadConfig({ LOCAL_MODE: 'true' });
    assert.equal(config.mode, 'local');
    assert.equal(config.PORT, 3978);
    assert.equal(config.DATA_DIR, './data');
    assert.equal(config.LOCAL_PLAYGROUND, true);
    assert.equal(config.ANNOUNCEMENT_APPROVAL, 'single');
  });

  it('parses booleans and numbers', () => {
    const config = loadConfig({ LOCAL_MODE: 'true', LOCAL_PLAYGROUND: 'false', PORT: '4000', OUTBOX_APP_RPS: '12' });
    assert.equal(config.LOCAL_PLAYGROUND, false);
    assert.equal(config.PORT, 4000);
    assert.equal(config.OUTBOX_APP_RPS, 12);
  });

  it('names every missing production key and never prints a value', () => {
    try {
      loadConfig({ LOCAL_MODE: 'true', MICROSOFT_APP_ID: 'app-id-value', MICROSOFT_APP_TYPE: 'SingleTenant' });
      assert.fail('should have thrown');
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      const text = error.message;
      for (const key of ['MICROSOFT_APP_TENANT_ID', 'MICROSOFT_APP_PASSWORD', 'TAB_CLIENT_ID', 'ONR_BASE_URL', 'PUBLIC_BASE_URL']) {
        assert.match(text, new RegExp(key));
      }
      assert.doesNotMatch(text, /app-id-value/);
    }
  });

  it('accepts a complete production configuration', () => {
    const config = loadConfig({
      LOCAL_MODE: 'true',
      MICROSOFT_APP_ID: 'a',
      MICROSOFT_APP_PASSWORD: 'b',
      MICROSOFT_APP_TENANT_ID: 'c',
      MICROSOFT_APP_TYPE: 'SingleTenant',
      TAB_CLIENT_ID: 'd',
      ONR_BASE_URL: 'https://virkailija.testiopintopolku.fi',
      ONR_USERNAME: 'u',
      ONR_PASSWORD: 'p',
      PUBLIC_BASE_URL: 'https://bot.example.fi',
    });
    assert.equal(config.mode, 'production');
  });

  it('accepts a managed identity without a password and refuses multi-tenant registrations', () => {
    const base = {
      MICROSOFT_APP_ID: 'a',
      MICROSOFT_APP_TENANT_ID: 'c',
      TAB_CLIENT_ID: 'd',
      ONR_BASE_URL: 'http://127.0.0.1:3980',
      ONR_USERNAME: 'u',
      ONR_PASSWORD: 'p',
      PUBLIC_BASE_URL: 'https://x',
    };
    assert.equal(loadConfig({ LOCAL_MODE: 'true', ...base, MICROSOFT_APP_TYPE: 'UserAssignedMSI' }).mode, 'production');
    assert.throws(
      () => loadConfig({ LOCAL_MODE: 'true', ...base, MICROSOFT_APP_TYPE: 'MultiTenant', MICROSOFT_APP_PASSWORD: 'p' }),
      /MultiTenant/,
    );
  });

  it('refuses the production ONR host and anything that is not a test environment', () => {
    assert.throws(() => loadConfig({ LOCAL_MODE: 'true', ONR_BASE_URL: 'https://virkailija.opintopolku.fi' }), /ONR_BASE_URL/);
    assert.throws(() => loadConfig({ LOCAL_MODE: 'true', ONR_BASE_URL: 'http://virkailija.testiopintopolku.fi' }), /ONR_BASE_URL/);
    assert.equal(isAllowedOnrUrl('https://virkailija.untuvaopintopolku.fi/'), true);
    assert.equal(isAllowedOnrUrl('https://virkailija.hahtuvaopintopolku.fi'), true);
    assert.equal(isAllowedOnrUrl('http://localhost:3980'), true);
    assert.equal(isAllowedOnrUrl('https://evil.example/virkailija.testiopintopolku.fi'), false);
    assert.equal(isAllowedOnrUrl('not a url'), false);
  });

  it('rejects bad values with the key named', () => {
    assert.throws(() => loadConfig({ LOCAL_MODE: 'true', PORT: 'abc' }), /PORT/);
    assert.throws(() => loadConfig({ LOCAL_MODE: 'true', LOG_LEVEL: 'loud' }), /LOG_LEVEL/);
    assert.throws(() => loadConfig({ LOCAL_MODE: 'true', ANNOUNCEMENT_APPROVAL: 'three' }), /ANNOUNCEMENT_APPROVAL/);
  });
});

describe('.env.example', () => {
  it('documents every configuration key, with no values', async () => {
    const { readFile } = await import('node:fs/promises');
    const { CONFIG_KEYS } = await import('../../../bot/config.js');
    const lines = (await readFile('.env.example', 'utf8')).split('\n').filter((l) => /^[A-Z_]+=/.test(l));
    const documented = new Set(lines.map((l) => l.split('=')[0]));
    for (const key of CONFIG_KEYS.filter((k) => k !== 'NODE_ENV')) assert.ok(documented.has(key), `${key} missing from .env.example`);
    for (const line of lines) assert.match(line, /^[A-Z_]+=$/, `a value is set in .env.example: ${line.split('=')[0]}`);
  });

  describe('issue 12 item 3: production never falls back to local mode', () => {
    it('without the bot identity and without LOCAL_MODE, start-up is refused naming every missing setting', () => {
      try {
        loadConfig({ TAB_CLIENT_ID: 'tab-client-value' });
        assert.fail('should have thrown');
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        for (const key of [
          'MICROSOFT_APP_ID',
          'MICROSOFT_APP_TENANT_ID',
          'MICROSOFT_APP_TYPE',
          'MICROSOFT_APP_PASSWORD',
          'ONR_BASE_URL',
          'PUBLIC_BASE_URL',
        ]) {
          assert.match(error.message, new RegExp(key));
        }
        assert.doesNotMatch(error.message, /TAB_CLIENT_ID|tab-client-value/, 'set settings are not listed, values never');
        assert.match(error.message, /npm start/);
      }
    });

    it('the entry allows local mode only with --local (npm start) or LOCAL_MODE=true', () => {
      assert.equal(loadEntryConfig(['--local'], {}).mode, 'local');
      assert.equal(loadEntryConfig([], { LOCAL_MODE: 'true' }).mode, 'local');
      assert.throws(() => loadEntryConfig([], {}), /MICROSOFT_APP_ID/);
      assert.throws(() => loadEntryConfig(['--local'], { LOCAL_MODE: 'false' }), /MICROSOFT_APP_ID/);
      assert.throws(() => loadEntryConfig(['--local'], { NODE_ENV: 'production' }), /MICROSOFT_APP_ID/);
    });

    it('local mode listens on loopback unless HOST is set; production on every interface', () => {
      assert.equal(loadConfig({ LOCAL_MODE: 'true' }).HOST, '127.0.0.1');
      assert.equal(loadConfig({ LOCAL_MODE: 'true', HOST: '0.0.0.0' }).HOST, '0.0.0.0');
      const production = loadConfig({
        MICROSOFT_APP_ID: 'a',
        MICROSOFT_APP_PASSWORD: 'b',
        MICROSOFT_APP_TENANT_ID: 'c',
        MICROSOFT_APP_TYPE: 'SingleTenant',
        TAB_CLIENT_ID: 'd',
        ONR_BASE_URL: 'https://virkailija.testiopintopolku.fi',
        ONR_USERNAME: 'u',
        ONR_PASSWORD: 'p',
        PUBLIC_BASE_URL: 'https://bot.example.fi',
      });
      assert.equal(production.HOST, '0.0.0.0');
    });
  });
});
