/**
 * Input checks for drafts and revisions. Zod guards the shape (unknown keys stripped, hard caps on
 * length); the semantic checks below produce friendly, field-specific problems the form shows.
 */
import { z } from 'zod';
import { MAX_CARD_BYTES } from '../../cards/card.js';
import { containsPersonalId, maskPersonalIds } from '../../privacy.js';
import type { Lang } from '../../i18n/index.js';
import { announcementText } from './i18n.js';
import { largestCardBytes, type FormValues } from './cards.js';
import { helsinkiToUtc, isValidDate } from '../../i18n/dates.js';
import {
  CATEGORIES,
  INTERFACES,
  LIMITS,
  REVISION_KINDS,
  type AffectedInterface,
  type AnnouncementContent,
  type Audience,
  type Category,
  type LocalizedText,
  type RevisionKind,
} from './model.js';

/** Caps far above the real limits: input beyond them is not a typo but abuse, and gets a plain VALIDATION error. */
const HARD_CAP = 60_000;
const str = (max = 2_000) => z.string().max(max).optional();

/** Values an Adaptive Card form submits (every Input.* value is a string). */
export const formValuesSchema = z.object({
  titleFi: str(),
  bodyFi: str(HARD_CAP),
  titleSv: str(),
  bodySv: str(HARD_CAP),
  titleEn: str(),
  bodyEn: str(HARD_CAP),
  category: str(40),
  effectiveDate: str(40),
  interfaces: str(400),
  link: str(),
  audienceKind: str(40),
  targets: str(40_000),
  sendDate: str(40),
  sendTime: str(40),
  revisionKind: str(40),
  noteFi: str(5_000),
  noteSv: str(5_000),
  noteEn: str(5_000),
});

const idString = z.string().min(1).max(300);
/** Card metadata beside the inputs: which form, which announcement, which version the card showed. */
/**
 * Ids a card or the tab sends back (form, announcement, action and request ids): stored as keys, so
 * never anything shaped like a henkilötunnus (issue 12).
 */
export const cardIdSchema = z
  .string()
  .min(8)
  .max(80)
  .refine((v) => !containsPersonalId(v), 'not an id');

export const cardRefSchema = z.object({
  formId: cardIdSchema.optional(),
  announcementId: cardIdSchema.optional(),
  version: z.coerce.number().int().min(1).max(1_000_000).optional(),
  actionKey: cardIdSchema.optional(),
  revision: z.coerce.number().int().min(0).max(10_000).optional(),
});

const localizedSchema = z.object({ fi: str(), sv: str(), en: str() });
const localizedBodySchema = z.object({ fi: str(HARD_CAP), sv: str(HARD_CAP), en: str(HARD_CAP) });

/** A draft as the tab sends it (JSON). */
export const tabDraftSchema = z.object({
  title: localizedSchema,
  body: localizedBodySchema,
  category: z.string().max(40).optional(),
  effectiveDate: z.string().max(40).nullable().optional(),
  interfaces: z.array(z.string().max(40)).max(10).optional(),
  link: z.string().max(2_000).nullable().optional(),
  audience: z
    .object({
      kind: z.string().max(40),
      conversationIds: z.array(idString).max(LIMITS.subsetTargets).optional(),
      teamIds: z.array(idString).max(LIMITS.subsetTargets).optional(),
    })
    .optional(),
  /** Either an ISO instant with a zone … */
  scheduledAt: z.string().max(40).nullable().optional(),
  /** … or a Finnish-time date and time, as the form shows them. */
  sendDate: z.string().max(40).nullable().optional(),
  sendTime: z.string().max(40).nullable().optional(),
});
export type TabDraft = z.infer<typeof tabDraftSchema>;

export const tabRevisionSchema = tabDraftSchema.omit({ audience: true, scheduledAt: true, sendDate: true, sendTime: true }).extend({
  revisionKind: z.enum(REVISION_KINDS),
  note: localizedSchema,
});

