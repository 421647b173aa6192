import type { Lang } from '../../i18n/index.js';
import { announcementText } from './i18n.js';
import type { AffectedInterface, AnnouncementStatus, Category } from './model.js';
import type { RefusalReason } from './service.js';

export function categoryLabel(category: Category, lang: Lang): string {
  const t = announcementText[lang];
  return { breaking: t.categoryBreaking, maintenance: t.categoryMaintenance, feature: t.categoryFeature, guidance: t.categoryGuidance }[
    category
  ];
}

export function interfaceLabel(value: AffectedInterface, lang: Lang): string {
  const t = announcementText[lang];
  return {
    yleistunniste: t.interfaceYleistunniste,
    'oppija-controller': t.interfaceOppijaController,
    'user-interface': t.interfaceUserInterface,
    other: t.interfaceOther,
  }[value];
}

export function statusLabel(status: AnnouncementStatus, lang: Lang): string {
  const t = announcementText[lang];
  return {
    draft: t.statusDraft,
    pending_approval: t.statusPendingApproval,
    scheduled: t.statusScheduled,
    published: t.statusPublished,
    retracted: t.statusRetracted,
    deleted: t.statusDeleted,
  }[status];
}

/** A stored failure reason code (http-403:MessageWritesBlocked, network-ECONNRESET, …) as words. */
export function reasonLabel(reason: string | null, lang: Lang): string {
  const t = announcementText[lang];
  if (!reason) return t.reasonOther;
  if (/^http-403:(MessageWritesBlocked|ConversationBlockedByUser|BotDisabledByAdmin)/i.test(reason)) return t.reasonBlocked;
  if (reason.startsWith('http-404')) return t.reasonNotFound;
  if (reason.startsWith('http-403')) return t.reasonForbidden;
  if (reason.startsWith('http-429')) return t.reasonThrottled;
  if (reason.startsWith('http-413') || reason === 'card-too-large') return t.reasonTooLarge;
  if (/^http-5\d\d/.test(reason)) return t.reasonServer;
  if (reason.startsWith('network')) return t.reasonNetwork;
  if (reason === 'unknown-conversation') return t.reasonUnknownConversation;
  if (reason === 'interrupted') return t.reasonInterrupted;
  return t.reasonOther;
}

export function targetKindLabel(kind: string, lang: Lang): string {
  const t = announcementText[lang];
  if (kind === 'personal') return t.targetPersonal;
  if (kind === 'groupChat') return t.targetGroup;
  return t.targetChannel;
}

/**
 * Why the announcement rules refused a change (AnnouncementRefusal.reason), in words for its author: each
 * reason is the name of its sentence in the catalog (a reason without one does not compile).
 */
export function refusalLabel(reason: RefusalReason, lang: Lang): string {
  return announcementText[lang][reason];
}
