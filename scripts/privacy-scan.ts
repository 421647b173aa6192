/**
 * Privacy scan (A-PRIV-2/3, test plan B3.8): looks through captured artefacts — log files, SQLite
 * files (with their -wal/-shm companions), fake-ONR request dumps, test-artifacts/ — for things that
 * must never be there:
 *
 *   hetu-real      a henkilötunnus with a valid check character, a calendar date and individual
 *                  number 002–899 (a code that could belong to a real person)
 *   jwt            a JSON Web Token (three base64url segments starting `eyJ`)
 *   dev-token      the local-mode tab token (`dev.<payload>.<mac>`)
 *   bearer         an `Authorization`-style Bearer/Basic credential that is not redacted
 *   cas-ticket     a CAS ticket (TGT-/ST-/PGT-/PT-)
 *   session-id     a JSESSIONID/SESSION cookie value
 *   secret         a known secret value (the fake ONR password and client secret, the secrets in
 *                  the environment) or an unredacted `password=`/`client_secret=` pair
 *
 * Test-range codes (900–999) are counted but are not hits: they are what the app is allowed to
 * send to the ONR test environment. Reports never print a matched value, only its kind, place and
 * a salted fingerprint (same value → same fingerprint within one run), so the report itself is safe
 * to keep as a CI artefact.
 *
 * CLI: npx tsx scripts/privacy-scan.ts [--json FILE] [--strict] [--secret VALUE]... PATH...
 *   exit 0 = no hits, 1 = hits, 2 = usage error. --strict also fails on test-range codes.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { CENTURY_BY_SIGN, hetuCheckChar } from '../bot/features/lookup/identifiers.js';
import { findHetuCandidates, machineIdSpans, normaliseForDetection } from '../bot/privacy.js';
import { FAKE_ONR_CREDENTIALS } from '../dev/fake-onr/seed.js';

export const FINDING_KINDS = ['hetu-real', 'hetu-test', 'jwt', 'dev-token', 'bearer', 'cas-ticket', 'session-id', 'secret'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  kind: FindingKind;
  /** File path or the label given to scanText. */
  source: string;
  line: number;
  column: number;
  /** Salted hash of the matched value: equal values share it within one run, nothing more. */
  fingerprint: string;
}

export interface ScanOptions {
  /** Exact secret values to look for, in addition to the defaults (see defaultSecrets). */
  secrets?: readonly string[];
  /** Kinds not to look for at all (e.g. cas-ticket in a CAS server's own request log). */
  ignore?: readonly FindingKind[];
  /** Kinds that count as hits. Default: every kind except hetu-test. */
  failOn?: readonly FindingKind[];
  /** Files larger than this are scanned in their first maxFileBytes only (default 256 MB). */
  maxFileBytes?: number;
  /**
   * The text is a database file's raw bytes, where values lie back to back: a code-shaped run that
   * straddles the edge of a machine identifier (two UUIDs stored side by side, a UUID and the next
   * column's text) is made of two values, not typed by anyone, and is not a finding. A code inside one
   * value is found by the cell-by-cell scan all the same (scanSqliteCells).
   */
  databaseBytes?: boolean;
  /** File extensions skipped in directory walks (images, archives, fonts). */
  skipExtensions?: readonly string[];
}

export interface ScannedFile {
  path: string;
  bytes: number;
  findings: number;
}

export interface PrivacyScanReport {
  files: ScannedFile[];
  /** Paths given that do not exist, and files skipped by extension. */
  missing: string[];
  skipped: string[];
  findings: Finding[];
  /** Findings of a failing kind. */
  hits: Finding[];
  counts: Record<FindingKind, number>;
  ok: boolean;
}

const DEFAULT_SKIP = ['.png', '.jpg', '.jpeg', '.gif', '.webp', '.ico', '.zip', '.gz', '.woff', '.woff2', '.ttf', '.mp4', '.webm'];
const SKIP_DIRS = new Set(['node_modules', '.git']);
const SALT = randomBytes(16);

// ---------------------------------------------------------------------------------------------------
// Henkilötunnus

export type HetuClass = 'real-range' | 'test-range' | 'malformed';

