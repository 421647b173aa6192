/**
 * Who receives an announcement: installations recorded by the Teams edge (conversations table).
 * Targets are resolved when the announcement is published, so a team that installed the app after
 * the draft was written still receives it.
 */
import type { StoredConversation } from '../../store/conversations-repository.js';
import type { Lang } from '../../i18n/index.js';
import { announcementText } from './i18n.js';
import { baseConversationId, type Audience } from './model.js';
import type { TargetChoice } from './cards.js';

export interface Target {
  conversationId: string;
  kind: string;
  teamId: string | null;
  teamName: string | null;
  channelName: string | null;
}

function toTarget(c: StoredConversation): Target {
  return { conversationId: c.id, kind: c.kind, teamId: c.teamId, teamName: c.teamName, channelName: c.channelName };
}

export function resolveTargets(audience: Audience, active: StoredConversation[]): Target[] {
  const byId = new Map(active.map((c) => [c.id, c]));
  const out = new Map<string, Target>();
  const add = (target: Target) => {
    if (!out.has(target.conversationId)) out.set(target.conversationId, target);
  };
  if (audience.kind === 'service-channel') {
    if (audience.conversationId) {
      const id = baseConversationId(audience.conversationId);
      const known = byId.get(id);
      // Not installed (yet): still a target, so the report shows the failure instead of hiding it.
      add(known ? toTarget(known) : { conversationId: id, kind: 'channel', teamId: null, teamName: null, channelName: null });
    }
  } else if (audience.kind === 'all') {
    for (const c of active) add(toTarget(c));
  } else {
    for (const id of audience.conversationIds) {
      const known = byId.get(baseConversationId(id));
      if (known) add(toTarget(known));
    }
    for (const teamId of audience.teamIds) {
      // A team means its General channel (whose id equals the team id), else its first known channel.
      const channels = active.filter((c) => c.kind === 'channel' && c.teamId === teamId);
      const general =
        channels.find((c) => c.id === teamId) ?? channels.sort((a, b) => (a.channelName ?? '').localeCompare(b.channelName ?? ''))[0];
      if (general) add(toTarget(general));
    }
  }
  return [...out.values()];
}

/** Choices for the bot form's subset picker: team channels and group chats (personal chats only via "all"). */
export function targetChoices(active: StoredConversation[], lang: Lang, max = 80): TargetChoice[] {
  const t = announcementText[lang];
  const channels = active
    .filter((c) => c.kind === 'channel')
    .map((c) => ({ id: c.id, label: `${c.teamName ?? t.targetChannel} › ${c.channelName ?? c.id.slice(0, 12)}` }))
    .sort((a, b) => a.label.localeCompare(b.label, 'fi'));
  const groups = active
    .filter((c) => c.kind === 'groupChat')
    .map((c) => ({ id: c.id, label: `${t.targetGroup} ${c.id.split('@')[0]!.slice(-8)}` }));
  return [...channels, ...groups].slice(0, max);
}
