/** Small helpers for driving the escalation feature like Teams would: find a card's button, press it. */
import assert from 'node:assert/strict';
import type { AdaptiveCard } from '../../../bot/cards/card.js';
import type { Store } from '../../../bot/store/db.js';
import type { ActionResult, Feature, Reply, TurnInput } from '../../../bot/features/types.js';

type Node = Record<string, unknown>;

function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, visit);
    return;
  }
  if (node && typeof node === 'object') {
    visit(node as Node);
    for (const value of Object.values(node)) walk(value, visit);
  }
}

/** Every Action.Execute in a card (top-level actions and ActionSets). */
export function executeActions(card: AdaptiveCard): Node[] {
  const found: Node[] = [];
  walk(card, (n) => {
    if (n.type === 'Action.Execute') found.push(n);
  });
  return found;
}

export function actionByVerb(card: AdaptiveCard, verb: string): Node & { data: Record<string, unknown> } {
  const action = executeActions(card).find((a) => a.verb === verb);
  assert.ok(action, `card has no Action.Execute with verb ${verb}`);
  return action as Node & { data: Record<string, unknown> };
}

export function hasVerb(card: AdaptiveCard, verb: string): boolean {
  return executeActions(card).some((a) => a.verb === verb);
}

export function inputById(card: AdaptiveCard, id: string): Node | undefined {
  let found: Node | undefined;
  walk(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Input.') && n.id === id) found = n;
  });
  return found;
}

/** All visible text of a card, for "does it say X" assertions. */
export function cardText(card: AdaptiveCard): string {
  const parts: string[] = [];
  walk(card, (n) => {
    if (n.type === 'TextBlock' && typeof n.text === 'string') parts.push(n.text);
    if (typeof n.title === 'string' && typeof n.value === 'string' && !('type' in n)) parts.push(`${n.title}: ${n.value}`);
  });
  return parts.join('\n');
}

export function cardOf(result: ActionResult | Reply | undefined): AdaptiveCard {
  assert.ok(result && result.kind === 'card', `expected a card, got ${JSON.stringify(result)}`);
  return result.card;
}

/** Presses a button the way the router does: the action's data plus the card's input values. */
export async function press(
  feature: Feature,
  turn: TurnInput,
  action: { verb?: unknown; data: Record<string, unknown> },
  inputs: Record<string, unknown> = {},
): Promise<ActionResult> {
  const verb = String(action.verb ?? action.data.verb);
  return run(feature, turn, verb, { ...action.data, ...inputs });
}

export async function run(feature: Feature, turn: TurnInput, verb: string, value: Record<string, unknown>): Promise<ActionResult> {
  const handler = feature.actions?.find((a) => a.verbs.includes(verb));
  assert.ok(handler, `no handler for ${verb}`);
  return handler.run({ ...turn, verb, value });
}

/** The one institution the escalation suites map their users to. */
export async function seedInstitution(store: Store): Promise<void> {
  await store.db
    .insertInto('institutions')
    .values({
      id: 'inst-test',
      name_fi: 'Testiyliopisto',
      name_sv: 'Testuniversitetet',
      name_en: 'Test University',
      organisation_oid: '1.2.246.562.10.00000000001',
      type: 'university',
      created_at: '2026-01-01T00:00:00.000Z',
    })
    .execute();
}
