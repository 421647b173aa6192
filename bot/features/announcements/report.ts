/**
 * Delivery and acknowledgement report of one announcement: per target (from the outbox post rows)
 * and per institution (acknowledging users mapped to institutions through app_users).
 */
import type { Store } from '../../store/db.js';
import type { AnnouncementsRepository, OutboxRow } from '../../store/announcements-repository.js';
import type { Lang } from '../../i18n/index.js';
import { announcementText } from './i18n.js';
import { reasonLabel, targetKindLabel } from './labels.js';
import { formatHelsinki } from '../../i18n/dates.js';
import { toCsv } from '../../csv.js';
import type { Announcement } from './model.js';
import type { ApiAnnouncementReport, ApiReportInstitution, ApiReportPerson, ApiReportTarget } from '../../tab-api/announcements.js';

/** The report is the tab API's own type: buildReport maps the outbox and acknowledgement rows to it. */
export type ReportTarget = ApiReportTarget;
export type RetractionState = NonNullable<ApiReportTarget['retraction']>;
export type InstitutionLine = ApiReportInstitution;
export type PersonLine = ApiReportPerson;
export type AnnouncementReport = ApiAnnouncementReport;

function summarise(rows: OutboxRow[]) {
  const summary = { targets: rows.length, delivered: 0, pending: 0, failed: 0, unconfirmed: 0, cancelled: 0, possibleDuplicates: 0 };
  const reasons = new Map<string, number>();
  for (const row of rows) {
    if (row.possible_duplicate) summary.possibleDuplicates++;
    switch (row.state) {
      case 'sent':
        summary.delivered++;
        break;
      case 'pending':
      case 'leased':
      case 'sending':
        summary.pending++;
        break;
      case 'failed':
      case 'dead':
        summary.failed++;
        reasons.set(row.last_error ?? 'other', (reasons.get(row.last_error ?? 'other') ?? 0) + 1);
        break;
      case 'unconfirmed':
        summary.unconfirmed++;
        break;
      case 'cancelled':
        summary.cancelled++;
        break;
    }
  }
  const failureReasons = [...reasons].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count);
  return { summary, failureReasons };
}

/**
 * What a retraction did per conversation: one failed delete (the card or its revision notice) means the
 * announcement may still be visible there, so "failed" wins over "pending", which wins over "retracted".
 */
function retractionByConversation(deletes: OutboxRow[]): Map<string, RetractionState> {
  const result = new Map<string, RetractionState>();
  for (const row of deletes) {
    const state: RetractionState | null =
      row.state === 'sent'
        ? 'retracted'
        : ['failed', 'dead', 'unconfirmed'].includes(row.state)
          ? 'failed'
          : row.state === 'cancelled' || row.state === 'skipped'
            ? null
            : 'pending';
    if (!state) continue;
    const before = result.get(row.conversation_id);
    if (before === 'failed' || (before === 'pending' && state === 'retracted')) continue;
    result.set(row.conversation_id, state);
  }
  return result;
}