/** The shape every entry point is brought to before the checks. */
export interface RawDraft {
  title: Partial<Record<Lang, string>>;
  body: Partial<Record<Lang, string>>;
  category: string;
  effectiveDate: string;
  interfaces: string[];
  link: string;
  audienceKind: string;
  conversationIds: string[];
  teamIds: string[];
  schedule: { date: string; time: string } | { iso: string } | null;
}

export function rawFromForm(values: FormValues): RawDraft {
  const targets = (values.targets ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    title: { fi: values.titleFi, sv: values.titleSv, en: values.titleEn },
    body: { fi: values.bodyFi, sv: values.bodySv, en: values.bodyEn },
    category: values.category ?? '',
    effectiveDate: values.effectiveDate ?? '',
    interfaces: (values.interfaces ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    link: values.link ?? '',
    audienceKind: values.audienceKind ?? 'service-channel',
    conversationIds: targets.filter((id) => !id.startsWith('team:')),
    teamIds: targets.filter((id) => id.startsWith('team:')).map((id) => id.slice(5)),
    schedule: values.sendDate?.trim() ? { date: values.sendDate.trim(), time: values.sendTime?.trim() || '09:00' } : null,
  };
}

export function rawFromTab(draft: TabDraft): RawDraft {
  let schedule: RawDraft['schedule'] = null;
  if (draft.scheduledAt) schedule = { iso: draft.scheduledAt };
  else if (draft.sendDate) schedule = { date: draft.sendDate, time: draft.sendTime || '09:00' };
  return {
    title: draft.title,
    body: draft.body,
    category: draft.category ?? '',
    effectiveDate: draft.effectiveDate ?? '',
    interfaces: draft.interfaces ?? [],
    link: draft.link ?? '',
    audienceKind: draft.audience?.kind ?? 'service-channel',
    conversationIds: draft.audience?.conversationIds ?? [],
    teamIds: draft.audience?.teamIds ?? [],
    schedule,
  };
}

export type ProblemCode =
  | 'titleRequired'
  | 'bodyRequired'
  | 'tooLong'
  | 'fieldTooLong'
  | 'schedulePast'
  | 'scheduleInvalid'
  | 'effectiveDateInvalid'
  | 'linkInvalid'
  | 'linkHost'
  | 'categoryInvalid'
  | 'interfacesInvalid'
  | 'subsetEmpty'
  | 'noteRequired';

export interface Problem {
  field: string;
  code: ProblemCode;
  /** Size in KB for tooLong; field label key for fieldTooLong. */
  param?: string;
}

export interface CheckedDraft {
  content: AnnouncementContent;
  audience: Audience;
  scheduledAt: string | null;
  /** A henkilötunnus-shaped string was masked out of the text. */
  masked: boolean;
}

const FIELD_LABEL: Record<string, keyof (typeof announcementText)['fi']> = {
  'title.fi': 'fieldTitleFi',
  'title.sv': 'fieldTitleSv',
  'title.en': 'fieldTitleEn',
  'body.fi': 'fieldBodyFi',
  'body.sv': 'fieldBodySv',
  'body.en': 'fieldBodyEn',
  link: 'fieldLink',
  'note.fi': 'fieldRevisionNote',
  'note.sv': 'fieldRevisionNoteSv',
  'note.en': 'fieldRevisionNoteEn',
};

export function problemMessage(problem: Problem, lang: Lang): string {
  const t = announcementText[lang];
  switch (problem.code) {
    case 'tooLong':
      return t.tooLong(problem.param ?? '');
    case 'linkHost':
      return t.linkHost(problem.param ?? '');
    case 'fieldTooLong': {
      const key = FIELD_LABEL[problem.field];
      const label = key ? t[key] : problem.field;
      return t.fieldTooLong(typeof label === 'string' ? label : problem.field);
    }
    default:
      return t[problem.code];
  }
}

function clean(value: string | undefined, field: string, max: number, problems: Problem[], state: { masked: boolean }): string | undefined {
  const trimmed = (value ?? '').replace(/\r\n/g, '\n').trim();
  if (!trimmed) return undefined;
  if (trimmed.length > max) problems.push({ field, code: 'fieldTooLong' });
  const { text, masked } = maskPersonalIds(trimmed);
  if (masked) state.masked = true;
  return text;
}

function localized(
  values: Partial<Record<Lang, string>>,
  field: string,
  max: number,
  problems: Problem[],
  state: { masked: boolean },
): LocalizedText | null {
  const fi = clean(values.fi, `${field}.fi`, max, problems, state);
  const sv = clean(values.sv, `${field}.sv`, max, problems, state);
  const en = clean(values.en, `${field}.en`, max, problems, state);
  if (!fi) return null;
  return { fi, ...(sv ? { sv } : {}), ...(en ? { en } : {}) };
}

/**
 * Hosts announcement links may point to by default: OPH's own and the service's guidance domains,
 * each with its subdomains (ANNOUNCEMENT_LINK_HOSTS replaces the list; the app's own host is added).
 */
export const DEFAULT_LINK_HOSTS = ['opintopolku.fi', 'testiopintopolku.fi', 'oph.fi', 'wiki.eduuni.fi'] as const;

export interface LinkPolicy {
  /** Allowed hosts; a host allows its subdomains too. */
  hosts: readonly string[];
}

export const DEFAULT_LINK_POLICY: LinkPolicy = { hosts: DEFAULT_LINK_HOSTS };

/** The configured policy: ANNOUNCEMENT_LINK_HOSTS (or the defaults) plus the app's own public host. */
export function linkPolicyFromConfig(configured: readonly string[], publicBaseUrl: string): LinkPolicy {
  const own = (() => {
    try {
      return new URL(publicBaseUrl).hostname;
    } catch {
      return null;
    }
  })();
  const hosts = configured.length ? configured : DEFAULT_LINK_HOSTS;
  return { hosts: [...new Set([...hosts, ...(own && own !== 'localhost' ? [own] : [])])] };
}

export function isAllowedLinkHost(hostname: string, policy: LinkPolicy): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return policy.hosts.some((allowed) => {
    const base = allowed.toLowerCase().replace(/^\*?\./, '');
    return host === base || host.endsWith(`.${base}`);
  });
}

