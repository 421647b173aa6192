/**
 * The identifier guard: the only gate between what a user typed and the ONR test environment.
 * It is pure (no I/O) so it can run first in every path — card handler and HTTP client alike — and a
 * refused value never reaches the network, the database or a log line.
 */

import { z } from 'zod';
import { containsPersonalId, normaliseForDetection } from '../../privacy.js';

/** Check characters of the henkilötunnus, indexed by (ddmmyy + nnn) mod 31. */
export const HETU_CHECK_CHARS = '0123456789ABCDEFHJKLMNPRSTUVWXY';

/** Century signs in force since 1 Jan 2023 plus the classic ones; the sign is part of the identity. */
export const CENTURY_BY_SIGN: Readonly<Record<string, number>> = {
  '+': 1800,
  '-': 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};
export const CENTURY_SIGNS = Object.keys(CENTURY_BY_SIGN);

const HETU_SHAPE = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$/;

export type HetuRefusal =
  /** Not 11 characters of the hetu shape. */
  | 'format'
  /** Hetu-shaped but the individual number is outside 900–999: possibly a real person. */
  | 'not_test_range'
  /** The birth date is not a calendar date. */
  | 'date'
  /** The check character does not match. */
  | 'check';

export type GuardResult<T> = { ok: true; value: T } | { ok: false; reason: HetuRefusal | OidRefusal };

/**
 * Makes typing noise harmless without changing meaning: the app's one detection normalisation
 * (width variants, invisible characters, Unicode digits and dashes; bot/privacy.ts), surrounding
 * spaces, lower-case letters. The century sign itself is never changed.
 */
export function normaliseIdentifierInput(raw: string): string {
  return normaliseForDetection(raw).trim().toUpperCase();
}

export function hetuCheckChar(ddmmyy: string, individual: string): string {
  return HETU_CHECK_CHARS[Number(`${ddmmyy}${individual}`) % 31]!;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Accepts only a valid test henkilötunnus (individual number 900–999). The range is checked before the
 * date and check character on purpose: anything outside it gets the same neutral refusal, so the bot
 * never tells whether a possibly real code is "valid".
 */
export function guardHetu(raw: string): GuardResult<string> {
  // Invisible characters may make a typed code long; the cap applies again after normalisation.
  if (typeof raw !== 'string' || raw.length > 128) return { ok: false, reason: 'format' };
  const hetu = normaliseIdentifierInput(raw);
  const match = HETU_SHAPE.exec(hetu);
  if (!match) return { ok: false, reason: 'format' };
  const [, dd, mm, yy, sign, individual, check] = match as unknown as [string, string, string, string, string, string, string];
  if (Number(individual) < 900) return { ok: false, reason: 'not_test_range' };
  const century = CENTURY_BY_SIGN[sign]!;
  if (!isCalendarDate(century + Number(yy), Number(mm), Number(dd))) return { ok: false, reason: 'date' };
  if (hetuCheckChar(`${dd}${mm}${yy}`, individual) !== check) return { ok: false, reason: 'check' };
  return { ok: true, value: hetu };
}

/**
 * For a test-range code (individual number 900–999) whose only fault is its check character: the typed
 * code (normalised) and the character it should end in, so the form can keep it and say what is expected.
 * Anything else — above all a real-range code — gives null: the guard's range refusal comes first, and the
 * bot never confirms or completes a possibly real code.
 */
export function testHetuWithWrongCheck(raw: string): { typed: string; expected: string } | null {
  const refused = guardHetu(raw);
  if (refused.ok || refused.reason !== 'check') return null;
  const typed = normaliseIdentifierInput(raw);
  const match = HETU_SHAPE.exec(typed);
  if (!match) return null;
  const [, dd, mm, yy, , individual] = match as unknown as [string, string, string, string, string, string, string];
  if (Number(individual) < 900) return null;
  return { typed, expected: hetuCheckChar(`${dd}${mm}${yy}`, individual) };
}

export function isTestHetu(raw: string): boolean {
  return guardHetu(raw).ok;
}

// ---------------------------------------------------------------------------------------------------
// Person OIDs

/** Person-OID nodes ("solmuluokka"): prod 24, QA 98, untuva 198, hahtuva 298. */
export const PERSON_OID_NODES = ['24', '98', '198', '298'] as const;
export type PersonOidNode = (typeof PERSON_OID_NODES)[number];

const OID_SHAPE = /^1\.2\.246\.562\.(24|98|198|298)\.([1-9]\d{9})(\d)$/;

export type OidRefusal = 'oid_format' | 'oid_node' | 'oid_check';

/** IBM 7-3-1 (bank reference) check digit: weights 7,3,1 repeating from the rightmost body digit. */
export function ibm731CheckDigit(body: string): number {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[body.length - 1 - i]) * weights[i % 3]!;
  return (10 - (sum % 10)) % 10;
}

