/** Small readers of Adaptive Card JSON for end-to-end assertions. */
import type { Json } from './playground.js';

export function walk(node: Json, visit: (n: Record<string, Json>) => void): void {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    visit(node);
    for (const value of Object.values(node)) walk(value, visit);
  }
}

export const texts = (card: Json): string[] => {
  const out: string[] = [];
  walk(card, (n) => n.type === 'TextBlock' && typeof n.text === 'string' && out.push(n.text));
  return out;
};

export const facts = (card: Json): Map<string, string> => {
  const out = new Map<string, string>();
  walk(card, (n) => n.type === 'FactSet' && n.facts.forEach((f: Json) => out.set(f.title, f.value)));
  return out;
};

export const inputValues = (card: Json): Record<string, Json> => {
  const out: Record<string, Json> = {};
  walk(card, (n) => {
    if (typeof n.type === 'string' && n.type.startsWith('Input.')) out[n.id] = n.value;
  });
  return out;
};
