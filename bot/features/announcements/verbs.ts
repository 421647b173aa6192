import type { LegacyVerbAliases } from '../verb-aliases.js';

/** Action.Execute verbs of announcements (and the Action.Submit fallback's `verb`), declared once. */
export const VERBS = {
  form: 'announcements.form',
  save: 'announcements.save',
  send: 'announcements.send',
  approve: 'announcements.approve',
  reject: 'announcements.reject',
  unschedule: 'announcements.unschedule',
  duplicate: 'announcements.duplicate',
  remove: 'announcements.delete',
  list: 'announcements.list',
  view: 'announcements.view',
  reviseForm: 'announcements.revise-form',
  revise: 'announcements.revise',
  retract: 'announcements.retract',
  resendFailed: 'announcements.resend-failed',
  report: 'announcements.report',
  ack: 'announcements.ack',
  refresh: 'announcements.refresh',
} as const;

/**
 * Verbs of cards posted before the rename (`announcement.*`, camelCase actions), answered as their new
 * names. Readers' cards in channels carry `announcement.ack` and `announcement.refresh` for good.
 */
export const LEGACY_VERB_ALIASES: LegacyVerbAliases = {
  'announcement.form': VERBS.form,
  'announcement.save': VERBS.save,
  'announcement.send': VERBS.send,
  'announcement.approve': VERBS.approve,
  'announcement.reject': VERBS.reject,
  'announcement.unschedule': VERBS.unschedule,
  'announcement.duplicate': VERBS.duplicate,
  'announcement.delete': VERBS.remove,
  'announcement.list': VERBS.list,
  'announcement.view': VERBS.view,
  'announcement.reviseForm': VERBS.reviseForm,
  'announcement.revise': VERBS.revise,
  'announcement.retract': VERBS.retract,
  'announcement.resendFailed': VERBS.resendFailed,
  'announcement.report': VERBS.report,
  'announcement.ack': VERBS.ack,
  'announcement.refresh': VERBS.refresh,
};
