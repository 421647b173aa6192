/**
 * What the signed-in user may see and do in the tab, for showing pages and controls only: the server
 * authorises every call again. /me's `permissions` win when they carry a flag; flags /me does not send
 * (yet) are derived from the role with the bot's own permission table, so the two cannot drift apart.
 */
import { can, ROLES, type Action, type Role } from '../../bot/auth/roles.js';
import type { Me } from './context.js';

export interface Capabilities {
  giveFeedback: boolean;
  vote: boolean;
  triageFeedback: boolean;
  exportData: boolean;
  viewKnowledgeGaps: boolean;
  answerTickets: boolean;
  announce: boolean;
  approveAnnouncements: boolean;
  manageUsers: boolean;
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function capabilitiesOf(me: Me): Capabilities {
  const role = isRole(me.role) ? me.role : null;
  const flag = (given: boolean | undefined, action: Action) => given ?? (role ? can({ role }, action) : false);
  const p = me.permissions;
  return {
    giveFeedback: flag(p.giveFeedback, 'give-feedback'),
    vote: flag(p.vote, 'vote'),
    triageFeedback: flag(p.triageFeedback, 'triage-feedback'),
    exportData: p.exportData,
    viewKnowledgeGaps: flag(p.viewKnowledgeGaps, 'view-knowledge-gaps'),
    answerTickets: flag(p.answerTickets, 'answer-tickets'),
    announce: flag(p.announce, 'announce'),
    approveAnnouncements: flag(p.approveAnnouncements, 'approve-announcement'),
    manageUsers: p.manageUsers,
  };
}
