/**
 * Silences exactly one Node warning that a dependency causes and we cannot fix: DEP0111 for
 * `process.binding('http_parser')`.
 *
 * Why: restify 11 requires `spdy` at load time (for HTTP/2, which this app never enables), and spdy's
 * `http-deceiver` 1.2.7 (unmaintained; no newer release) reads `process.binding('http_parser')` while
 * being required. Nothing calls it afterwards. restify 12 dropped spdy but needs Node 22, and the app
 * must still run on Node 20 — when Node 20 support ends, upgrade restify and delete this module.
 *
 * Every other warning, every other DEP0111 (another module's `process.binding`) and every other use of
 * the warning API passes through unchanged. The entry point calls `silenceKnownWarnings()` before it
 * loads anything that requires restify.
 */
const SILENCED_CODE = 'DEP0111';
const SILENCED_MESSAGE = "process.binding('http_parser')";

type EmitWarning = (warning: string | Error, ...rest: unknown[]) => void;

/** Whether `process.emitWarning(warning, ...rest)` is the one known, harmless http_parser warning. */
export function isKnownHttpParserWarning(warning: string | Error, rest: readonly unknown[]): boolean {
  const message = typeof warning === 'string' ? warning : warning.message;
  if (!message.includes(SILENCED_MESSAGE)) return false;
  const [typeOrOptions, code] = rest;
  if (warning instanceof Error && (warning as Error & { code?: unknown }).code === SILENCED_CODE) return true;
  if (typeof typeOrOptions === 'object' && typeOrOptions !== null) return (typeOrOptions as { code?: unknown }).code === SILENCED_CODE;
  return code === SILENCED_CODE;
}

/** Wraps `process.emitWarning` once; returns a function that restores the original. */
export function silenceKnownWarnings(
  target: { emitWarning: EmitWarning } = process as unknown as { emitWarning: EmitWarning },
): () => void {
  const original = target.emitWarning;
  target.emitWarning = function emitWarning(this: unknown, warning: string | Error, ...rest: unknown[]): void {
    if (isKnownHttpParserWarning(warning, rest)) return;
    original.call(this, warning, ...rest);
  };
  return () => {
    target.emitWarning = original;
  };
}
