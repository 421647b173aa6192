/** A message for the next page: set before navigating, shown by main.ts once that page has rendered. */
let pending: { message: string; kind: 'info' | 'error' } | null = null;

export function setFlash(message: string, kind: 'info' | 'error' = 'info'): void {
  pending = { message, kind };
}

export function takeFlash(): { message: string; kind: 'info' | 'error' } | null {
  const flash = pending;
  pending = null;
  return flash;
}
