/**
 * A size-bounded map that forgets the least recently used entry first. Process-local caches on the
 * message hot path (known users, verified tokens, rendered answer parts) use it so that none of them
 * grows with the number of people, tokens or questions the app has ever seen.
 */
export class LruCache<K, V> {
  // A Map iterates in insertion order; re-inserting on every hit keeps the least recent entry first.
  private readonly entries = new Map<K, V>();

  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as K);
    }
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
