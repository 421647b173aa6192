/**
 * Deep links into the tab carry the page as `subEntityId` (bot/cards/tab-links.ts); Teams hands it to
 * the tab as `app.getContext().page.subPageId`, at start and again when a suspended (cached) tab is
 * resumed by another link. This turns it into the tab's hash route. Only page paths the app itself
 * builds are accepted: anything else (a hand-edited link) lands on the overview.
 */
const SUB_PAGE_PATTERN = /^[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~%-]+)*$/;

/** '#/feedback/KE-2026-0042' for 'feedback/KE-2026-0042'; null when there is nothing (valid) to open. */
export function hashForSubPage(subPageId: string | null | undefined): string | null {
  const path = (subPageId ?? '').trim().replace(/^#?\/*/, '');
  if (!path || path.length > 200 || !SUB_PAGE_PATTERN.test(path)) return null;
  if (path.split('/').some((segment) => /^\.+$/.test(segment))) return null;
  return `#/${path}`;
}
