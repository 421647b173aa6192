/**
 * A small seeded payload generator for the fuzz suites (no dependency). Every value comes from one
 * mulberry32 stream, so a failure reproduces with the same FUZZ_SEED. The catalogue aims at what
 * breaks handlers: wrong types where strings are expected, 100 KB strings, control characters and
 * emoji, extra fields (mass assignment), prototype-pollution keys, deep nesting and
 * henkilötunnus-shaped strings.
 *
 * Henkilötunnus values are only ever built here, at run time, from the check-character algorithm;
 * no real-range code is written in any file. Real-range ones exist only as in-memory canaries.
 */
import { CENTURY_BY_SIGN, HETU_CHECK_CHARS, hetuCheckChar } from '../../bot/features/lookup/identifiers.js';
import { findHetuCandidates, normaliseForDetection } from '../../bot/privacy.js';

/** The seed of this run: FUZZ_SEED from the environment, else the given default. */
export function fuzzSeed(defaultSeed = 0x5eed_f22): number {
  const raw = process.env.FUZZ_SEED;
  if (raw && /^\d+$/.test(raw)) return Number(raw) >>> 0;
  return defaultSeed >>> 0;
}

/** mulberry32: small, fast, good enough for test data. */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }
  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
  /** A child stream, so one consumer's draws do not shift another's. */
  fork(): SeededRandom {
    return new SeededRandom(Math.floor(this.next() * 2 ** 32));
  }
}

// ---------------------------------------------------------------------------------------------------
// Henkilötunnus generation (DVV algorithm); used for canaries and for hetu-shaped fuzz strings.

/** Century signs and their centuries, from the one identifier module. */
export const CENTURY_SIGNS = CENTURY_BY_SIGN;

export { hetuCheckChar };

export type HetuKind =
  /** Individual number 900–999, valid check character: the only kind the app may send to ONR. */
  | 'test'
  /** Individual number 002–899, valid check character: could be a real person. Runtime canary only. */
  | 'real'
  /** Real-range individual number with a deliberately wrong check character (not a valid code). */
  | 'invalid-check';

export interface HetuOptions {
  kind: HetuKind;
  sign?: string;
}

/** A calendar-valid henkilötunnus of the requested kind, with a random (or given) century sign. */
export function makeHetu(rng: SeededRandom, options: HetuOptions): string {
  const sign = options.sign ?? rng.pick(Object.keys(CENTURY_SIGNS));
  const century = CENTURY_SIGNS[sign];
  if (century === undefined) throw new Error(`unknown century sign ${sign}`);
  // Years that exist for the sign; the 2000s stop at the current decade so the date is not in the future.
  const yy = century === 2000 ? rng.int(0, 19) : rng.int(0, 99);
  const month = rng.int(1, 12);
  const days = new Date(Date.UTC(century + yy, month, 0)).getUTCDate();
  const ddmmyy = `${String(rng.int(1, days)).padStart(2, '0')}${String(month).padStart(2, '0')}${String(yy).padStart(2, '0')}`;
  const individual = String(options.kind === 'test' ? rng.int(900, 999) : rng.int(2, 899)).padStart(3, '0');
  let check = hetuCheckChar(ddmmyy, individual);
  if (options.kind === 'invalid-check') {
    const index = HETU_CHECK_CHARS.indexOf(check);
    check = HETU_CHECK_CHARS[(index + rng.int(1, 30)) % 31]!;
  }
  return `${ddmmyy}${sign}${individual}${check}`;
}

// ---------------------------------------------------------------------------------------------------
// Prototype pollution

export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
const POLLUTION_PROBE = 'fuzzPolluted';

/** JSON texts whose parse gives own `__proto__`/`constructor` keys (an object literal would not). */
const POLLUTION_JSON = [
  `{"__proto__":{"${POLLUTION_PROBE}":"yes","role":"ServiceOwnerAdmin"}}`,
  `{"constructor":{"prototype":{"${POLLUTION_PROBE}":"yes"}}}`,
  `{"__proto__":{"__proto__":{"${POLLUTION_PROBE}":"yes"}}}`,
  `{"prototype":{"${POLLUTION_PROBE}":"yes"},"constructor":"x"}`,
  `{"a":[{"__proto__":{"${POLLUTION_PROBE}":"yes","isAdmin":true}}]}`,
  `{"__proto__":null}`,
];

