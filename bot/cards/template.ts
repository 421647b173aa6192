import * as ACData from 'adaptivecards-templating';
import { AppError } from '../errors.js';
import { CARD_VERSION, assertCardSize, type AdaptiveCard } from './card.js';

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

const UNEXPANDED = /\$\{/;

export interface CardTemplate<Data extends object> {
  /** The template's name in errors and tests, e.g. `help/help`. */
  readonly name: string;
  /** The template JSON exactly as it is stored (for the Designer test and tooling). */
  readonly source: unknown;
  expand(data: Data): AdaptiveCard;
}

/**
 * Defines a card template from its JSON (imported with `with { type: 'json' }`, so the build copies it and
 * no file is read at run time). The template is parsed once; expansion is cheap (~0.03 ms).
 */
export function defineCardTemplate<Data extends object>(name: string, json: unknown): CardTemplate<Data> {
  assertTemplateShape(name, json);
  const template = new ACData.Template(json);
  return {
    name,
    source: json,
    expand(data: Data): AdaptiveCard {
      const card = template.expand({ $root: data }) as AdaptiveCard;
      return finaliseExpandedCard(name, card);
    },
  };
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

/** Checks an expanded card and drops empty action lists (an empty `$data` array leaves `actions: []`). */
export function finaliseExpandedCard(name: string, card: AdaptiveCard): AdaptiveCard {
  visitCard(card, (node, path) => {
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && UNEXPANDED.test(value)) {
        throw new AppError('INTERNAL', `card template ${name} left an unexpanded expression at ${path}.${key}`);
      }
      if (key === 'actions' && Array.isArray(value) && value.length > MAX_ACTIONS_PER_LIST) {
        throw new AppError('INTERNAL', `card template ${name} has ${value.length} actions at ${path}; Teams shows ${MAX_ACTIONS_PER_LIST}`);
      }
    }
  });
  if (Array.isArray(card.actions) && card.actions.length === 0) delete card.actions;
  assertCardSize(card);
  return card;
}

function visitCard(node: unknown, visit: (node: Record<string, unknown>, path: string) => void, path = '$'): void {
  if (Array.isArray(node)) {
    node.forEach((child, index) => visitCard(child, visit, `${path}[${index}]`));
  } else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    visit(record, path);
    for (const [key, child] of Object.entries(record)) {
      if (child && typeof child === 'object') visitCard(child, visit, `${path}.${key}`);
    }
  }
}
