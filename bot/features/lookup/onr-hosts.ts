/**
 * Which ONR environments a test look-up may reach: the lookup feature's own rule, which config.ts also
 * applies to ONR_BASE_URL at start-up (config imports it from here; features never import config).
 */

/** Hosts of OPH's test environments; the production host is deliberately absent. */
export const ONR_TEST_HOSTS = [
  'virkailija.testiopintopolku.fi',
  'virkailija.untuvaopintopolku.fi',
  'virkailija.hahtuvaopintopolku.fi',
] as const;
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]', '::1'];

export function isAllowedOnrUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    if (LOOPBACK_HOSTS.includes(url.hostname)) return url.protocol === 'http:' || url.protocol === 'https:';
    return url.protocol === 'https:' && (ONR_TEST_HOSTS as readonly string[]).includes(url.hostname);
  } catch {
    return false;
  }
}
