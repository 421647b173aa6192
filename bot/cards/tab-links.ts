/**
 * The one place that builds links into the app's tab. Inside Teams an Action.OpenUrl to the tab's own
 * web address opens a browser (no Teams SSO there, no sign-in in production), so with the Teams app id
 * configured every link is a Teams deep link to the tab entity, carrying the tab page as `subEntityId`
 * (the tab reads it back as `app.getContext().page.subPageId`). Without an app id (local mode, the
 * Agents Playground) the links stay the tab's own URLs, which is what a browser needs there.
 */

/** Entity id of the personal tab in manifest/manifest.template.json (staticTabs). */
export const PERSONAL_TAB_ENTITY_ID = 'liittymistilanne';
/** Entity id the channel tab's configuration page saves (tab/src/config.ts). */
export const CHANNEL_TAB_ENTITY_ID = 'onboarding-status';

/** A page of the tab, as its hash route without the leading "#/": '', 'feedback/KE-2026-0042', 'admin/users'. */
export type TabPage = string;

export interface TabLinks {
  /**
   * Link to a tab page. With `channel` the target lives in a channel that has the tab (channel tab
   * deep link); otherwise the personal tab.
   */
  page(page: TabPage, where?: { channelId: string; label?: string }): string;
  /** True when links are Teams deep links (a Teams app id is configured). */
  readonly deepLinks: boolean;
}

const TEAMS_DEEP_LINK_BASE = 'https://teams.microsoft.com/l/entity';

/** Page paths are built by the app from ids it issued; anything else is refused rather than linked. */
const PAGE_PATTERN = /^(?:[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~%-]+)*)?$/;

function pagePath(page: TabPage): string {
  const path = page.replace(/^\/+/, '');
  if (!PAGE_PATTERN.test(path) || path.split('/').some((segment) => /^\.+$/.test(segment)))
    throw new Error(`not a tab page: ${JSON.stringify(page)}`);
  return path;
}

export function createTabLinks(options: { publicBaseUrl: string; teamsAppId?: string | undefined; label?: string }): TabLinks {
  const base = options.publicBaseUrl.replace(/\/+$/, '');
  const webUrl = (path: string) => (path ? `${base}/tab/#/${path}` : `${base}/tab/`);
  const appId = options.teamsAppId?.trim();
  if (!appId) return { deepLinks: false, page: (page) => webUrl(pagePath(page)) };
  return {
    deepLinks: true,
    page(page, where) {
      const path = pagePath(page);
      const entityId = where ? CHANNEL_TAB_ENTITY_ID : PERSONAL_TAB_ENTITY_ID;
      const context: Record<string, string> = { subEntityId: path };
      if (where) context.channelId = where.channelId;
      const query = new URLSearchParams();
      query.set('webUrl', webUrl(path));
      const label = where?.label ?? options.label;
      if (label) query.set('label', label);
      query.set('context', JSON.stringify(context));
      // URLSearchParams encodes spaces as '+', which Teams' link parser keeps literally; use %20.
      return `${TEAMS_DEEP_LINK_BASE}/${encodeURIComponent(appId)}/${encodeURIComponent(entityId)}?${query.toString().replace(/\+/g, '%20')}`;
    },
  };
}