function checkLink(link: string, problems: Problem[], policy: LinkPolicy): string | null {
  const trimmed = link.trim();
  if (!trimmed) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
    if (url.protocol !== 'https:' || trimmed.length > LIMITS.link || url.username || url.password || url.port) throw new Error('bad link');
  } catch {
    problems.push({ field: 'link', code: 'linkInvalid' });
    return null;
  }
  if (!isAllowedLinkHost(url.hostname, policy)) {
    problems.push({ field: 'link', code: 'linkHost', param: policy.hosts.join(', ') });
    return null;
  }
  return url.toString();
}

/** Content checks shared by drafts and revisions; the card-size check renders the largest variant. */
function checkContent(
  raw: Pick<RawDraft, 'title' | 'body' | 'category' | 'effectiveDate' | 'interfaces' | 'link'>,
  problems: Problem[],
  state: { masked: boolean },
  linkPolicy: LinkPolicy,
): AnnouncementContent | null {
  const title = localized(raw.title, 'title', LIMITS.title, problems, state);
  const body = localized(raw.body, 'body', LIMITS.body, problems, state);
  if (!title) problems.push({ field: 'title.fi', code: 'titleRequired' });
  if (!body) problems.push({ field: 'body.fi', code: 'bodyRequired' });
  // A required choice: a silent default ("Uusi ominaisuus") mislabelled maintenance breaks and interface changes.
  const category = (raw.category ?? '') as Category;
  if (!CATEGORIES.includes(category)) problems.push({ field: 'category', code: 'categoryInvalid' });
  const effectiveDate = raw.effectiveDate.trim() || null;
  if (effectiveDate && !isValidDate(effectiveDate)) problems.push({ field: 'effectiveDate', code: 'effectiveDateInvalid' });
  const interfaces = [...new Set(raw.interfaces)] as AffectedInterface[];
  if (interfaces.some((i) => !INTERFACES.includes(i))) problems.push({ field: 'interfaces', code: 'interfacesInvalid' });
  const link = checkLink(raw.link, problems, linkPolicy);
  if (!title || !body || problems.length) return null;
  const content: AnnouncementContent = { title, body, category, effectiveDate, interfaces, link };
  const bytes = largestCardBytes(content);
  if (bytes > MAX_CARD_BYTES) {
    problems.push({ field: 'body.fi', code: 'tooLong', param: (bytes / 1024).toFixed(1) });
    return null;
  }
  return content;
}