export function pollutionObject(rng: SeededRandom): Record<string, unknown> {
  return JSON.parse(rng.pick(POLLUTION_JSON)) as Record<string, unknown>;
}

const BUILTIN_PROTOTYPES: Array<[string, object]> = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
];

/** Own property names of the built-in prototypes, to compare after a run. */
export function prototypeFingerprint(): Record<string, string[]> {
  return Object.fromEntries(BUILTIN_PROTOTYPES.map(([name, proto]) => [name, Reflect.ownKeys(proto).map(String).sort()]));
}

/** Keys that appeared on a built-in prototype since `before`, plus any value readable through `{}`. */
export function prototypePollution(before: Record<string, string[]>): string[] {
  const after = prototypeFingerprint();
  const found: string[] = [];
  for (const [name, keys] of Object.entries(after)) {
    const known = new Set(before[name] ?? []);
    for (const key of keys) if (!known.has(key)) found.push(`${name}.${key}`);
  }
  const probe = {} as Record<string, unknown>;
  for (const key of [POLLUTION_PROBE, 'role', 'isAdmin', 'polluted']) if (probe[key] !== undefined) found.push(`({}).${key}`);
  return found;
}

/** Writes every ASCII digit of a code in another Unicode decimal digit set (zero given). */
function digitsFrom(zero: number, code: string): string {
  return code.replace(/\d/g, (d) => String.fromCodePoint(zero + Number(d)));
}

/** Puts a string between every character of a code. */
function between(code: string, glue: string): string {
  return Array.from(code).join(glue);
}

/** Inserts a string after the given character position of a code. */
function at(code: string, position: number, insert: string): string {
  return `${code.slice(0, position)}${insert}${code.slice(position)}`;
}

/**
 * Ways a user's text can carry a henkilötunnus that a naive pattern misses (issue 12): invisible and
 * format characters, bidi marks and isolates, combining marks, variation selectors, tag characters,
 * other Unicode digit sets, no-break spaces, letters glued to either side. Every one of them must be
 * caught by the app's detector, the maskers and the privacy scanner.
 */
export function hetuDisguises(code: string): Array<[name: string, text: string]> {
  const sign = code[6]!;
  const date = code.slice(0, 6);
  const rest = code.slice(7);
  return [
    ['plain', code],
    ['lower case', code.toLowerCase()],
    ['in a sentence', `Asiakkaan henkilötunnus on ${code}, voitteko tarkistaa?`],
    ['in punctuation', `(${code}).`],
    ['zero-width spaces', between(code, '\u200b')],
    ['fullwidth digits', digitsFrom(0xff10, code)],
    ['left-to-right mark', at(code, 3, '\u200e')],
    ['right-to-left marks', between(code, '\u200f')],
    ['invisible separator', at(code, 8, '\u2063')],
    ['bidi isolates', `\u2066${date}\u2069\u2067${sign}\u2069\u2068${rest}\u2069`],
    ['bidi embedding and override', `\u202a${date}\u202c\u202e${sign}${rest}\u202c`],
    ['combining grapheme joiner', between(code, '\u034f')],
    ['Mongolian vowel separator', at(code, 6, '\u180e')],
    ['variation selectors', between(code, '\ufe0f')],
    ['tag characters', `\u{e0001}${between(code, '\u{e0020}')}\u{e007f}`],
    ['soft hyphen and word joiner', at(at(code, 2, '\u00ad'), 9, '\u2060')],
    ['combining acute accents', code.replace(/\d/g, (d) => `${d}\u0301`)],
    ['Hangul filler', at(code, 4, '\u3164')],
    ['Arabic-Indic digits', digitsFrom(0x0660, code)],
    ['Extended Arabic-Indic digits', digitsFrom(0x06f0, code)],
    ['Devanagari digits', digitsFrom(0x0966, code)],
    ['mathematical bold digits', digitsFrom(0x1d7ce, code)],
    ['glued prefix', `hetu${code}`],
    ['glued suffix', `${code}x`],
    ['glued both sides', `tunnus${code}kiitos`],
    ['no-break spaces around the sign', `${date}\u00a0${sign}\u00a0${rest}`],
    ['narrow no-break space', `${date}\u202f${sign}${rest}`],
    ['en dash for the sign', sign === '-' ? `${date}\u2013${rest}` : code],
    ['right-to-left mark and Arabic-Indic digits', `\u200f${digitsFrom(0x0660, date)}\u200f${sign}${digitsFrom(0x0660, rest)}`],
  ];
}

