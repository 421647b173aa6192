/**
 * Seed data of the fake ONR test environment. Every henkilötunnus here is a TEST code (individual
 * number 900–999, correct check character) and every OID is a QA-node (98) OID with a Luhn check
 * digit, so the whole set is safe to show to users as "identifiers you may try".
 */
import { personOid } from './rules.js';

export type SeedScenario =
  /** Identified person; /hae returns the OID as its oppijanumero. Has a linked duplicate. */
  | 'identified-master'
  /** Passivated duplicate (slave) OID linked to a master; no hetu of its own. */
  | 'duplicate'
  /** Exists in ONR but is not identified yet: oppijanumero null. */
  | 'unidentified'
  /** Passivated person (no links). */
  | 'passivated'
  /** Identified person whose code uses a 2023 century sign. */
  | 'identified'
  /** Hyphenated first name: the kutsumanimi may be either part. */
  | 'hyphenated-name';

export interface SeedPerson {
  oid: string;
  hetu: string | null;
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  /** Identified (yksilöity): then oppijanumero = OID. */
  identified: boolean;
  passivoitu: boolean;
  scenario: SeedScenario;
  /** Master OID when this is a linked duplicate. */
  masterOid?: string;
}

const oid = (n: number) => personOid(98, `55500000${String(n).padStart(2, '0')}`);

export const SEED_ONR_PERSONS: readonly SeedPerson[] = [
  {
    oid: oid(1),
    hetu: '290288-944F',
    etunimet: 'Maija Anneli',
    kutsumanimi: 'Maija',
    sukunimi: 'Testinen',
    identified: true,
    passivoitu: false,
    scenario: 'identified-master',
  },
  {
    oid: oid(2),
    hetu: null,
    etunimet: 'Maija Anneli',
    kutsumanimi: 'Maija',
    sukunimi: 'Testinen',
    identified: false,
    passivoitu: true,
    scenario: 'duplicate',
    masterOid: oid(1),
  },
  {
    oid: oid(3),
    hetu: '150605A9138',
    etunimet: 'Veeti',
    kutsumanimi: 'Veeti',
    sukunimi: 'Testilä',
    identified: false,
    passivoitu: false,
    scenario: 'unidentified',
  },
  {
    oid: oid(4),
    hetu: '311299-966C',
    etunimet: 'Aino Helmi',
    kutsumanimi: 'Helmi',
    sukunimi: 'Koekäyttäjä',
    identified: true,
    passivoitu: true,
    scenario: 'passivated',
  },
  {
    oid: oid(5),
    hetu: '070707F990W',
    etunimet: 'Sofia Elina',
    kutsumanimi: 'Sofia',
    sukunimi: 'Testinen',
    identified: true,
    passivoitu: false,
    scenario: 'identified',
  },
  // Same digits as Maija's code but the 2023 sign Y: a different person (the sign is part of the code).
  {
    oid: oid(6),
    hetu: '290288Y944F',
    etunimet: 'Liisa Maria',
    kutsumanimi: 'Maria',
    sukunimi: 'Koe',
    identified: true,
    passivoitu: false,
    scenario: 'identified',
  },
  {
    oid: oid(7),
    hetu: '010170U9815',
    etunimet: 'Juha-Pekka',
    kutsumanimi: 'Pekka',
    sukunimi: 'Testaaja',
    identified: true,
    passivoitu: false,
    scenario: 'hyphenated-name',
  },
];

export interface VtjPerson {
  hetu: string;
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
}

/** Known to the population register (VTJ test set) but not yet to ONR: /hae creates them. */
export const SEED_VTJ_ONLY: readonly VtjPerson[] = [
  { hetu: '241012C927J', etunimet: 'Eino Ilmari', kutsumanimi: 'Eino', sukunimi: 'Testinen' },
  { hetu: '150605B9138', etunimet: 'Oskari', kutsumanimi: 'Oskari', sukunimi: 'Koe' },
];

/** A valid test code known neither to ONR nor to VTJ: /hae answers 404. */
export const NOT_FOUND_HETU = '121285-902E';

export interface ServiceUser {
  username: string;
  password: string;
  clientSecret: string;
  oid: string;
  /** JWT-claim shape: organisation OID → roles; '' means a role without an organisation suffix. */
  roles: Record<string, string[]>;
}

export const FAKE_ORGANISATION_OID = '1.2.246.562.10.70000000011';
export const YLEISTUNNISTE_ROLE = 'OPPIJANUMEROREKISTERI_YLEISTUNNISTE_LUONTI';

/** Fake-only credentials; never valid anywhere but this fake. */
export const FAKE_ONR_CREDENTIALS = {
  username: 'fake-onr-client',
  password: 'fake-onr-password',
  clientId: 'fake-onr-client',
  clientSecret: 'fake-onr-secret',
} as const;

export const FAKE_NO_ROLE_CREDENTIALS = {
  username: 'fake-onr-norole',
  password: 'fake-onr-password',
  clientId: 'fake-onr-norole',
  clientSecret: 'fake-onr-secret',
} as const;

export function seedServiceUsers(): ServiceUser[] {
  return [
    {
      username: FAKE_ONR_CREDENTIALS.username,
      password: FAKE_ONR_CREDENTIALS.password,
      clientSecret: FAKE_ONR_CREDENTIALS.clientSecret,
      oid: personOid(98, '9999900001'),
      roles: { [FAKE_ORGANISATION_OID]: [YLEISTUNNISTE_ROLE] },
    },
    {
      username: FAKE_NO_ROLE_CREDENTIALS.username,
      password: FAKE_NO_ROLE_CREDENTIALS.password,
      clientSecret: FAKE_NO_ROLE_CREDENTIALS.clientSecret,
      oid: personOid(98, '9999900002'),
      roles: {},
    },
  ];
}

/** The public view of a seeded person (GET /__fake/persons and the bot's test-identifier list). */
export interface SeedPersonView {
  hetu: string | null;
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
  oid: string;
  oppijanumero: string | null;
  passivoitu: boolean;
  linked: string[];
  scenario: SeedScenario;
}

/** The seeded persons as ONR shows them before any test changes the state. */
export function seedPersonViews(): SeedPersonView[] {
  return SEED_ONR_PERSONS.map((p) => {
    const master = p.masterOid ? SEED_ONR_PERSONS.find((m) => m.oid === p.masterOid) : p;
    const slaves = SEED_ONR_PERSONS.filter((s) => s.masterOid === p.oid).map((s) => s.oid);
    const linked = p.masterOid
      ? [p.masterOid, ...SEED_ONR_PERSONS.filter((s) => s.masterOid === p.masterOid && s.oid !== p.oid).map((s) => s.oid)]
      : slaves;
    return {
      hetu: p.hetu,
      etunimet: p.etunimet,
      kutsumanimi: p.kutsumanimi,
      sukunimi: p.sukunimi,
      oid: p.oid,
      oppijanumero: master?.identified ? master.oid : null,
      passivoitu: p.passivoitu,
      linked,
      scenario: p.scenario,
    };
  });
}
