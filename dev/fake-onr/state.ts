/**
 * In-memory state of the fake ONR test environment (onr-api.md §9.2): the VTJ test set, persons and
 * their master/slave links, service accounts, CAS tickets and sessions, bearer tokens and batch
 * imports. Pure logic, no HTTP: server.ts translates requests into calls here.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { hetuFacts, namesMatch, personOid, type NameFields, type NameMatching } from './rules.js';
import {
  NOT_FOUND_HETU,
  SEED_ONR_PERSONS,
  SEED_VTJ_ONLY,
  YLEISTUNNISTE_ROLE,
  seedServiceUsers,
  type SeedScenario,
  type ServiceUser,
  type VtjPerson,
} from './seed.js';

export interface FakeOnrSettings {
  /** QA accepts 9xx test codes (allow-fake-ssn: true); prod would not. */
  allowFakeSsn: boolean;
  nameMatching: NameMatching;
  sessionIdleMs: number;
  /** How ONR answers a call with an expired session: a CAS login redirect (default) or 401. */
  sessionExpiryMode: 302 | 401;
  tokenTtlSeconds: number;
  tgtTtlMs: number;
  stTtlMs: number;
  /** Rows processed per import tick, and the tick interval. */
  batchSize: number;
  tickMs: number;
  /** Legacy proxy behaviour: refuse state-changing calls without the CSRF double submit. */
  requireCsrf: boolean;
  /** Node of newly created person OIDs (98 = QA, Luhn; 24 = prod style, IBM 7-3-1). */
  oidNode: number;
}

export const DEFAULT_SETTINGS: FakeOnrSettings = {
  allowFakeSsn: true,
  nameMatching: 'jaro-winkler',
  sessionIdleMs: 30 * 60 * 1000,
  sessionExpiryMode: 302,
  tokenTtlSeconds: 300,
  tgtTtlMs: 8 * 60 * 60 * 1000,
  stTtlMs: 10_000,
  batchSize: 100,
  tickMs: 200,
  requireCsrf: false,
  oidNode: 98,
};

export interface Person extends NameFields {
  oid: string;
  hetu: string | null;
  kaikkiHetut: string[];
  syntymaaika: string | null;
  sukupuoli: string | null;
  yksiloity: boolean;
  yksiloityVTJ: boolean;
  yksilointiYritetty: boolean;
  duplicate: boolean;
  passivoitu: boolean;
  organisations: Set<string>;
  created: number;
  modified: number;
  seeded: boolean;
  scenario?: SeedScenario;
}

export interface Session {
  id: string;
  username: string;
  tgt: string | null;
  lastUsed: number;
  expired: boolean;
}

export interface ImportRow {
  tunniste: string;
  henkilo: NameFields & { hetu: string };
  result?: { oid: string; conflict: boolean };
}

export interface Import {
  id: number;
  api: 'YLEISTUNNISTE';
  sahkoposti: string | null;
  kasittelijaOid: string;
  organisations: string[];
  rows: ImportRow[];
  processed: number;
  timestamp: number;
}

export type HaeOutcome = { status: 200; body: { oid: string; oppijanumero: string | null } } | { status: 404 } | { status: 409 };

export class FakeOnrState {
  settings: FakeOnrSettings;
  /** The settings the fake started with; control reset returns to them. */
  readonly initialSettings: FakeOnrSettings;
  clockOffsetMs = 0;
  persons = new Map<string, Person>();
  /** slave OID → master OID */
  links = new Map<string, string>();
  vtj = new Map<string, VtjPerson>();
  users = new Map<string, ServiceUser>();
  tgts = new Map<string, { username: string; expiresAt: number }>();
  serviceTickets = new Map<string, { username: string; tgt: string; service: string; expiresAt: number; used: boolean }>();
  sessions = new Map<string, Session>();
  tokens = new Map<string, { username: string; expiresAt: number }>();
  imports = new Map<number, Import>();
  private nextOidBody = 5550000100;
  private nextImportId = 4711;
  private counter = 0;
  private readonly jwtKey = randomBytes(32);

