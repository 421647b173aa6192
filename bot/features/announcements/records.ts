/** Row ⇄ model mapping for announcements (JSON columns parsed defensively: a bad row must not crash a report). */
import type { AnnouncementRow } from '../../store/announcements-repository.js';
import type { AnnouncementsTable } from '../../store/tables/announcements.js';
import type {
  Announcement,
  AnnouncementContent,
  Audience,
  RevisionEntry,
  RevisionKind,
  AnnouncementStatus,
  Category,
  AffectedInterface,
  LocalizedText,
} from './model.js';

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function localized(fi: string, sv: string | null, en: string | null): LocalizedText {
  return { fi, ...(sv ? { sv } : {}), ...(en ? { en } : {}) };
}

export function toAnnouncement(row: AnnouncementRow): Announcement {
  // revision_note holds the list of every revision's note (JSON array).
  const revisions = parseJson<RevisionEntry[]>(row.revision_note, []);
  const latest = Array.isArray(revisions) ? revisions[revisions.length - 1] : undefined;
  return {
    id: row.id,
    status: row.status as AnnouncementStatus,
    version: Number(row.version),
    revision: Number(row.revision),
    title: localized(row.title_fi, row.title_sv, row.title_en),
    body: localized(row.body_fi, row.body_sv, row.body_en),
    category: row.category as Category,
    effectiveDate: row.effective_date,
    interfaces: parseJson<AffectedInterface[]>(row.interfaces, []),
    link: row.link,
    audience: parseJson<Audience>(row.audience, { kind: 'service-channel' }),
    scheduledAt: row.scheduled_at,
    revisionKind: (row.revision_kind as RevisionKind | null) ?? null,
    revisionNote: latest?.note ?? null,
    revisions: Array.isArray(revisions) ? revisions : [],
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    lastEditedBy: row.last_edited_by,
    submittedBy: row.submitted_by,
    approvedBy: row.approved_by,
    duplicatedFrom: row.duplicated_from,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    publishedAt: row.published_at,
    revisedAt: row.revised_at,
    retractedAt: row.retracted_at,
  };
}

/** Content columns of a row. */
export function contentColumns(
  content: AnnouncementContent,
): Pick<
  AnnouncementsTable,
  'title_fi' | 'title_sv' | 'title_en' | 'body_fi' | 'body_sv' | 'body_en' | 'category' | 'effective_date' | 'interfaces' | 'link'
> {
  return {
    title_fi: content.title.fi,
    title_sv: content.title.sv ?? null,
    title_en: content.title.en ?? null,
    body_fi: content.body.fi,
    body_sv: content.body.sv ?? null,
    body_en: content.body.en ?? null,
    category: content.category,
    effective_date: content.effectiveDate,
    interfaces: JSON.stringify(content.interfaces),
    link: content.link,
  };
}