// ---------------------------------------------------------------------------------------------------
// Strings

const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f';

/** Fixed nasty strings. `{m}` is replaced with a marker so an echo of the payload can be spotted. */
const NASTY: readonly string[] = [
  '',
  ' ',
  '   \t\n  ',
  '\u0000',
  'a\u0000b{m}',
  CONTROL,
  '\u2028\u2029{m}',
  '\r\n\r\nX-Injected: 1{m}',
  '😀👩‍👩‍👧‍👦🏳️‍🌈{m}',
  'Z̴̡̢͎a̷̰l̴̙g̵̣o̶͔{m}',
  '\u202Egnp.exe{m}',
  '\u200b\u200c\u200d\ufeff{m}',
  '\ud800{m}',
  '\udfff\ud800',
  '１２３４５６{m}',
  'ÅÄÖåäö ẞ ﬁ{m}',
  '[klikkaa](https://evil.example/{m})',
  '**x**{m}',
  '{{DATE(2017-02-14T06:08:00Z)}}{m}',
  '${$root.secret}{m}',
  '<at>Kaikki</at>{m}',
  '\\" } ] , {"type":"Action.OpenUrl","url":"https://evil.example/{m}"}',
  '<script>alert("{m}")</script>',
  '<img src=x onerror=alert(1)>{m}',
  "' OR 1=1 --{m}",
  "'); DROP TABLE app_users; --{m}",
  '../../../../etc/passwd{m}',
  '..%2f..%2f{m}',
  'C:\\Windows\\system32{m}',
  '%00%0d%0a{m}',
  '1e309',
  '-0',
  'NaN',
  'Infinity',
  '0x10',
  '9007199254740993',
  '-1',
  '2026-13-45',
  '0000-00-00',
  '9999-12-31T23:59:59Z',
  'true',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'ServiceOwnerAdmin',
  'all',
  '00000000-0000-0000-0000-000000000000',
  '1.2.246.562.24.00000000000',
  '1.2.246.562.98.12345678901',
  'https://evil.example/{m}',
  'javascript:alert(1)//{m}',
  'Bearer {m}',
];

export interface FuzzerOptions {
  /** Share of strings that are 100 KB or more (default 0.02). */
  hugeRate?: number;
  /** Strings for mass-assignment values, e.g. another institution's id. */
  foreignIds?: readonly string[];
}

/**
 * The generator. `markers()` returns the markers planted since the last call, so a caller can check
 * that a response does not echo the payload.
 */
export class Fuzzer {
  private counter = 0;
  private planted: string[] = [];
  readonly stats = { values: 0, huge: 0, hetu: 0, pollution: 0, deep: 0 };

  constructor(
    readonly rng: SeededRandom,
    private readonly options: FuzzerOptions = {},
  ) {}

  /** A marker that survives NFKC and Markdown escaping: letters and digits only. */
  marker(): string {
    const marker = `QZX${(++this.counter).toString(36)}FZ`;
    this.planted.push(marker);
    return marker;
  }

  /** Markers planted since the previous call. */
  markers(): string[] {
    const out = this.planted;
    this.planted = [];
    return out;
  }

  hetu(): string {
    this.stats.hetu++;
    const rng = this.rng;
    const kind: HetuKind = rng.pick(['test', 'test', 'real', 'invalid-check'] as const);
    const code = makeHetu(rng, { kind });
    switch (rng.int(0, 3)) {
      case 0:
        return `Oppijan hetu on ${code}, auttakaa ${this.marker()}`;
      case 1:
        return ` ${code} `;
      default:
        return rng.pick(hetuDisguises(code))[1];
    }
  }

