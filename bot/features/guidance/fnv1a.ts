/**
 * FNV-1a, 32 bits: a stable string hash (the same on every Node version and platform, no crypto
 * dependency). The question bank's folds and the article classifier's feature numbers use it.
 */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** The hash of `text`; a non-zero `seed` gives an independent family (e.g. word stems apart from n-grams). */
export function fnv1a(text: string, seed = 0): number {
  let hash = (FNV_OFFSET ^ seed) >>> 0;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME) >>> 0;
  return hash;
}
