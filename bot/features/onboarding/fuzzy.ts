/**
 * Forgiving institution-name matching for "tilanne <name>": accents folded, Finnish case endings
 * tolerated through shared prefixes ("Pohjanlahti" finds "Pohjanlahden ammattikorkeakoulu"), and
 * small typos through edit distance.
 */
export interface NamedCandidate {
  id: string;
  names: string[];
}

export interface NameMatch {
  id: string;
  score: number;
}

// Abbreviations people type for the institution types.
const ABBREVIATIONS: Record<string, string> = {
  amk: 'ammattikorkeakoulu',
  yo: 'yliopisto',
  kk: 'korkeakoulu',
  yh: 'yrkeshogskola',
  uas: 'university of applied sciences',
};

export function normalizeName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .map((token) => ABBREVIATIONS[token] ?? token)
    .join(' ');
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return previous[b.length] ?? Math.max(a.length, b.length);
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function tokenSimilarity(query: string, candidate: string): number {
  if (query === candidate) return 1;
  if (query.length >= 3 && candidate.startsWith(query)) return 0.92;
  const prefix = commonPrefix(query, candidate);
  // Inflected Finnish forms share a long stem: Pohjanlahti / Pohjanlahden.
  const stem = prefix >= 5 && prefix >= Math.min(query.length, candidate.length) - 3 ? 0.85 : 0;
  const edit = 1 - levenshtein(query, candidate) / Math.max(query.length, candidate.length);
  return Math.max(stem, edit);
}

function scoreName(queryTokens: string[], name: string): number {
  const normalized = normalizeName(name);
  const query = queryTokens.join(' ');
  if (normalized === query) return 1;
  if (query.length >= 4 && normalized.includes(query)) return 0.95;
  const tokens = normalized.split(' ').filter(Boolean);
  if (!tokens.length || !queryTokens.length) return 0;
  const sum = queryTokens.reduce((acc, q) => acc + Math.max(...tokens.map((t) => tokenSimilarity(q, t))), 0);
  return sum / queryTokens.length;
}

/** Candidates scoring at least `threshold`, best first. */
export function matchNames(query: string, candidates: NamedCandidate[], threshold = 0.7): NameMatch[] {
  const tokens = normalizeName(query).split(' ').filter(Boolean);
  if (!tokens.length) return [];
  return candidates
    .map((c) => ({ id: c.id, score: Math.max(...c.names.map((n) => scoreName(tokens, n))) }))
    .filter((m) => m.score >= threshold)
    .sort((a, b) => b.score - a.score);
}
