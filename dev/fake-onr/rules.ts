/**
 * The fake's own copy of ONR's validation and matching rules (onr-api.md §4.1, §7.4, §8). Written
 * separately from the bot's identifier guard on purpose: the two implementations check each other in
 * the tests, the way the real ONR would check the bot.
 */

const CHECK_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const CENTURIES: Record<string, number> = {
  '+': 1800,
  '-': 1900,
  U: 1900,
  V: 1900,
  W: 1900,
  X: 1900,
  Y: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};

/** Mirrors ONR HetuUtils: exact 11 characters, case-sensitive sign and check, real calendar date. */
export function isValidHetu(hetu: string, allowFakeSsn: boolean): boolean {
  if (hetu.length !== 11) return false;
  const century = CENTURIES[hetu[6]!];
  if (century === undefined) return false;
  const digits = hetu.slice(0, 6) + hetu.slice(7, 10);
  if (!/^\d{9}$/.test(digits)) return false;
  const day = Number(hetu.slice(0, 2));
  const month = Number(hetu.slice(2, 4));
  const year = century + Number(hetu.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  if (CHECK_CHARS[Number(digits) % 31] !== hetu[10]) return false;
  if (!allowFakeSsn && hetu[7] === '9') return false;
  return true;
}

/** Birth date (YYYY-MM-DD) and sex code ("1" male, "2" female) derived from a valid hetu. */
export function hetuFacts(hetu: string): { syntymaaika: string; sukupuoli: '1' | '2' } {
  const year = CENTURIES[hetu[6]!]! + Number(hetu.slice(4, 6));
  return {
    syntymaaika: `${year}-${hetu.slice(2, 4)}-${hetu.slice(0, 2)}`,
    sukupuoli: Number(hetu.slice(7, 10)) % 2 === 1 ? '1' : '2',
  };
}

function luhn(body: string): number {
  let sum = 0;
  [...body].reverse().forEach((ch, i) => {
    let d = Number(ch);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  });
  return (10 - (sum % 10)) % 10;
}

function ibm731(body: string): number {
  const weights = [7, 3, 1];
  const sum = [...body].reverse().reduce((acc, ch, i) => acc + Number(ch) * weights[i % 3]!, 0);
  return (10 - (sum % 10)) % 10;
}

/** OIDGenerator: node 24 uses IBM 7-3-1, every other node Luhn. */
export function personOid(node: number, body: string): string {
  return `1.2.246.562.${node}.${body}${node === 24 ? ibm731(body) : luhn(body)}`;
}

// ---------------------------------------------------------------------------------------------------
// Names

const TOKENS = /^\S+( \S+)*$/u;

export interface NameFields {
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
}

/** Bean-validation field errors of HenkiloExistenceCheckDto, as ONR would list them. */
export function nameFieldErrors(body: Partial<Record<keyof NameFields, unknown>>): string[] {
  const errors: string[] = [];
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const etunimet = str(body.etunimet);
  const kutsumanimi = str(body.kutsumanimi);
  const sukunimi = str(body.sukunimi);
  if (!etunimet) errors.push("field 'etunimet': Cannot be empty");
  else if (!TOKENS.test(etunimet)) errors.push("field 'etunimet': invalid");
  if (!kutsumanimi) errors.push("field 'kutsumanimi': Cannot be empty");
  else if (/\s/u.test(kutsumanimi)) errors.push("field 'kutsumanimi': invalid");
  if (!sukunimi) errors.push("field 'sukunimi': Cannot be empty");
  else if (!TOKENS.test(sukunimi)) errors.push("field 'sukunimi': invalid");
  if (etunimet && kutsumanimi) {
    const tokens = etunimet.split(' ');
    const candidates = [...tokens, ...tokens.flatMap((t) => (t.includes('-') ? t.split('-') : []))].map((t) => t.toLowerCase());
    if (!candidates.includes(kutsumanimi.toLowerCase())) errors.push("field 'nicknameOk': Nick name must be one of the first names");
  }
  return errors;
}

export function normaliseForComparison(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/** Jaro–Winkler similarity (prefix scale 0.1, up to 4 characters, boost above 0.7). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (!a.length || !b.length) return 0;
  const range = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - range); j < Math.min(b.length, i + range + 1); j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (!matches) return 0;
  let transpositions = 0;
  for (let i = 0, k = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  if (jaro <= 0.7) return jaro;
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

export type NameMatching = 'jaro-winkler' | 'exact';

/** YksilointiServiceImpl.namesMatch: surname similarity, first names by containment or token similarity. */
export function namesMatch(given: NameFields, register: NameFields, mode: NameMatching): boolean {
  const gFirst = normaliseForComparison(given.etunimet);
  const rFirst = normaliseForComparison(register.etunimet);
  const gLast = normaliseForComparison(given.sukunimi);
  const rLast = normaliseForComparison(register.sukunimi);
  if (mode === 'exact') return gFirst === rFirst && gLast === rLast;
  if (jaroWinkler(gLast, rLast) < 0.85) return false;
  if (rFirst.includes(gFirst)) return true;
  const split = (s: string) => s.split(/[\s-]+/).filter(Boolean);
  return split(gFirst).some((g) => split(rFirst).some((r) => jaroWinkler(g, r) >= 0.85));
}