export async function buildReport(store: Store, repo: AnnouncementsRepository, announcement: Announcement): Promise<AnnouncementReport> {
  const posts = await repo.rowsFor(announcement.id, ['post']);
  const { summary, failureReasons } = summarise(posts);
  const retraction = retractionByConversation(announcement.status === 'retracted' ? await repo.rowsFor(announcement.id, ['delete']) : []);
  const retractionOf = (row: OutboxRow) => retraction.get(row.conversation_id) ?? null;
  const retractionCount = (state: RetractionState) => posts.filter((row) => retractionOf(row) === state).length;
  const acks = await repo.acks(announcement.id);
  const users = await store.db
    .selectFrom('app_users')
    .select(['tenant_id', 'object_id', 'display_name', 'role', 'institution_id'])
    .execute();
  const institutions = await store.db
    .selectFrom('institutions')
    .select(['id', 'name_fi', 'name_sv', 'name_en'])
    .orderBy('name_fi')
    .execute();

  const acked = new Set(acks.map((a) => `${a.tenantId}/${a.objectId}`));
  const mappedInstitution = new Map(users.map((u) => [`${u.tenant_id}/${u.object_id}`, u.institution_id]));
  const expected = users.filter((u) => u.role !== 'ServiceOwnerAdmin');
  const lines = new Map<string | null, InstitutionLine>();
  for (const inst of institutions) {
    lines.set(inst.id, { id: inst.id, name: { fi: inst.name_fi, sv: inst.name_sv, en: inst.name_en }, users: 0, acknowledged: 0 });
  }
  const lineFor = (id: string | null) => {
    let line = lines.get(id);
    if (!line) {
      line = { id, name: null, users: 0, acknowledged: 0 };
      lines.set(id, line);
    }
    return line;
  };
  const notAcknowledged: PersonLine[] = [];
  for (const user of expected) {
    const line = lineFor(user.institution_id);
    line.users++;
    const key = `${user.tenant_id}/${user.object_id}`;
    if (acked.has(key)) line.acknowledged++;
    else
      notAcknowledged.push({
        tenantId: user.tenant_id,
        objectId: user.object_id,
        displayName: user.display_name,
        institutionId: user.institution_id,
      });
  }
  // Acknowledgements by people outside the user table still count for their institution at the time.
  for (const ack of acks) {
    const key = `${ack.tenantId}/${ack.objectId}`;
    if (mappedInstitution.has(key)) continue;
    const line = lineFor(ack.institutionId);
    line.users++;
    line.acknowledged++;
  }
  const acknowledgements = acks.map((a) => ({
    tenantId: a.tenantId,
    objectId: a.objectId,
    displayName: a.displayName,
    institutionId: mappedInstitution.get(`${a.tenantId}/${a.objectId}`) ?? a.institutionId,
    ackedAt: a.ackedAt,
    revision: a.revision,
  }));
  return {
    id: announcement.id,
    title: announcement.title.fi,
    category: announcement.category,
    status: announcement.status,
    revision: announcement.revision,
    publishedAt: announcement.publishedAt,
    summary: {
      ...summary,
      acknowledged: acks.length,
      retracted: retractionCount('retracted'),
      retractionPending: retractionCount('pending'),
      retractionFailed: retractionCount('failed'),
    },
    failureReasons,
    targets: posts.map((row) => ({
      conversationId: row.conversation_id,
      kind: row.target_kind,
      teamName: row.team_name,
      channelName: row.channel_name,
      state: row.state,
      attempts: Number(row.attempts),
      lastStatus: row.last_status,
      reason: row.state === 'sent' ? null : row.last_error,
      sentAt: row.sent_at,
      possibleDuplicate: Boolean(row.possible_duplicate),
      retraction: retractionOf(row),
    })),
    // Only institutions with people in the app: an institution nobody can acknowledge for says nothing.
    institutions: [...lines.values()].filter((l) => l.users > 0),
    notAcknowledged,
    acknowledgements,
  };
}

/** Two CSV exports: per target, and per person (acknowledged or not). */
export function reportCsv(
  report: AnnouncementReport,
  part: 'targets' | 'people',
  lang: Lang,
  institutionNames: Map<string, string>,
): string {
  const t = announcementText[lang];
  if (part === 'targets') {
    return toCsv([
      ['target', 'kind', 'team', 'channel', 'state', 'http_status', 'reason', 'attempts', 'sent_at', 'possible_duplicate', 'retraction'],
      ...report.targets.map((r) => [
        r.conversationId,
        targetKindLabel(r.kind, lang),
        r.teamName,
        r.channelName,
        r.state,
        r.lastStatus,
        r.reason ? reasonLabel(r.reason, lang) : '',
        r.attempts,
        r.sentAt ? formatHelsinki(r.sentAt, lang) : '',
        r.possibleDuplicate ? 1 : 0,
        r.retraction ?? '',
      ]),
    ]);
  }
  const name = (id: string | null) => (id ? (institutionNames.get(id) ?? id) : t.noInstitution);
  return toCsv([
    ['name', 'institution', 'acknowledged', 'acknowledged_at', 'revision'],
    ...report.acknowledgements.map((a) => [a.displayName, name(a.institutionId), 1, formatHelsinki(a.ackedAt, lang), a.revision]),
    ...report.notAcknowledged.map((p) => [p.displayName, name(p.institutionId), 0, '', '']),
  ]);
}