/** Classifies one hetu-shaped token (already normalised, see normaliseForScan). */
export function classifyHetu(token: string): HetuClass {
  const match = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$/.exec(token.toUpperCase());
  if (!match) return 'malformed';
  const [, dd, mm, yy, sign, individual, check] = match as unknown as [string, string, string, string, string, string, string];
  const year = CENTURY_BY_SIGN[sign]! + Number(yy);
  const date = new Date(Date.UTC(year, Number(mm) - 1, Number(dd)));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== Number(mm) - 1 || date.getUTCDate() !== Number(dd)) return 'malformed';
  if (hetuCheckChar(`${dd}${mm}${yy}`, individual) !== check) return 'malformed';
  const n = Number(individual);
  if (n >= 900) return 'test-range';
  if (n >= 2) return 'real-range';
  return 'malformed';
}

/**
 * What the detectors look at: the app's own normalisation (bot/privacy.ts: NFKC, invisible and
 * combining characters removed, Unicode spaces, dashes and digits folded), so the scanner sees every
 * disguise the masker undoes, plus the percent-encoded century signs of a URL or form body.
 */
export function normaliseForScan(text: string): string {
  return normaliseForDetection(text)
    .replace(/%2[Bb]/g, '+')
    .replace(/%2[Dd]/g, '-');
}

// ---------------------------------------------------------------------------------------------------
// Tokens and secrets

const PATTERNS: Array<{ kind: FindingKind; pattern: RegExp }> = [
  // dev token before JWT: its payload segment also starts with eyJ.
  { kind: 'dev-token', pattern: /\bdev\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}/g },
  { kind: 'jwt', pattern: /(?<!dev\.)\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g },
  { kind: 'bearer', pattern: /\b(?:Bearer|Basic)\s+(?!\[redacted\])(?!dev\.eyJ)(?!eyJ)[A-Za-z0-9._~+/=-]{16,}/gi },
  { kind: 'cas-ticket', pattern: /\b(?:TGT|ST|PGT|PT)-\d+-[A-Za-z0-9._-]{8,}/g },
  { kind: 'session-id', pattern: /\b(?:JSESSIONID|SESSION)=(?!\[redacted\])[A-Za-z0-9._-]{8,}/gi },
  {
    kind: 'secret',
    pattern:
      /\b(?:password|passwd|client_secret|clientSecret|app_?password)["']?\s*[:=]\s*["']?(?!\[redacted\]|\[credentials\]|\*)[^\s"'&,;}]{6,}/gi,
  },
];

/** The secrets every scan looks for: the fake ONR's credentials and secrets configured in the environment. */
export function defaultSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = ['MICROSOFT_APP_PASSWORD', 'ONR_PASSWORD', 'ONR_CLIENT_SECRET'].map((key) => env[key]);
  const extra = (env.PRIVACY_SCAN_SECRETS ?? '').split(',');
  return [FAKE_ONR_CREDENTIALS.password, FAKE_ONR_CREDENTIALS.clientSecret, ...fromEnv, ...extra]
    .map((s) => s?.trim() ?? '')
    .filter((s) => s.length >= 6);
}

