/**
 * Counts occurrences per small integer id, one pass at a time, without clearing an array between passes:
 * a count is valid only where its stamp is the current pass's. The ids counted in a pass are listed once,
 * in the order they were first counted, so a caller visits only those. The fuzzy vocabulary counts the
 * letter pairs each key shares with a word this way, the n-gram index a question's n-grams — both on
 * every question, where clearing an array the size of the vocabulary each time would cost more than the
 * counting.
 */
export class SparseCounter {
  private counts = new Int32Array(0);
  private stamps = new Uint32Array(0);
  private stamp = 0;
  /** The ids counted in this pass, in first-counted order: the first `size` slots. */
  ids = new Int32Array(64);
  size = 0;

  /** Starts a new pass over ids below `capacity`: every count is 0 again and no id is listed. */
  begin(capacity: number): void {
    if (this.counts.length < capacity) {
      this.counts = new Int32Array(capacity);
      this.stamps = new Uint32Array(capacity);
      this.stamp = 0;
    }
    // Before the stamp wraps, forget the old ones, so a stamp from 2^32 passes ago never reads as current.
    if (this.stamp >= 0xffff_fff0) {
      this.stamp = 0;
      this.stamps.fill(0);
    }
    this.stamp += 1;
    this.size = 0;
  }

  /** Counts one occurrence of `id` (below the pass's capacity). */
  add(id: number): void {
    if (this.stamps[id] === this.stamp) {
      this.counts[id] = (this.counts[id] as number) + 1;
      return;
    }
    this.stamps[id] = this.stamp;
    this.counts[id] = 1;
    if (this.size === this.ids.length) {
      const grown = new Int32Array(this.size * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.size] = id;
    this.size += 1;
  }

  /** How often `id` was counted in this pass (only meaningful for a listed id). */
  count(id: number): number {
    return this.counts[id] as number;
  }
}