  string(): string {
    this.stats.values++;
    const rng = this.rng;
    if (rng.chance(this.options.hugeRate ?? 0.02)) {
      this.stats.huge++;
      const unit = rng.pick(['A', 'ä', '😀', '<at>x</at>', '\u0000']);
      return `${this.marker()}${unit.repeat(Math.ceil(100_000 / unit.length))}`;
    }
    switch (rng.int(0, 5)) {
      case 0:
        return this.hetu();
      case 1:
        return rng.chars(rng.int(1, 40), 'abcdefghijklmnopqrstuvwxyzÅÄÖ0123456789 -_.:/') + this.marker();
      case 2:
        return rng.chars(rng.int(1, 300), CONTROL + 'aÄ😀\u200b\ufeff\u202e');
      case 3:
        if (this.options.foreignIds?.length) return rng.pick(this.options.foreignIds);
        return this.marker();
      default:
        return rng.pick(NASTY).replace('{m}', () => this.marker());
    }
  }

  /** Any JSON value, biased to the wrong types. */
  value(depth = 0): unknown {
    const rng = this.rng;
    const roll = rng.int(0, depth > 3 ? 9 : 13);
    switch (roll) {
      case 0:
        return null;
      case 1:
        return rng.chance(0.5);
      case 2:
        return rng.pick([0, -1, 1, 1.5, -0.000001, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, Number.MAX_SAFE_INTEGER]);
      case 3:
      case 4:
      case 5:
      case 6:
      case 7:
        return this.string();
      case 8:
        return rng.int(-5, 100000);
      case 9:
        return [];
      case 10:
        return Array.from({ length: rng.int(1, 4) }, () => this.value(depth + 1));
      case 11:
        return this.object(depth + 1);
      case 12:
        this.stats.pollution++;
        return pollutionObject(rng);
      default:
        return this.deep();
    }
  }

  /** Deeply nested arrays or objects (up to 2,000 levels). */
  deep(): unknown {
    this.stats.deep++;
    const levels = this.rng.pick([20, 100, 2000]);
    let inner: unknown = this.marker();
    const asArray = this.rng.chance(0.5);
    for (let i = 0; i < levels; i++) inner = asArray ? [inner] : { a: inner };
    return inner;
  }

  object(depth = 0): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const keys = this.rng.int(0, 5);
    for (let i = 0; i < keys; i++) assignOwn(out, { [this.key()]: this.value(depth + 1) });
    return out;
  }

  key(): string {
    const rng = this.rng;
    return rng.pick([
      ...PROTO_KEYS,
      'role',
      'institutionId',
      'tenantId',
      'objectId',
      'verb',
      'id',
      'status',
      'isAdmin',
      '',
      ' ',
      '😀',
      'a.b',
      '$where',
      `x${this.marker()}`,
    ]);
  }

  /** Extra fields an attacker would add to escalate (mass assignment). */
  extraFields(): Record<string, unknown> {
    const rng = this.rng;
    const out: Record<string, unknown> = {};
    const n = rng.int(1, 4);
    for (let i = 0; i < n; i++) {
      switch (rng.int(0, 7)) {
        case 0:
          out.role = 'ServiceOwnerAdmin';
          break;
        case 1:
          out.institutionId = this.options.foreignIds?.length ? rng.pick(this.options.foreignIds) : 'inst-other';
          break;
        case 2:
          out.tenantId = '00000000-0000-0000-0000-00000000ffff';
          out.objectId = 'someone-else';
          break;
        case 3:
          out.isAdmin = true;
          break;
        case 4:
          assignOwn(out, pollutionObject(rng));
          this.stats.pollution++;
          break;
        case 5:
          assignOwn(out, { constructor: JSON.parse('{"prototype":{"fuzzPolluted":"yes"}}') as unknown });
          this.stats.pollution++;
          break;
        default:
          assignOwn(out, { [this.key()]: this.value(1) });
      }
    }
    return out;
  }

  /**
   * A mutation of a valid-shaped payload: a field with the wrong type or a nasty string, a field
   * removed, extra fields added, or (rarely) the base unchanged (a redelivery).
   */
  mutate(base: Record<string, unknown>): Record<string, unknown> {
    const rng = this.rng;
    const out: Record<string, unknown> = { ...base };
    const keys = Object.keys(out);
    const steps = rng.int(1, 3);
    for (let i = 0; i < steps; i++) {
      const key = keys.length ? rng.pick(keys) : this.key();
      switch (rng.int(0, 6)) {
        case 0:
          delete out[key];
          break;
        case 1:
        case 2:
          assignOwn(out, { [key]: this.value(1) });
          break;
        case 3:
          assignOwn(out, { [key]: this.string() });
          break;
        case 4:
          assignOwn(out, this.extraFields());
          break;
        case 5:
          if (rng.chance(0.3)) return { ...base };
          assignOwn(out, { [key]: this.hetu() });
          break;
        default:
          assignOwn(out, { [this.key()]: this.value(1) });
      }
    }
    return out;
  }

  /** A payload: mostly mutations of a valid-shaped base when there is one, else random objects. */
  payload(base?: Record<string, unknown>): Record<string, unknown> {
    if (base && this.rng.chance(0.75)) return this.mutate(base);
    const out = this.object();
    if (this.rng.chance(0.3)) assignOwn(out, this.extraFields());
    return out;
  }
}