/** Luhn check digit: double every other digit starting from the rightmost body digit. */
export function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Node 24 (production numbering) uses IBM 7-3-1; every other node uses Luhn (onr-api.md §8.1). */
export function oidCheckDigit(node: string, body: string): number {
  return node === '24' ? ibm731CheckDigit(body) : luhnCheckDigit(body);
}

export function makePersonOid(node: PersonOidNode, body: string): string {
  if (!/^[1-9]\d{9}$/.test(body)) throw new Error('OID body must be 10 digits without a leading zero');
  return `1.2.246.562.${node}.${body}${oidCheckDigit(node, body)}`;
}

/** Accepts a person OID of nodes 24/98/198/298 whose check digit matches the node's algorithm. */
export function guardOid(raw: string): GuardResult<string> {
  if (typeof raw !== 'string' || raw.length > 64) return { ok: false, reason: 'oid_format' };
  const oid = normaliseIdentifierInput(raw);
  if (!/^1\.2\.246\.562\.\d+\.\d+$/.test(oid)) return { ok: false, reason: 'oid_format' };
  const match = OID_SHAPE.exec(oid);
  if (!match) {
    const node = oid.split('.')[4];
    return { ok: false, reason: (PERSON_OID_NODES as readonly string[]).includes(node ?? '') ? 'oid_format' : 'oid_node' };
  }
  const [, node, body, check] = match as unknown as [string, string, string, string];
  if (oidCheckDigit(node, body) !== Number(check)) return { ok: false, reason: 'oid_check' };
  return { ok: true, value: oid };
}

export function isPersonOid(raw: string): boolean {
  return guardOid(raw).ok;
}

// ---------------------------------------------------------------------------------------------------
// Names (ONR's HenkiloExistenceCheckDto rules, §4.1) — checked here so the user gets a precise hint.

export type NameProblem = 'etunimet' | 'kutsumanimi' | 'sukunimi' | 'kutsumanimi_not_in_etunimet' | 'personal_id';

export interface PersonNames {
  etunimet: string;
  kutsumanimi: string;
  sukunimi: string;
}

/** Collapses whitespace so "Maija  Anneli " becomes the single-spaced form ONR requires. */
export function normaliseName(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/[\u0000-\u001F\u007F]/g, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

// A name is Latin letters (å, ä, ö, é, ß, …), hyphens and apostrophes; names are separated by single
// spaces. No digits, no symbols: a henkilötunnus cannot hide in a name that reaches ONR.
const NAME_PART = String.raw`(?:(?=\p{L})\p{Script=Latin}|['’-])+`;
const TOKENS = z.string().regex(new RegExp(`^${NAME_PART}(?: ${NAME_PART})*$`, 'u'));
const SINGLE_TOKEN = z.string().regex(new RegExp(`^${NAME_PART}$`, 'u'));

/** The first names a kutsumanimi may be: the space-separated names and the parts of hyphenated ones. */
export function firstNameCandidates(etunimet: string): string[] {
  const tokens = etunimet.split(' ').filter(Boolean);
  const parts = tokens.flatMap((t) => (t.includes('-') ? t.split('-').filter(Boolean) : []));
  return [...tokens, ...parts].map((t) => t.toLocaleLowerCase('fi'));
}

export type NameCheck =
  | { ok: true; value: PersonNames }
  | { ok: false; problem: Exclude<NameProblem, 'personal_id'> }
  | { ok: false; problem: 'personal_id'; field: keyof PersonNames };

export function checkNames(input: PersonNames): NameCheck {
  const names = {
    etunimet: normaliseName(input.etunimet),
    kutsumanimi: normaliseName(input.kutsumanimi),
    sukunimi: normaliseName(input.sukunimi),
  };
  // The detector first: a code typed into a name is refused as such, whatever else is wrong.
  for (const field of ['etunimet', 'kutsumanimi', 'sukunimi'] as const) {
    if (containsPersonalId(input[field])) return { ok: false, problem: 'personal_id', field };
  }
  if (!names.etunimet || names.etunimet.length > 100 || !TOKENS.safeParse(names.etunimet).success)
    return { ok: false, problem: 'etunimet' };
  if (!names.kutsumanimi || names.kutsumanimi.length > 50 || !SINGLE_TOKEN.safeParse(names.kutsumanimi).success)
    return { ok: false, problem: 'kutsumanimi' };
  if (!names.sukunimi || names.sukunimi.length > 100 || !TOKENS.safeParse(names.sukunimi).success)
    return { ok: false, problem: 'sukunimi' };
  if (!firstNameCandidates(names.etunimet).includes(names.kutsumanimi.toLocaleLowerCase('fi'))) {
    return { ok: false, problem: 'kutsumanimi_not_in_etunimet' };
  }
  return { ok: true, value: names };
}
