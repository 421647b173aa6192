/**
 * The tab's main menu: one link per page the signed-in user can use (the server refuses the rest anyway),
 * and for an institution's main user a shortcut to their own institution's page. Pure, so it is unit-tested.
 */
import type { Lang } from '../../bot/i18n/index.js';
import type { Capabilities } from './capabilities.js';
import type { Me } from './context.js';
import { ui } from './i18n.js';
import { pagesText } from './i18n-pages.js';

export interface NavLink {
  key: string;
  href: string;
  label: string;
}

export function ownInstitutionHref(me: Pick<Me, 'institution'>): string | null {
  return me.institution ? `#/institution/${encodeURIComponent(me.institution.id)}` : null;
}

export function navLinks(me: Pick<Me, 'institution' | 'permissions'>, caps: Capabilities, lang: Lang): NavLink[] {
  const t = ui(lang);
  const p = pagesText(lang);
  const own = ownInstitutionHref(me);
  const links: Array<NavLink & { shown: boolean }> = [
    { key: 'overview', href: '#/', label: t.navOverview, shown: true },
    // Whoever may edit only their own institution's plan (an institution's main user) gets straight to it; OPH's
    // admins edit every institution and work from the overview, even when local mode maps them to one.
    {
      key: 'own-institution',
      href: own ?? '',
      label: t.navOwnInstitution,
      shown: own !== null && me.permissions.editOwnPlan && !me.permissions.editAny,
    },
    { key: 'feedback', href: '#/feedback', label: p.navFeedback, shown: caps.giveFeedback || caps.vote },
    { key: 'gaps', href: '#/gaps', label: p.navGaps, shown: caps.viewKnowledgeGaps },
    { key: 'announcements', href: '#/announcements', label: p.navAnnouncements, shown: caps.announce },
    { key: 'admin', href: '#/admin', label: t.navAdmin, shown: caps.manageUsers },
  ];
  return links.filter((link) => link.shown).map(({ key, href, label }) => ({ key, href, label }));
}

/** The menu entry a location belongs to, for aria-current; the own institution's page is its shortcut's. */
export function navSection(hash: string, me: Pick<Me, 'institution'> | null): string {
  const own = me ? ownInstitutionHref(me) : null;
  if (own && (hash === own || hash.startsWith(`${own}/`))) return 'own-institution';
  const match = /^#\/(admin|feedback|gaps|announcements)(\/|$)/.exec(hash);
  return match ? match[1]! : 'overview';
}