  constructor(settings: Partial<FakeOnrSettings> = {}) {
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    this.initialSettings = { ...this.settings };
    this.reset();
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** Back to the seed: persons, links, VTJ set, users; every ticket, session, token and import gone. */
  reset(): void {
    const now = this.now();
    this.persons.clear();
    this.links.clear();
    this.vtj.clear();
    this.users.clear();
    this.tgts.clear();
    this.serviceTickets.clear();
    this.sessions.clear();
    this.tokens.clear();
    this.imports.clear();
    this.nextOidBody = 5550000100;
    for (const seed of SEED_ONR_PERSONS) {
      const facts = seed.hetu ? hetuFacts(seed.hetu) : null;
      this.persons.set(seed.oid, {
        oid: seed.oid,
        hetu: seed.hetu,
        kaikkiHetut: seed.hetu ? [seed.hetu] : [],
        etunimet: seed.etunimet,
        kutsumanimi: seed.kutsumanimi,
        sukunimi: seed.sukunimi,
        syntymaaika: facts?.syntymaaika ?? null,
        sukupuoli: facts?.sukupuoli ?? null,
        yksiloity: false,
        yksiloityVTJ: seed.identified,
        yksilointiYritetty: seed.identified,
        duplicate: Boolean(seed.masterOid),
        passivoitu: seed.passivoitu,
        organisations: new Set(),
        created: now,
        modified: now,
        seeded: true,
        scenario: seed.scenario,
      });
      if (seed.masterOid) this.links.set(seed.oid, seed.masterOid);
      if (seed.hetu)
        this.vtj.set(seed.hetu, { hetu: seed.hetu, etunimet: seed.etunimet, kutsumanimi: seed.kutsumanimi, sukunimi: seed.sukunimi });
    }
    for (const v of SEED_VTJ_ONLY) this.vtj.set(v.hetu, { ...v });
    this.vtj.delete(NOT_FOUND_HETU);
    for (const user of seedServiceUsers()) this.users.set(user.username, user);
  }

  private id(prefix: string): string {
    return `${prefix}-${++this.counter}-${randomBytes(12).toString('base64url')}`;
  }

  // ------------------------------------------------------------------------------------------------
  // Service accounts and authorities

  authorities(username: string): string[] {
    const user = this.users.get(username);
    if (!user) return [];
    const out: string[] = [];
    for (const [org, roles] of Object.entries(user.roles)) {
      for (const role of roles) {
        out.push(`ROLE_APP_${role}`);
        if (org) out.push(`ROLE_APP_${role}_${org}`);
      }
    }
    return out;
  }

  hasYleistunnisteRole(username: string): boolean {
    return this.authorities(username).includes(`ROLE_APP_${YLEISTUNNISTE_ROLE}`);
  }

  /** Organisations from org-suffixed roles (prefix 1.2.246.562.10), as PermissionCheckerImpl reads them. */
  organisations(username: string): string[] {
    const user = this.users.get(username);
    if (!user) return [];
    return Object.keys(user.roles).filter((org) => org.startsWith('1.2.246.562.10') && (user.roles[org] ?? []).length > 0);
  }

  // ------------------------------------------------------------------------------------------------
  // CAS

  createTgt(username: string, password: string): string | null {
    const user = this.users.get(username);
    if (!user || user.password !== password) return null;
    const id = this.id('TGT');
    this.tgts.set(id, { username, expiresAt: this.now() + this.settings.tgtTtlMs });
    return id;
  }

  createServiceTicket(tgt: string, service: string): string | null {
    const entry = this.tgts.get(tgt);
    if (!entry || entry.expiresAt <= this.now()) {
      this.tgts.delete(tgt);
      return null;
    }
    const id = this.id('ST');
    this.serviceTickets.set(id, { username: entry.username, tgt, service, expiresAt: this.now() + this.settings.stTtlMs, used: false });
    return id;
  }

  /** Single sign-out: the TGT and every session created from it end. */
  destroyTgt(tgt: string): void {
    this.tgts.delete(tgt);
    for (const [id, session] of this.sessions) if (session.tgt === tgt) this.sessions.delete(id);
  }

  /** Validates an ST for the expected service URL; single use. Returns a new session or null. */
  validateServiceTicket(ticket: string, expectedService: string): Session | null {
    const entry = this.serviceTickets.get(ticket);
    if (!entry || entry.used || entry.expiresAt <= this.now() || entry.service !== expectedService) return null;
    entry.used = true;
    const session: Session = {
      id: randomBytes(18).toString('hex'),
      username: entry.username,
      tgt: entry.tgt,
      lastUsed: this.now(),
      expired: false,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** 'unknown' → no such session; 'expired' → it existed but timed out (removed now). */
  useSession(id: string | undefined): Session | 'unknown' | 'expired' {
    if (!id) return 'unknown';
    const session = this.sessions.get(id);
    if (!session) return 'unknown';
    if (session.expired || this.now() - session.lastUsed > this.settings.sessionIdleMs) {
      this.sessions.delete(id);
      return 'expired';
    }
    session.lastUsed = this.now();
    return session;
  }

  expireSessions(): number {
    for (const session of this.sessions.values()) session.expired = true;
    return this.sessions.size;
  }

  expireTgts(): number {
    const count = this.tgts.size;
    this.tgts.clear();
    return count;
  }

  // ------------------------------------------------------------------------------------------------
  // OAuth2 (HS256 JWT signed with a per-instance key; only this fake can verify it)

  issueToken(clientId: string, clientSecret: string, issuer: string): { token: string; expiresIn: number } | null {
    const user = this.users.get(clientId);
    if (!user || user.clientSecret !== clientSecret) return null;
    const nowS = Math.floor(this.now() / 1000);
    const jti = randomBytes(9).toString('base64url');
    const roles: Record<string, string[]> = {};
    for (const [org, list] of Object.entries(user.roles)) if (org) roles[org] = [...list];
    const payload = { sub: user.oid, iss: issuer, iat: nowS, exp: nowS + this.settings.tokenTtlSeconds, jti, client_id: clientId, roles };
    const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(payload)}`;
    const signature = createHmac('sha256', this.jwtKey).update(unsigned).digest('base64url');
    this.tokens.set(jti, { username: user.username, expiresAt: this.now() + this.settings.tokenTtlSeconds * 1000 });
    return { token: `${unsigned}.${signature}`, expiresIn: Math.max(1, this.settings.tokenTtlSeconds - 1) };
  }

  verifyToken(token: string): { username: string } | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const expected = createHmac('sha256', this.jwtKey).update(`${parts[0]}.${parts[1]}`).digest('base64url');
    if (expected !== parts[2]) return null;
    let payload: { jti?: string };
    try {
      payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { jti?: string };
    } catch {
      return null;
    }
    const entry = payload.jti ? this.tokens.get(payload.jti) : undefined;
    if (!entry || entry.expiresAt <= this.now()) return null;
    return { username: entry.username };
  }

  expireTokens(): number {
    const count = this.tokens.size;
    this.tokens.clear();
    return count;
  }

  // ------------------------------------------------------------------------------------------------
  // Persons

  masterOf(oid: string): Person | undefined {
    const masterOid = this.links.get(oid);
    return this.persons.get(masterOid ?? oid);
  }

  /** Oppijanumero exists iff the master is identified by any method; it equals the master's OID. */
  oppijanumeroOf(oid: string): string | null {
    const master = this.masterOf(oid);
    return master && (master.yksiloity || master.yksiloityVTJ) ? master.oid : null;
  }

  /** For a master: its slaves; for a slave: its master and the other slaves. */
  linkedOf(oid: string): string[] {
    const masterOid = this.links.get(oid);
    if (masterOid) {
      return [masterOid, ...[...this.links].filter(([slave, master]) => master === masterOid && slave !== oid).map(([slave]) => slave)];
    }
    return [...this.links].filter(([, master]) => master === oid).map(([slave]) => slave);
  }

  findByHetu(hetu: string): Person | undefined {
    for (const person of this.persons.values()) if (person.hetu === hetu || person.kaikkiHetut.includes(hetu)) return person;
    return undefined;
  }

  private newOid(): string {
    return personOid(this.settings.oidNode, String(this.nextOidBody++));
  }

  createPerson(fields: NameFields & { hetu: string | null }, organisations: string[]): Person {
    const now = this.now();
    const facts = fields.hetu ? hetuFacts(fields.hetu) : null;
    const person: Person = {
      oid: this.newOid(),
      hetu: fields.hetu,
      kaikkiHetut: fields.hetu ? [fields.hetu] : [],
      etunimet: fields.etunimet,
      kutsumanimi: fields.kutsumanimi,
      sukunimi: fields.sukunimi,
      syntymaaika: facts?.syntymaaika ?? null,
      sukupuoli: facts?.sukupuoli ?? null,
      yksiloity: false,
      yksiloityVTJ: false,
      yksilointiYritetty: false,
      duplicate: false,
      passivoitu: false,
      organisations: new Set(organisations),
      created: now,
      modified: now,
      seeded: false,
    };
    this.persons.set(person.oid, person);
    return person;
  }

  /** POST /yleistunniste/hae after validation (YksilointiServiceImpl.exists + YleistunnisteServiceImpl.hae). */
  hae(input: NameFields & { hetu: string }, organisations: string[]): HaeOutcome {
    const existing = this.findByHetu(input.hetu);
    if (existing) {
      if (!namesMatch(input, existing, this.settings.nameMatching)) return { status: 409 };
      for (const org of organisations) existing.organisations.add(org);
      return { status: 200, body: { oid: existing.oid, oppijanumero: this.oppijanumeroOf(existing.oid) } };
    }
    const vtj = this.vtj.get(input.hetu);
    if (!vtj) return { status: 404 };
    if (!namesMatch(input, vtj, this.settings.nameMatching)) return { status: 409 };
    // QA has no automatic identification job: the person stays unidentified, but this one response
    // carries the new OID as oppijanumero (YleistunnisteServiceImpl.create).
    const created = this.createPerson(input, organisations);
    return { status: 200, body: { oid: created.oid, oppijanumero: created.oid } };
  }

  checkOid(oid: string): { oid: string; oppijanumero: string | null; passivoitu: boolean; linked: string[] } | null {
    const person = this.persons.get(oid);
    if (!person) return null;
    return { oid: person.oid, oppijanumero: this.oppijanumeroOf(oid), passivoitu: person.passivoitu, linked: this.linkedOf(oid) };
  }

  identify(oid: string): boolean {
    const person = this.persons.get(oid);
    if (!person) return false;
    person.yksiloityVTJ = true;
    person.yksilointiYritetty = true;
    person.modified = this.now();
    return true;
  }

  passivate(oid: string, passivoitu = true): boolean {
    const person = this.persons.get(oid);
    if (!person) return false;
    person.passivoitu = passivoitu;
    person.modified = this.now();
    return true;
  }

  link(masterOid: string, slaveOid: string): boolean {
    const master = this.persons.get(masterOid);
    const slave = this.persons.get(slaveOid);
    if (!master || !slave || masterOid === slaveOid) return false;
    this.links.set(slaveOid, masterOid);
    slave.duplicate = true;
    slave.passivoitu = true;
    master.duplicate = false;
    master.passivoitu = false;
    slave.modified = master.modified = this.now();
    return true;
  }

  // ------------------------------------------------------------------------------------------------
  // Batch imports (yleistunniste)

  createImport(rows: ImportRow[], sahkoposti: string | null, username: string): Import {
    const user = this.users.get(username);
    const tuonti: Import = {
      id: this.nextImportId++,
      api: 'YLEISTUNNISTE',
      sahkoposti,
      kasittelijaOid: user?.oid ?? '',
      organisations: this.organisations(username),
      rows,
      processed: 0,
      timestamp: this.now(),
    };
    this.imports.set(tuonti.id, tuonti);
    return tuonti;
  }

  hasPendingImports(): boolean {
    for (const tuonti of this.imports.values()) if (tuonti.processed < tuonti.rows.length) return true;
    return false;
  }

  /** One ticker step: up to batchSize rows of every unfinished import. */
  processImports(): void {
    for (const tuonti of this.imports.values()) {
      let budget = this.settings.batchSize;
      while (budget-- > 0 && tuonti.processed < tuonti.rows.length) {
        const row = tuonti.rows[tuonti.processed]!;
        const existing = this.findByHetu(row.henkilo.hetu);
        if (existing) {
          for (const org of tuonti.organisations) existing.organisations.add(org);
          row.result = { oid: existing.oid, conflict: !namesMatch(row.henkilo, existing, this.settings.nameMatching) };
        } else {
          const created = this.createPerson(row.henkilo, tuonti.organisations);
          row.result = { oid: created.oid, conflict: false };
        }
        tuonti.processed++;
      }
    }
  }

  importSummary(tuonti: Import) {
    return {
      id: tuonti.id,
      kasiteltavia: tuonti.rows.length,
      kasiteltyja: tuonti.processed,
      kasitelty: tuonti.processed >= tuonti.rows.length,
    };
  }

  /** FilteredResult rows visible to the caller; null when none is visible (ONR answers 403). */
  importResult(tuonti: Import, username: string) {
    const orgs = new Set(this.organisations(username));
    const visible = tuonti.rows.filter((row) => {
      if (!row.result) return false;
      const person = this.persons.get(row.result.oid);
      return person ? [...person.organisations].some((o) => orgs.has(o)) : false;
    });
    if (!visible.length) return null;
    return {
      ...this.importSummary(tuonti),
      henkilot: visible.map((row) => {
        const person = this.persons.get(row.result!.oid)!;
        const linked = this.linkedOf(person.oid);
        const own = person.yksiloity || person.yksiloityVTJ ? person.oid : null;
        return {
          tunniste: row.tunniste,
          henkilo: {
            oid: person.oid,
            // decorateHenkilosWithMaster: a null number is filled from the master when linked.
            oppijanumero: own ?? (linked.length ? (this.masterOf(person.oid)?.oid ?? null) : null),
            passivoitu: person.passivoitu,
            linked,
          },
          conflict: row.result!.conflict,
        };
      }),
    };
  }

  // ------------------------------------------------------------------------------------------------

  /** The seeded persons as they are now (GET /__fake/persons). */
  seededPersons() {
    return [...this.persons.values()]
      .filter((p) => p.seeded)
      .map((p) => ({
        hetu: p.hetu,
        etunimet: p.etunimet,
        kutsumanimi: p.kutsumanimi,
        sukunimi: p.sukunimi,
        oid: p.oid,
        oppijanumero: this.oppijanumeroOf(p.oid),
        passivoitu: p.passivoitu,
        linked: this.linkedOf(p.oid),
        scenario: p.scenario ?? null,
      }));
  }
}
