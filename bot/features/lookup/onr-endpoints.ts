import { isAllowedOnrUrl } from './onr-hosts.js';

/**
 * Where each ONR test environment lives (onr-api.md §1). The production environment is deliberately
 * absent: a base URL that is not a test host or loopback is refused here as well as in config.
 */
export type OnrEnvironment = 'qa' | 'untuva' | 'hahtuva' | 'local';

interface KnownEnvironment {
  environment: Exclude<OnrEnvironment, 'local'>;
  /** Token endpoint of otuva for OAuth2 client credentials. */
  tokenUrl: string;
  /** The OAuth2 DNS name of ONR in that environment (same service and paths). */
  oauthApiOrigin: string;
}

const TEST_ENVIRONMENTS: Readonly<Record<string, KnownEnvironment>> = {
  'virkailija.testiopintopolku.fi': {
    environment: 'qa',
    tokenUrl: 'https://qa.otuva.opintopolku.fi/kayttooikeus-service/oauth2/token',
    oauthApiOrigin: 'https://qa.oppijanumerorekisteri.opintopolku.fi',
  },
  'virkailija.untuvaopintopolku.fi': {
    environment: 'untuva',
    tokenUrl: 'https://dev.otuva.opintopolku.fi/kayttooikeus-service/oauth2/token',
    oauthApiOrigin: 'https://dev.oppijanumerorekisteri.opintopolku.fi',
  },
  'virkailija.hahtuvaopintopolku.fi': {
    environment: 'hahtuva',
    tokenUrl: 'https://hahtuva.otuva.opintopolku.fi/kayttooikeus-service/oauth2/token',
    oauthApiOrigin: 'https://hahtuva.oppijanumerorekisteri.opintopolku.fi',
  },
};

export const ONR_CONTEXT_PATH = '/oppijanumerorekisteri-service';

export interface OnrEndpoints {
  environment: OnrEnvironment;
  /** Origin of CAS and of ONR for session-based calls, e.g. https://virkailija.testiopintopolku.fi */
  virkailijaOrigin: string;
  /** Origin ONR is called at with a bearer token (loopback: the same as virkailijaOrigin). */
  oauthApiOrigin: string;
  tokenUrl: string;
  /** The CAS service every ticket is issued for and ONR validates against. */
  casServiceUrl: string;
}

export class OnrConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnrConfigError';
  }
}

/** Resolves every URL the client may call from the configured base; throws for anything but a test host. */
export function resolveOnrEndpoints(baseUrl: string): OnrEndpoints {
  if (!isAllowedOnrUrl(baseUrl)) {
    throw new OnrConfigError('ONR base URL must be an ONR test environment host or loopback');
  }
  const url = new URL(baseUrl);
  if (url.username || url.password) throw new OnrConfigError('ONR base URL must not contain credentials');
  const origin = url.origin;
  const known = TEST_ENVIRONMENTS[url.hostname];
  const casServiceUrl = `${origin}${ONR_CONTEXT_PATH}/j_spring_cas_security_check`;
  if (known) {
    return {
      environment: known.environment,
      virkailijaOrigin: origin,
      oauthApiOrigin: known.oauthApiOrigin,
      tokenUrl: known.tokenUrl,
      casServiceUrl,
    };
  }
  // Loopback (the local fake): one origin serves CAS, ONR and the token endpoint.
  return {
    environment: 'local',
    virkailijaOrigin: origin,
    oauthApiOrigin: origin,
    tokenUrl: `${origin}/kayttooikeus-service/oauth2/token`,
    casServiceUrl,
  };
}
