/**
 * The bot's outbound token is only ever sent to Teams' own connector hosts. Stored conversation
 * references carry a serviceUrl that becomes the target of authenticated calls, so it is checked
 * against this allow-list (botbuilder's own trustServiceUrl is a no-op in 4.23).
 */
const TEAMS_SERVICE_HOSTS = ['smba.trafficmanager.net', 'smba.infra.gcc.teams.microsoft.com', 'smba.infra.gov.teams.microsoft.us'];

export function createServiceUrlPolicy(options: { mode: 'local' | 'production'; extraHosts: string[] }) {
  const hosts = new Set([...TEAMS_SERVICE_HOSTS, ...options.extraHosts.map((h) => h.toLowerCase())]);
  return function isAllowedServiceUrl(raw: string): boolean {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (options.mode === 'local') return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    return url.protocol === 'https:' && hosts.has(url.hostname.toLowerCase());
  };
}
