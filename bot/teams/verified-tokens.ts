/**
 * Channel tokens whose signature was verified, by their exact text (bot/teams/inbound-auth.ts). A token
 * is ~1.2 KB, and the one in each request is a fresh string: using it as a map key hashed all of it on
 * every activity (measured ~10 µs, more than the rest of the look-up). Entries are found by the tail of
 * the signature instead and then compared with the whole text, so a hit still means the very same
 * token; two tokens with one tail only displace each other (a miss, never a wrong hit).
 */
import { LruCache } from '../lru-cache.js';

/** 64 characters of base64url: 384 bits of an RS256 signature. */
const TAIL_CHARS = 64;

const tailOf = (token: string) => (token.length <= TAIL_CHARS ? token : token.slice(-TAIL_CHARS));

export class VerifiedTokens<T> {
  private readonly byTail: LruCache<string, { token: string; value: T }>;

  constructor(maxEntries: number) {
    this.byTail = new LruCache(maxEntries);
  }

  get(token: string): T | undefined {
    const entry = this.byTail.get(tailOf(token));
    return entry && entry.token === token ? entry.value : undefined;
  }

  set(token: string, value: T): void {
    this.byTail.set(tailOf(token), { token, value });
  }

  delete(token: string): void {
    const tail = tailOf(token);
    if (this.byTail.get(tail)?.token === token) this.byTail.delete(tail);
  }
}