function fingerprint(value: string): string {
  return createHash('sha256').update(SALT).update(value).digest('hex').slice(0, 12);
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** Scans one text. Positions refer to the normalised text (same lines as the original). */
export function scanText(text: string, source = '<text>', options: ScanOptions = {}): Finding[] {
  const ignore = new Set(options.ignore ?? []);
  const normal = normaliseForScan(text);
  const starts = lineStarts(normal);
  const findings: Finding[] = [];
  const add = (kind: FindingKind, offset: number, value: string) => {
    if (ignore.has(kind)) return;
    findings.push({ kind, source, ...position(starts, offset), fingerprint: fingerprint(value) });
  };

  const machineIds = options.databaseBytes ? machineIdSpans(normal) : [];
  for (const candidate of findHetuCandidates(normal)) {
    const end = candidate.index + candidate.length;
    if (machineIds.some(([from, to]) => candidate.index < to && end > from)) continue;
    const cls = classifyHetu(candidate.compact);
    if (cls === 'real-range') add('hetu-real', candidate.index, candidate.compact);
    else if (cls === 'test-range') add('hetu-test', candidate.index, candidate.compact);
  }
  for (const { kind, pattern } of PATTERNS) {
    for (const match of normal.matchAll(pattern)) add(kind, match.index, match[0]);
  }
  const secrets = [...defaultSecrets(), ...(options.secrets ?? [])].filter((s) => s.length >= 6);
  for (const secret of new Set(secrets)) {
    for (let at = normal.indexOf(secret); at !== -1; at = normal.indexOf(secret, at + secret.length)) add('secret', at, secret);
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Decodes a file's bytes for scanning: UTF-16 when it has a UTF-16 BOM, else UTF-8 (binary stays readable in its ASCII runs). */
function decode(buffer: Buffer): string {
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) return buffer.subarray(2).toString('utf16le');
  return buffer.toString('utf8');
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** A SQLite write-ahead log (its magic number, either byte order of its checksums): pages of the database. */
function isSqliteWal(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer.readUInt32BE(0) >>> 1 === 0x377f0682 >>> 1;
}

/**
 * SQLite stores a row's values back to back, so a code at the end of one column touches the next
 * column's first character and the raw-bytes scan cannot see its boundary. A database is therefore
 * also read cell by cell, from a copy (with its -wal) so the artefact itself is never touched.
 */
async function scanSqliteCells(file: string, options: ScanOptions): Promise<Finding[]> {
  const copyDir = await fs.mkdtemp(path.join(os.tmpdir(), 'privacy-scan-db-'));
  try {
    const copy = path.join(copyDir, 'copy.sqlite');
    await fs.copyFile(file, copy);
    for (const suffix of ['-wal', '-shm']) await fs.copyFile(`${file}${suffix}`, `${copy}${suffix}`).catch(() => undefined);
    const db = new BetterSqlite3(copy, { fileMustExist: true });
    try {
      const findings: Finding[] = [];
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
      for (const { name } of tables) {
        const rows = db
          .prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`)
          .raw(true)
          .iterate() as Iterable<unknown[]>;
        const columns = (db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}" LIMIT 0`).columns() as Array<{ name: string }>).map(
          (c) => c.name,
        );
        let row = 0;
        for (const values of rows) {
          row++;
          values.forEach((value, i) => {
            const text = typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : null;
            if (text) findings.push(...scanText(text, `${file}#${name}.${columns[i] ?? i}[row ${row}]`, options));
          });
        }
      }
      return findings;
    } finally {
      db.close();
    }
  } catch {
    // Not a readable database after all (truncated, encrypted): the raw scan still ran.
    return [];
  } finally {
    await fs.rm(copyDir, { recursive: true, force: true });
  }
}

async function collectFiles(target: string, skip: Set<string>, out: string[], skipped: string[]): Promise<void> {
  const stat = await fs.lstat(target);
  if (stat.isSymbolicLink()) return;
  if (stat.isDirectory()) {
    const entries = await fs.readdir(target);
    for (const entry of entries.sort()) {
      if (SKIP_DIRS.has(entry)) continue;
      await collectFiles(path.join(target, entry), skip, out, skipped);
    }
    return;
  }
  if (!stat.isFile()) return;
  if (skip.has(path.extname(target).toLowerCase())) skipped.push(target);
  else out.push(target);
}

function emptyCounts(): Record<FindingKind, number> {
  return Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>;
}

/** Builds a report from findings (scanPaths uses it; tests can scan in-memory dumps the same way). */
export function buildReport(
  files: ScannedFile[],
  findings: Finding[],
  options: ScanOptions = {},
  missing: string[] = [],
  skipped: string[] = [],
): PrivacyScanReport {
  const failOn = new Set<FindingKind>(options.failOn ?? FINDING_KINDS.filter((k) => k !== 'hetu-test'));
  const counts = emptyCounts();
  for (const finding of findings) counts[finding.kind]++;
  const hits = findings.filter((f) => failOn.has(f.kind));
  return { files, missing, skipped, findings, hits, counts, ok: hits.length === 0 };
}

/** Scans files and directories (recursively; node_modules and .git are skipped, symlinks not followed). */
export async function scanPaths(paths: readonly string[], options: ScanOptions = {}): Promise<PrivacyScanReport> {
  const skip = new Set((options.skipExtensions ?? DEFAULT_SKIP).map((e) => e.toLowerCase()));
  const maxBytes = options.maxFileBytes ?? 256 * 1024 * 1024;
  const files: string[] = [];
  const missing: string[] = [];
  const skipped: string[] = [];
  for (const target of paths) {
    try {
      await collectFiles(target, skip, files, skipped);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') missing.push(target);
      else throw error;
    }
  }
  const scanned: ScannedFile[] = [];
  const findings: Finding[] = [];
  for (const file of files) {
    const handle = await fs.open(file, 'r');
    try {
      const { size } = await handle.stat();
      const buffer = Buffer.alloc(Math.min(size, maxBytes));
      await handle.read(buffer, 0, buffer.length, 0);
      const database = buffer.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER);
      const found = scanText(decode(buffer), file, { ...options, databaseBytes: database || isSqliteWal(buffer) });
      if (database) found.push(...(await scanSqliteCells(file, options)));
      findings.push(...found);
      scanned.push({ path: file, bytes: size, findings: found.length });
    } finally {
      await handle.close();
    }
  }
  return buildReport(scanned, findings, options, missing, skipped);
}

