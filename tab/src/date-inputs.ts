/**
 * Date fields in the UI language. Browsers draw <input type="date"> in their own locale; those that honour
 * the lang attribute (and screen readers) follow it, so the document and every date input carry the UI
 * language with its region ("fi-FI" shows dd.mm.yyyy where the browser allows, never mm/dd/yyyy).
 */
import type { Lang } from '../../bot/i18n/index.js';

export const DATE_INPUT_LOCALES: Record<Lang, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** Sets the UI language on every date input under `root`; views add inputs at any time, so main.ts calls this on changes. */
export function stampDateInputs(root: Pick<ParentNode, 'querySelectorAll'>, lang: Lang): number {
  const inputs = root.querySelectorAll<HTMLInputElement>('input[type="date"]');
  for (const input of inputs) input.lang = DATE_INPUT_LOCALES[lang];
  return inputs.length;
}