export function checkDraft(
  raw: RawDraft,
  now: Date,
  linkPolicy: LinkPolicy = DEFAULT_LINK_POLICY,
): { problems: Problem[]; draft: CheckedDraft | null } {
  const problems: Problem[] = [];
  const state = { masked: false };
  const content = checkContent(raw, problems, state, linkPolicy);

  let audience: Audience;
  if (raw.audienceKind === 'all') audience = { kind: 'all' };
  else if (raw.audienceKind === 'subset') {
    audience = { kind: 'subset', conversationIds: [...new Set(raw.conversationIds)], teamIds: [...new Set(raw.teamIds)] };
    if (!audience.conversationIds.length && !audience.teamIds.length) problems.push({ field: 'targets', code: 'subsetEmpty' });
  } else audience = { kind: 'service-channel' };

  let scheduledAt: string | null = null;
  if (raw.schedule) {
    if ('iso' in raw.schedule) {
      const parsed = /[zZ]|[+-]\d\d:?\d\d$/.test(raw.schedule.iso) ? Date.parse(raw.schedule.iso) : NaN;
      scheduledAt = Number.isFinite(parsed) ? new Date(parsed).toISOString() : null;
    } else {
      scheduledAt = helsinkiToUtc(raw.schedule.date, raw.schedule.time);
    }
    if (!scheduledAt) problems.push({ field: 'sendDate', code: 'scheduleInvalid' });
    else if (Date.parse(scheduledAt) <= now.getTime()) problems.push({ field: 'sendDate', code: 'schedulePast' });
  }
  if (problems.length || !content) return { problems, draft: null };
  return { problems, draft: { content, audience, scheduledAt, masked: state.masked } };
}

export interface CheckedRevision {
  content: AnnouncementContent;
  kind: RevisionKind;
  note: LocalizedText;
  masked: boolean;
}

export function checkRevision(
  raw: Pick<RawDraft, 'title' | 'body' | 'category' | 'effectiveDate' | 'interfaces' | 'link'> & {
    kind: string;
    note: Partial<Record<Lang, string>>;
  },
  linkPolicy: LinkPolicy = DEFAULT_LINK_POLICY,
): { problems: Problem[]; revision: CheckedRevision | null } {
  const problems: Problem[] = [];
  const state = { masked: false };
  const content = checkContent(raw, problems, state, linkPolicy);
  const note = localized(raw.note, 'note', LIMITS.note, problems, state);
  if (!note) problems.push({ field: 'note.fi', code: 'noteRequired' });
  const kind = (REVISION_KINDS as readonly string[]).includes(raw.kind) ? (raw.kind as RevisionKind) : 'update';
  if (problems.length || !content || !note) return { problems, revision: null };
  // The change note is shown on the edited card too, so it counts towards the card's size.
  const bytes = largestCardBytes(content, note);
  if (bytes > MAX_CARD_BYTES)
    return { problems: [{ field: 'note.fi', code: 'tooLong', param: (bytes / 1024).toFixed(1) }], revision: null };
  return { problems, revision: { content, kind, note, masked: state.masked } };
}
