/**
 * Typo candidates for the fuzzy fallback: the vocabulary keys within a small Levenshtein distance of a
 * query key, with the distances minisearch's SearchableMap.fuzzyGet computes (plain Levenshtein over
 * UTF-16 code units) at a fraction of its cost — its radix-tree walk took 25–60 µs per unknown long
 * word, which a pasted text multiplies.
 *
 * Filter, then verify: two strings within distance k share at least max(|a|, |b|) − 1 − 2k of their
 * letter pairs (one edit breaks at most two pairs), so only keys with enough pairs in common, counted
 * through a pair → keys map, get the exact check: a DP limited to the diagonal band that can still stay
 * within k, stopping at the first row that cannot.
 */
import { SparseCounter } from './sparse-counter.js';

export interface FuzzyCandidate {
  key: string;
  distance: number;
}

/** Larger than any distance asked for: marks a DP cell outside the band. */
const FAR = 1 << 20;

/** A letter pair as one number (UTF-16 code units, so it stays exact). */
function pairAt(key: string, i: number): number {
  return key.charCodeAt(i) * 0x10000 + key.charCodeAt(i + 1);
}

export class FuzzyVocabulary {
  private readonly keys: string[] = [];
  private readonly known = new Set<string>();
  /** Keys by length, for lengths where the pair filter proves nothing. */
  private readonly byLength: string[][] = [];
  /** Letter pair → ids of the keys containing it (each id once per pair). */
  private readonly pairs = new Map<number, number[]>();
  /** Per key id, the letter pairs it shares with the current lookup's word (each key listed once). */
  private readonly sharedPairs = new SparseCounter();
  /** Two DP rows, reused by every lookup (grown to the longest key met). */
  private previous = new Int32Array(64);
  private current = new Int32Array(64);

  add(key: string): void {
    if (this.known.has(key)) return;
    this.known.add(key);
    const id = this.keys.length;
    this.keys.push(key);
    (this.byLength[key.length] ??= []).push(key);
    for (let i = 0; i + 1 < key.length; i += 1) {
      const pair = pairAt(key, i);
      const ids = this.pairs.get(pair);
      if (!ids) this.pairs.set(pair, [id]);
      else if (ids[ids.length - 1] !== id) ids.push(id);
    }
  }

  get size(): number {
    return this.keys.length;
  }

  /** Every other key at distance 1..maxDistance from `key`, in no particular order. */
  near(key: string, maxDistance: number): FuzzyCandidate[] {
    const out: FuzzyCandidate[] = [];
    if (maxDistance <= 0) return out;
    const m = key.length;
    const from = Math.max(0, m - maxDistance);
    const to = Math.min(this.byLength.length - 1, m + maxDistance);
    if (from > to) return out;
    // The filter needs every candidate length to require at least one shared pair.
    if (Math.max(m, from) - 1 - 2 * maxDistance < 1) {
      for (let length = from; length <= to; length += 1) {
        for (const candidate of this.byLength[length] ?? []) this.check(key, candidate, maxDistance, out);
      }
      return out;
    }
    const shared = this.sharedPairs;
    shared.begin(this.keys.length);
    // Every occurrence of a pair in `key` counts: that may overcount a candidate, never undercount it.
    for (let i = 0; i + 1 < m; i += 1) {
      const ids = this.pairs.get(pairAt(key, i));
      if (!ids) continue;
      for (const id of ids) shared.add(id);
    }
    for (let t = 0; t < shared.size; t += 1) {
      const id = shared.ids[t] as number;
      const candidate = this.keys[id] as string;
      const n = candidate.length;
      if (n < from || n > to || shared.count(id) < Math.max(m, n) - 1 - 2 * maxDistance) continue;
      this.check(key, candidate, maxDistance, out);
    }
    return out;
  }

  private check(key: string, candidate: string, maxDistance: number, out: FuzzyCandidate[]): void {
    const distance = this.distanceWithin(key, candidate, maxDistance);
    if (distance > 0 && distance <= maxDistance) out.push({ key: candidate, distance });
  }

  /** Levenshtein distance of `a` and `b` when it is at most `k`, otherwise some value above `k`. */
  distanceWithin(a: string, b: string, k: number): number {
    const m = a.length;
    const n = b.length;
    if (Math.abs(m - n) > k) return k + 1;
    if (n + 2 > this.previous.length) {
      this.previous = new Int32Array(n + 2);
      this.current = new Int32Array(n + 2);
    }
    let previous = this.previous;
    let current = this.current;
    // Row 0: the distance from the empty prefix of `a` is j, within the band j ≤ k.
    for (let j = 0; j <= n; j += 1) previous[j] = j <= k ? j : FAR;
    for (let i = 1; i <= m; i += 1) {
      const lo = Math.max(1, i - k);
      const hi = Math.min(n, i + k);
      current[lo - 1] = lo === 1 ? i : FAR;
      let rowMin = current[lo - 1] as number;
      const code = a.charCodeAt(i - 1);
      for (let j = lo; j <= hi; j += 1) {
        let value = (previous[j - 1] as number) + (code === b.charCodeAt(j - 1) ? 0 : 1);
        const deletion = (previous[j] as number) + 1;
        if (deletion < value) value = deletion;
        const insertion = (current[j - 1] as number) + 1;
        if (insertion < value) value = insertion;
        current[j] = value;
        if (value < rowMin) rowMin = value;
      }
      // The cell just right of the band is read as "above" by the next row: outside, so far.
      if (hi < n) current[hi + 1] = FAR;
      // Every path to the end crosses this row and never gets cheaper, so none can end within k.
      if (rowMin > k) return k + 1;
      const swap = previous;
      previous = current;
      current = swap;
    }
    return previous[n] as number;
  }
}
