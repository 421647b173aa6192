/**
 * Personal-data and secret masking shared by the logger and by every feature that stores free text.
 * A henkilötunnus-shaped string is masked whatever its range: free text is no place for one, and
 * deciding "test or real" would mean trusting the check character of something we should not keep.
 *
 * This module holds the one henkilötunnus detector of the app: the maskers, the look-up guard and the
 * CI privacy scanner (scripts/privacy-scan.ts) all see text through normaliseForDetection and find
 * candidates with findHetuCandidates, so a disguise caught in one place is caught in all of them.
 */

// Characters that render as nothing (or as a blank) and can be slipped inside a code: every format
// character (Cf: zero-width, bidi marks, embeddings and isolates, word joiner, invisible operators,
// soft hyphen, Mongolian vowel separator, tag characters U+E0000–E007F), every combining mark (Mn/Me:
// combining grapheme joiner U+034F, variation selectors), control characters other than line breaks
// and tabs, and the fillers that are letters or symbols by category but print as blanks.
const INVISIBLE =
  /[\p{Cf}\p{Mn}\p{Me}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u115F\u1160\u3164\uFFA0\u2800\u{E0000}-\u{E007F}]/gu;
// Visible spaces other than the ASCII one (no-break, narrow no-break, figure, ideographic, …).
const UNICODE_SPACE = /[\p{Zs}\u2028\u2029]/gu;
// Dashes and minus signs typed in place of the century sign '-'.
const DASHES = /[\p{Pd}\u2212\u2796\uFE63\uFF0D]/gu;
const PLUS_SIGNS = /[\u2795\uFE62\uFF0B\u207A\u208A]/gu;
const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/gu;

const digitValues = new Map<number, number>();
/**
 * Unicode keeps every decimal digit set (Nd) in contiguous runs of ten, zero first, so a digit's value
 * is its distance from the start of its run, modulo ten (a few sets, e.g. the mathematical digits,
 * sit back to back).
 */
function digitValue(codePoint: number): number {
  const known = digitValues.get(codePoint);
  if (known !== undefined) return known;
  let start = codePoint;
  while (start > 0 && /\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--;
  const value = (codePoint - start) % 10;
  digitValues.set(codePoint, value);
  return value;
}

/**
 * What every detector looks at: NFKC (width variants, superscripts), invisible characters removed,
 * Unicode spaces as ' ', dashes and minus signs as '-', plus look-alikes as '+', every decimal digit
 * (Arabic-Indic, Devanagari, fullwidth, …) as its ASCII digit. Line breaks are kept, so a line number
 * in the normalised text is a line number in the original.
 */
export function normaliseForDetection(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(UNICODE_SPACE, ' ')
    .replace(DASHES, '-')
    .replace(PLUS_SIGNS, '+')
    .replace(NON_ASCII_DIGIT, (d) => String(digitValue(d.codePointAt(0)!)));
}

// ddmmyy + century sign (+, -, A–F, U–Y) + individual number + check character (0-9, A-Y). Letters
// next to a code do not hide it ("hetu010594-…", "…-0020x"); only a neighbouring digit makes it part
// of a longer number (an OID, a phone number). A space on either side of the century sign is tolerated:
// "010594 - 0020" is the same code.
const HETU_SOURCE = String.raw`(?<!\d)(\d{6})( ?[-+A-FU-Y] ?)(\d{3})([0-9A-Y])(?!\d)`;

export function hetuPattern(): RegExp {
  return new RegExp(HETU_SOURCE, 'giu');
}

// Machine identifiers whose hex digits can happen to spell a code: a match inside one is not a code.
const MACHINE_IDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?<![0-9a-z])[0-9a-f]{32,}(?![0-9a-z])/gi;

export interface HetuCandidate {
  /** Offset in the normalised text. */
  index: number;
  length: number;
  /** The candidate as 11 characters, spaces around the sign removed, upper case. */
  compact: string;
}

