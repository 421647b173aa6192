import type { ToastKind } from './dom.js';

/** A message for the next page: set before navigating, shown by main.ts once that page has rendered. */
let pending: { message: string; kind: ToastKind } | null = null;

export function setFlash(message: string, kind: ToastKind = 'info'): void {
  pending = { message, kind };
}

export function takeFlash(): { message: string; kind: ToastKind } | null {
  const flash = pending;
  pending = null;
  return flash;
}