/** A human-readable report; holds no matched value. */
export function formatReport(report: PrivacyScanReport): string {
  const bytes = report.files.reduce((sum, f) => sum + f.bytes, 0);
  const lines = [
    `privacy scan: ${report.files.length} file(s), ${(bytes / 1024).toFixed(1)} KiB, ${report.hits.length} hit(s)` +
      (report.counts['hetu-test'] ? ` (${report.counts['hetu-test']} test-range hetu(s) ignored)` : ''),
  ];
  for (const hit of report.hits) lines.push(`  HIT ${hit.kind.padEnd(10)} ${hit.source}:${hit.line}:${hit.column}  #${hit.fingerprint}`);
  const byKind = FINDING_KINDS.filter((k) => report.counts[k] > 0).map((k) => `${k}=${report.counts[k]}`);
  if (byKind.length) lines.push(`  counts: ${byKind.join(' ')}`);
  for (const m of report.missing) lines.push(`  (missing: ${m})`);
  if (report.skipped.length) lines.push(`  (skipped ${report.skipped.length} binary file(s) by extension)`);
  lines.push(report.ok ? 'privacy scan: OK' : 'privacy scan: FAILED');
  return lines.join('\n');
}

export interface RunOptions extends ScanOptions {
  /** Also fail on test-range codes (B3.8's "0 hetus of any range"). */
  strict?: boolean;
  /** Write the full report as JSON here. */
  jsonFile?: string;
  write?: (text: string) => void;
}

/** Scans, prints the report and returns the exit code (0 clean, 1 hits). For .ci/run and the CLI. */
export async function runPrivacyScan(paths: readonly string[], options: RunOptions = {}): Promise<number> {
  const failOn = options.failOn ?? (options.strict ? FINDING_KINDS : undefined);
  const report = await scanPaths(paths, { ...options, ...(failOn ? { failOn } : {}) });
  (options.write ?? ((text) => process.stdout.write(`${text}\n`)))(formatReport(report));
  if (options.jsonFile) await fs.writeFile(options.jsonFile, `${JSON.stringify(report, null, 2)}\n`);
  return report.ok ? 0 : 1;
}

function parseArgs(argv: string[]): { paths: string[]; options: RunOptions } | null {
  const paths: string[] = [];
  const secrets: string[] = [];
  const options: RunOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--strict') options.strict = true;
    else if (arg === '--json') options.jsonFile = argv[++i];
    else if (arg === '--secret') secrets.push(argv[++i] ?? '');
    else if (arg === '--help' || arg === '-h') return null;
    else if (arg.startsWith('--')) return null;
    else paths.push(arg);
  }
  if (paths.length === 0) return null;
  return { paths, options: { ...options, secrets } };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const parsed = parseArgs(process.argv.slice(2));
  if (!parsed) {
    process.stderr.write('usage: tsx scripts/privacy-scan.ts [--strict] [--json FILE] [--secret VALUE]... PATH...\n');
    process.exitCode = 2;
  } else {
    runPrivacyScan(parsed.paths, parsed.options).then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        process.stderr.write(`privacy scan failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 2;
      },
    );
  }
}