/** Where the machine identifiers (UUIDs, long hex runs) of a normalised text are: [from, to) offsets. */
export function machineIdSpans(normalised: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of normalised.matchAll(MACHINE_IDS)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

/** Every henkilötunnus-shaped token in already normalised text (see normaliseForDetection). */
export function findHetuCandidates(normalised: string): HetuCandidate[] {
  const machine = machineIdSpans(normalised);
  const out: HetuCandidate[] = [];
  for (const m of normalised.matchAll(hetuPattern())) {
    const end = m.index + m[0].length;
    if (machine.some(([from, to]) => m.index >= from && end <= to)) continue;
    out.push({ index: m.index, length: m[0].length, compact: m[0].replace(/ /g, '').toUpperCase() });
  }
  return out;
}

/** Whether the date part could be a birth date (day 01–31, month 01–12): the masker's shape test. */
function looksLikeBirthDate(compact: string): boolean {
  const day = Number(compact.slice(0, 2));
  const month = Number(compact.slice(2, 4));
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

/** True when the text holds a henkilötunnus-shaped string in any disguise (any range). */
export function containsPersonalId(text: string): boolean {
  return findHetuCandidates(normaliseForDetection(text)).some((c) => looksLikeBirthDate(c.compact));
}

export const HETU_MASK = '[henkilötunnus]';

export interface MaskResult {
  text: string;
  /** True when at least one identifier was masked, so the caller can tell the user. */
  masked: boolean;
}

/**
 * Replaces every henkilötunnus-shaped string in user text before it is stored or logged. Disguises
 * are undone first (see normaliseForDetection) and the whole token is replaced, so no part of a code
 * survives; text with nothing to mask is returned exactly as typed.
 */
export function maskPersonalIds(text: string): MaskResult {
  const normalised = normaliseForDetection(text);
  const candidates = findHetuCandidates(normalised).filter((c) => looksLikeBirthDate(c.compact));
  if (candidates.length === 0) return { text, masked: false };
  let out = '';
  let at = 0;
  for (const c of candidates) {
    out += normalised.slice(at, c.index) + HETU_MASK;
    at = c.index + c.length;
  }
  return { text: out + normalised.slice(at), masked: true };
}

/**
 * The form a requester sees of their own test code on the result card: birth date and century sign
 * kept, the rest hidden (010594Y9***). The audit trail keeps a keyed hash instead (A-PRIV-4).
 */
export function auditMaskHetu(hetu: string): string {
  return `${hetu.slice(0, 8)}***`;
}

const REDACTED = '[redacted]';
const SECRET_PATTERNS: Array<[RegExp, (match: string, label: string) => string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, (_m, label) => `${label} ${REDACTED}`],
  // JSON Web Tokens: three base64url segments, the first starting with `eyJ` ({").
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, () => `[jwt ${REDACTED}]`],
  // CAS tickets and session ids.
  [/\b(TGT|ST)-\d+-[A-Za-z0-9._-]+/g, (_m, label) => `${label}-${REDACTED}`],
  [/\b(JSESSIONID|SESSION)=[^;\s]+/gi, (_m, label) => `${label}=${REDACTED}`],
  [/\b(password|passwd|client_secret|secret)=[^&\s]+/gi, (_m, label) => `${label}=${REDACTED}`],
];

const SENSITIVE_KEYS =
  /^(authorization|cookie|set-cookie|password|passwd|secret|client_?secret|token|access_?token|id_?token|refresh_?token|app_?password|hetu|henkilotunnus|ssn)$/i;

/** Masks personal ids and secrets in one string. */
/**
 * What every pattern above (and the henkilötunnus) needs at least one of, so most log strings (messages,
 * codes, article and conversation ids) skip the normalising and the ten regular expressions — the logger
 * calls this for every string of every line:
 * - a character outside printable ASCII: a disguised code (other digits, invisible characters, other
 *   dashes and spaces) — normaliseForDetection leaves printable ASCII exactly as it is, so in the rest
 * - six ASCII digits in a row: every henkilötunnus starts with its date as six digits (HETU_SOURCE);
 * - a CAS ticket's `TGT-`/`ST-` followed by a digit;
 * - a secret's keyword (Bearer, Basic, a JWT's `eyJ`, session, passw(or)d, secret).
 * A new pattern must be covered here (test/unit/hot-path/redaction-fast-path.test.ts compares with the full path).
 */
const MAY_NEED_REDACTION = /[^\x20-\x7E]|\d{6}|(?:TGT|ST)-\d|eyJ|bearer|basic|session|passw|secret/i;

export function redactText(text: string): string {
  return MAY_NEED_REDACTION.test(text) ? redactTextFully(text) : text;
}

/** redactText without the fast path: every string through the masker and every secret pattern. */
export function redactTextFully(text: string): string {
  let out = maskPersonalIds(text).text;
  for (const [pattern, replace] of SECRET_PATTERNS) out = out.replace(pattern, replace);
  return out;
}

/**
 * Whether a payload key names a secret, kept per key: a log line's keys are the same few dozen names
 * from the code on every line, so the sixteen-way pattern runs once per name. Bounded all the same
 * (keys of a logged record could come from data); a full map starts afresh.
 */
const SENSITIVE_KEYS_KEPT = 1_000;
const sensitiveKeys = new Map<string, boolean>();
function isSensitiveKey(key: string): boolean {
  let sensitive = sensitiveKeys.get(key);
  if (sensitive === undefined) {
    sensitive = SENSITIVE_KEYS.test(key);
    if (sensitiveKeys.size >= SENSITIVE_KEYS_KEPT) sensitiveKeys.clear();
    sensitiveKeys.set(key, sensitive);
  }
  return sensitive;
}

/** Deep copy of a log payload with sensitive keys dropped and every string redacted. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[depth]';
  if (typeof value === 'string') return redactText(value);
  // Numbers, booleans, null and undefined (most of a log line's fields) carry nothing to redact.
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactText(value.message),
      ...('code' in value && typeof value.code === 'string' ? { code: value.code } : {}),
      stack: value.stack ? redactText(value.stack) : undefined,
      // What went wrong underneath (undici's "fetch failed" keeps the socket error here).
      ...(value.cause !== undefined ? { cause: redactValue(value.cause, depth + 1) } : {}),
    };
  }
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redactValue(v, depth + 1));
  // Own enumerable keys in order, as Object.entries gives them, without its array of pairs.
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record)) out[key] = isSensitiveKey(key) ? '[redacted]' : redactValue(record[key], depth + 1);
  return out;
}
