import * as ACData from 'adaptivecards-templating';
import { AppError } from '../errors.js';
import { CARD_VERSION, assertCardSize, cardByteSize, type AdaptiveCard } from './card.js';

/**
 * Adaptive Card templates: each card's layout lives in a JSON file beside its feature (open it in the
 * Adaptive Cards Designer with the `*.data.json` sample next to it), and a typed function builds the data.
 * Expansion here keeps every guarantee the hand-built cards had: schema version ≤ 1.5, ≤ 28 KB, no
 * `${…}` left unexpanded, and no more buttons in one action list than Teams shows.
 *
 * User text never becomes template syntax: adaptivecards-templating does not evaluate expressions inside
 * data values, and user text only enters the data as `UserText` (made by `userText()` in card.ts), whose
 * escaping also removes the `{` `}` a stray `${…}` would need.
 */

/** Teams' host config shows at most this many actions in one list. */
export const MAX_ACTIONS_PER_LIST = 6;

const EXPRESSION = /\$\{[^}]*\}?/g;

export interface CardTemplate<Data extends object> {
  /** The template's name in errors and tests, e.g. `help/help`. */
  readonly name: string;
  /** The template JSON exactly as it is stored (for the Designer test and tooling). */
  readonly source: unknown;
  expand(data: Data): AdaptiveCard;
  /**
   * The size in bytes (as `cardByteSize` counts) the expansion of `data` has, also when it is over the
   * 28 KB `expand` refuses: for forms that tell an author by how much their text is too long.
   */
  expandedBytes(data: Data): number;
}

/**
 * Defines a card template from its JSON (imported with `with { type: 'json' }`, so the build copies it and
 * no file is read at run time). The template is parsed once; expansion is cheap (~0.03 ms).
 */
export function defineCardTemplate<Data extends object>(name: string, json: unknown): CardTemplate<Data> {
  assertTemplateShape(name, json);
  const template = new ACData.Template(json);
  const expressions = templateExpressions(json);
  return {
    name,
    source: json,
    expand(data: Data): AdaptiveCard {
      const card = template.expand({ $root: data }) as AdaptiveCard;
      return finaliseExpandedCard(name, card, expressions);
    },
    expandedBytes(data: Data): number {
      const card = template.expand({ $root: data }) as AdaptiveCard;
      if (Array.isArray(card.actions) && card.actions.length === 0) delete card.actions;
      return cardByteSize(card);
    },
  };
}

/**
 * Every `${…}` the template itself contains. adaptivecards-templating leaves an expression it cannot
 * evaluate as it was written, so a leftover is one of these; a `${` that came in with the data (a question
 * typed as "miksi ${oid} puuttuu?", carried verbatim in a button's data or an input's value) is not.
 */
function templateExpressions(json: unknown): string[] {
  const found = new Set<string>();
  visitStrings(json, (value) => {
    for (const match of value.matchAll(EXPRESSION)) found.add(match[0]);
  });
  return [...found];
}

function visitStrings(node: unknown, visit: (value: string) => void): void {
  if (typeof node === 'string') visit(node);
  else if (Array.isArray(node)) node.forEach((child) => visitStrings(child, visit));
  else if (node && typeof node === 'object') Object.values(node).forEach((child) => visitStrings(child, visit));
}

function assertTemplateShape(name: string, json: unknown): void {
  const card = json as Partial<AdaptiveCard> | null;
  if (!card || card.type !== 'AdaptiveCard') throw new Error(`card template ${name} is not an AdaptiveCard`);
  if (typeof card.version !== 'string' || compareVersions(card.version, CARD_VERSION) > 0) {
    throw new Error(`card template ${name} declares version ${String(card.version)}; Teams supports ${CARD_VERSION}`);
  }
}

function compareVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}

/**
 * Checks an expanded card and drops empty action lists (an empty `$data` array leaves `actions: []`).
 * `expressions` are the template's own `${…}` texts (see templateExpressions); without them any `${` counts.
 * Inside an action's `data` (sent back to the bot, never shown) a person's question may hold such a text
 * among other words; there a string counts only when it is nothing but one of the template's expressions,
 * which is what a `"id": "${id}"` left unexpanded looks like.
 */
export function finaliseExpandedCard(name: string, card: AdaptiveCard, expressions?: readonly string[]): AdaptiveCard {
  const unexpanded = (value: string, inData: boolean): boolean =>
    value.includes('${') &&
    (expressions === undefined || (inData ? expressions.includes(value) : expressions.some((expression) => value.includes(expression))));
  checkCard(name, card, unexpanded);
  if (Array.isArray(card.actions) && card.actions.length === 0) delete card.actions;
  assertCardSize(card);
  return card;
}

/**
 * One walk over the expanded card (it runs on every answer of the question turn): the path of a problem
 * is only spelled out when there is one.
 */
function checkCard(name: string, card: AdaptiveCard, unexpanded: (value: string, inData: boolean) => boolean): void {
  const trail: Array<string | number> = [];
  let dataDepth = 0;
  const where = (): string => `$${trail.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('')}`;
  const visit = (key: string | number, value: unknown): void => {
    if (typeof value === 'string') {
      if (unexpanded(value, dataDepth > 0)) {
        trail.push(key);
        throw new AppError('INTERNAL', `card template ${name} left an unexpanded expression at ${where()}`);
      }
    } else if (value && typeof value === 'object') {
      if (key === 'actions' && Array.isArray(value) && value.length > MAX_ACTIONS_PER_LIST) {
        throw new AppError(
          'INTERNAL',
          `card template ${name} has ${value.length} actions at ${where()}; Teams shows ${MAX_ACTIONS_PER_LIST}`,
        );
      }
      const isData = key === 'data' && !Array.isArray(value);
      if (isData) dataDepth++;
      trail.push(key);
      walk(value);
      trail.pop();
      if (isData) dataDepth--;
    }
  };
  const walk = (node: object): void => {
    if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) visit(index, node[index]);
    } else {
      const record = node as Record<string, unknown>;
      for (const key in record) visit(key, record[key]);
    }
  };
  walk(card);
}