/**
 * Copies own keys as own data properties. Object.assign would *set* `__proto__` (changing the
 * target's prototype) instead of carrying the key along as an attacker's JSON would.
 */
export function assignOwn(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(source)) {
    Object.defineProperty(target, key, { value: source[key], enumerable: true, configurable: true, writable: true });
  }
  return target;
}

/** JSON round trip, so what a handler sees is exactly what would arrive over the wire. */
export function asWire<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

// ---------------------------------------------------------------------------------------------------
// Harvesting valid-shaped payloads from the cards the bot sends

export interface HarvestedAction {
  verb: string;
  /** The action's data, merged with one value per input of the same card (what a client would send). */
  data: Record<string, unknown>;
  /** Ids of the card's inputs. */
  inputs: string[];
}

function walk(value: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (value && typeof value === 'object') {
    visit(value as Record<string, unknown>);
    for (const inner of Object.values(value)) walk(inner, visit);
  }
}

/**
 * Every Action.Execute (and Action.Submit with a `verb`) in a card or activity, with the card's input
 * ids filled from their `value` (or an empty string), so a harvested payload looks like a real submit.
 */
export function harvestActions(cardOrActivity: unknown): HarvestedAction[] {
  const inputs: Record<string, unknown> = {};
  const actions: Array<{ verb: string; data: Record<string, unknown> }> = [];
  walk(cardOrActivity, (node) => {
    if (typeof node.type === 'string' && node.type.startsWith('Input.') && typeof node.id === 'string') {
      inputs[node.id] = node.value ?? '';
    }
    const data = node.data && typeof node.data === 'object' && !Array.isArray(node.data) ? (node.data as Record<string, unknown>) : {};
    if (node.type === 'Action.Execute' && typeof node.verb === 'string') actions.push({ verb: node.verb, data });
    else if (node.type === 'Action.Submit' && typeof data.verb === 'string') actions.push({ verb: data.verb, data });
  });
  return actions.map(({ verb, data }) => ({ verb, data: { ...inputs, ...data }, inputs: Object.keys(inputs) }));
}

/**
 * Makes text from the system under test safe to print in a failure message: percent-escapes are
 * collapsed, then every henkilötunnus-shaped token (found by the app's one detector, whatever its
 * disguise) is replaced, so a fuzz canary reflected by a bug never reaches the test log.
 */
export function redactForReport(text: string): string {
  const normalised = normaliseForDetection(text.replace(/(?:%[0-9A-Fa-f]{2})+/g, '%…'));
  let out = '';
  let at = 0;
  for (const c of findHetuCandidates(normalised)) {
    out += `${normalised.slice(at, c.index)}[hetu-shaped]`;
    at = c.index + c.length;
  }
  return out + normalised.slice(at);
}
