/**
 * Personal-data and secret masking shared by the logger and by every feature that stores free text.
 * A henkilötunnus-shaped string is masked whatever its range: free text is no place for one, and
 * deciding "test or real" would mean trusting the check character of something we should not keep.
 */

// ddmmyy + century sign (+, -, A–F, U–Y) + individual number + check character (0-9, A-Y).
const HETU_SOURCE = String.raw`(?<![\p{L}\p{N}])([0-3]\d[01]\d\d\d)([-+ABCDEFUVWXY])(\d{3})([0-9A-Y])(?![\p{L}\p{N}])`;

export function hetuPattern(): RegExp {
  return new RegExp(HETU_SOURCE, 'giu');
}

export const HETU_MASK = '[henkilötunnus]';

export interface MaskResult {
  text: string;
  /** True when at least one identifier was masked, so the caller can tell the user. */
  masked: boolean;
}

/**
 * Replaces every henkilötunnus-shaped string in user text before it is stored or logged. Disguises
 * are undone first (fullwidth digits, zero-width characters, typographic dashes), so a code split by
 * invisible characters is still found; text with nothing to mask is returned exactly as typed.
 */
export function maskPersonalIds(text: string): MaskResult {
  const normalised = text
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[\u2010-\u2015\u2212]/g, '-');
  let masked = false;
  const out = normalised.replace(hetuPattern(), () => {
    masked = true;
    return HETU_MASK;
  });
  return masked ? { text: out, masked } : { text, masked };
}

/** The audit form of a henkilötunnus: birth date and century sign kept, the rest hidden (010594Y9***). */
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

const SENSITIVE_KEYS = /^(authorization|cookie|set-cookie|password|passwd|secret|client_?secret|token|access_?token|id_?token|refresh_?token|app_?password|hetu|henkilotunnus|ssn)$/i;

/** Masks personal ids and secrets in one string. */
/**
 * What every pattern above (and the henkilötunnus) needs at least one of: a digit, a character outside
 * printable ASCII (disguised digits, invisible characters) or a secret's keyword. Most log strings
 * (messages, codes, ids of articles) have none, and skip the normalising and the ten regular
 * expressions — the logger calls this for every string of every line. A new pattern must be covered here.
 */
const MAY_NEED_REDACTION = /[^\x20-\x7E]|\d|eyJ|bearer|basic|session|passw|secret/i;

export function redactText(text: string): string {
  if (!MAY_NEED_REDACTION.test(text)) return text;
  let out = maskPersonalIds(text).text;
  for (const [pattern, replace] of SECRET_PATTERNS) out = out.replace(pattern, replace);
  return out;
}

/** Deep copy of a log payload with sensitive keys dropped and every string redacted. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[depth]';
  if (typeof value === 'string') return redactText(value);
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactText(value.message),
      ...(('code' in value && typeof value.code === 'string') ? { code: value.code } : {}),
      stack: value.stack ? redactText(value.stack) : undefined,
    };
  }
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redactValue(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SENSITIVE_KEYS.test(key) ? '[redacted]' : redactValue(inner, depth + 1);
    }
    return out;
  }
  return value;
}
