import { button, inputValues, type ButtonData, type FactData, type ChoiceData } from '../../cards/template-data.js';
import { cardByteSize, MAX_CARD_BYTES, userText, type AdaptiveCard, type UserText } from '../../cards/card.js';
import { defineCardTemplate } from '../../cards/template.js';
import { isAppError } from '../../errors.js';
import { LANGS, type Lang } from '../../i18n/index.js';
import { announcementText } from './i18n.js';
import { categoryLabel, interfaceLabel, reasonLabel, statusLabel } from './labels.js';
import { formatDate, formatHelsinki, utcToHelsinki } from '../../i18n/dates.js';
import {
  CATEGORIES,
  INTERFACES,
  languagesOf,
  type Announcement,
  type AnnouncementContent,
  type Category,
  type LocalizedText,
  type RevisionKind,
} from './model.js';
import type { AnnouncementReport } from './report.js';
import { VERBS } from './verbs.js';
import readerJson from './cards/reader.json' with { type: 'json' };
import revisionNoticeJson from './cards/revision-notice.json' with { type: 'json' };
import formJson from './cards/form.json' with { type: 'json' };
import adminJson from './cards/admin.json' with { type: 'json' };
import listJson from './cards/list.json' with { type: 'json' };
import reportJson from './cards/report.json' with { type: 'json' };
import messageJson from './cards/message.json' with { type: 'json' };

/**
 * Announcement cards. Layouts are the templates in ./cards (open one in the Adaptive Cards Designer with
 * the `.data.json` beside it); the functions here build each template's typed data. A reader card over
 * 28 KB is refused with CARD_TOO_LARGE (the outbox records it as a permanent failure; the form measures
 * the largest variant first with largestCardBytes).
 */

// ---- reader cards --------------------------------------------------------------------------------

/** How a reader card is rendered: one language (personal chat, by the reader's locale) or all (channels, group chats). */
export type ReaderView = { mode: 'single'; lang: Lang } | { mode: 'multi' };

export interface ReaderState {
  id: string;
  revision: number;
  revisionKind: RevisionKind | null;
  revisedAt: string | null;
  /** The latest revision's change note: readers see what changed, not only that something did. */
  revisionNote?: LocalizedText | null;
}

/** The reader-facing state of an announcement (identity, revision stamp and change note). */
export function readerStateOf(a: Announcement): ReaderState {
  return { id: a.id, revision: a.revision, revisionKind: a.revisionKind, revisedAt: a.revisedAt, revisionNote: a.revisionNote };
}

const CATEGORY_STYLE: Record<Category, string> = { breaking: 'attention', maintenance: 'warning', feature: 'accent', guidance: 'good' };

function pick(texts: LocalizedText, lang: Lang): string {
  return texts[lang]?.trim() ? texts[lang]! : texts.fi;
}

/** One language's block of a reader card: category, title, revision stamp and note, facts, body. */
interface LanguageBlockData {
  category: { style: string; label: string };
  title: UserText;
  stamp?: string;
  /** "What changed: …" with the escaped note. */
  note?: string;
  facts: FactData[];
  body: UserText;
}

/** Data of `cards/reader.json`: the card readers see (also the author's preview). */
export interface ReaderCardData {
  preview?: string;
  primary: LanguageBlockData;
  /** Multi-language cards: the other languages, each behind a toggle (in fi, sv, en order). */
  second?: LanguageBlockData & { toggle: string; id: string };
  third?: LanguageBlockData & { toggle: string; id: string };
  acknowledged?: string;
  ackAgainReason?: string;
  footer: string;
  ack?: ButtonData;
  moreInfo?: { title: string; url: string };
  refresh?: { action: { type: 'Action.Execute'; verb: string; data: Record<string, unknown> }; userIds: string[] };
}

const readerTemplate = defineCardTemplate<ReaderCardData>('announcements/reader', readerJson);

function languageBlock(content: AnnouncementContent, state: ReaderState, lang: Lang): LanguageBlockData {
  const t = announcementText[lang];
  const block: LanguageBlockData = {
    category: { style: CATEGORY_STYLE[content.category], label: categoryLabel(content.category, lang) },
    title: userText(pick(content.title, lang)),
    facts: [],
    body: userText(pick(content.body, lang)),
  };
  if (state.revision > 0 && state.revisedAt) {
    const when = formatHelsinki(state.revisedAt, lang);
    block.stamp = state.revisionKind === 'correction' ? t.correctedAt(when) : t.updatedAt(when);
    const note = state.revisionNote ? pick(state.revisionNote, lang).trim() : '';
    if (note) block.note = t.changeNote(userText(note));
  }
  if (content.effectiveDate) block.facts.push({ title: t.effectiveDate, value: formatDate(content.effectiveDate, lang) });
  if (content.interfaces.length)
    block.facts.push({ title: t.affects, value: content.interfaces.map((i) => interfaceLabel(i, lang)).join(', ') });
  return block;
}

interface ReaderOptions {
  ackedAt?: string | null;
  ackLang?: Lang;
  preview?: boolean | 'sent';
}

/** The data of the card readers see (also embedded in the author's preview). */
function readerData(content: AnnouncementContent, state: ReaderState, view: ReaderView, options: ReaderOptions): ReaderCardData {
  const primary: Lang = view.mode === 'single' ? view.lang : 'fi';
  const t = announcementText[primary];
  const data: ReaderCardData = { primary: languageBlock(content, state, primary), footer: t.footer };
  // A sent announcement's preview is what readers have, not something "not sent yet".
  if (options.preview) data.preview = options.preview === 'sent' ? t.previewSentBanner : t.previewBanner;
  if (view.mode === 'multi') {
    // Other languages sit behind toggles so a channel post stays short for the Finnish majority.
    const others = languagesOf(content.title).filter((l) => l !== 'fi' && content.body[l]?.trim());
    const [second, third] = others.map((lang) => ({
      ...languageBlock(content, state, lang),
      toggle: announcementText[lang].showLanguage,
      id: `lang-${lang}-${state.id.slice(0, 8)}`,
    }));
    if (second) data.second = second;
    if (third) data.third = third;
  }
  const ackLang = options.ackLang ?? primary;
  if (options.ackedAt) data.acknowledged = announcementText[ackLang].acknowledged(formatHelsinki(options.ackedAt, ackLang));
  // A revised card is shared, so people who acknowledged see the button again: say why.
  if (!options.ackedAt && state.revision > 0) data.ackAgainReason = t.ackAgainReason;
  if (!options.ackedAt) {
    const titles =
      view.mode === 'multi'
        ? LANGS.filter((l) => l === 'fi' || (content.title[l]?.trim() && content.body[l]?.trim()))
            .map((l) => announcementText[l].acknowledge)
            .join(' / ')
        : t.acknowledge;
    data.ack = button(titles, VERBS.ack, { announcementId: state.id, revision: state.revision });
  }
  if (content.link) data.moreInfo = { title: t.moreInfo, url: content.link };
  return data;
}

function refreshFor(state: ReaderState): NonNullable<ReaderCardData['refresh']> {
  // `userIds: []` gives readers a manual "refresh" that shows their own acknowledgement state,
  // without an automatic invoke per viewer in large channels.
  return { action: { type: 'Action.Execute', verb: VERBS.refresh, data: { verb: VERBS.refresh, announcementId: state.id } }, userIds: [] };
}

/** The announcement card as it is posted (and as each reader's own view after acknowledging). */
export function announcementCard(
  content: AnnouncementContent,
  state: ReaderState,
  view: ReaderView,
  options: ReaderOptions = {},
): AdaptiveCard {
  const data = readerData(content, state, view, options);
  return readerTemplate.expand(options.preview ? data : { ...data, refresh: refreshFor(state) });
}

/**
 * Size in bytes of the largest card this content can become (all languages, revision stamp,
 * acknowledgement line), measured as the card is sent. The form refuses anything above 28 KB.
 */
export function largestCardBytes(content: AnnouncementContent, revisionNote: LocalizedText | null = null): number {
  const state: ReaderState = {
    id: '00000000-0000-0000-0000-000000000000',
    revision: 99,
    revisionKind: 'correction',
    revisedAt: '2026-12-31T21:59:00.000Z',
    revisionNote,
  };
  let largest = 0;
  for (const view of [{ mode: 'multi' } as ReaderView, ...LANGS.map((lang) => ({ mode: 'single', lang }) as ReaderView)]) {
    for (const ackedAt of [null, '2026-12-31T21:59:00.000Z']) {
      largest = Math.max(
        largest,
        readerTemplate.expandedBytes({ ...readerData(content, state, view, { ackedAt }), refresh: refreshFor(state) }),
      );
    }
  }
  return largest;
}

/** One language's part of a revision notice. */
interface NoticeData {
  title: string;
  note?: UserText;
  original: string;
}

/** Data of `cards/revision-notice.json`: up to three languages, in order. */
export interface RevisionNoticeCardData {
  first?: NoticeData;
  second?: NoticeData;
  third?: NoticeData;
}

const revisionNoticeTemplate = defineCardTemplate<RevisionNoticeCardData>('announcements/revision-notice', revisionNoticeJson);

/** The reply posted in the thread (or chat) when a sent announcement is updated or corrected. */
export function revisionNoticeCard(announcement: Announcement, revision: number, view: ReaderView, isThread: boolean): AdaptiveCard {
  const langs: Lang[] = view.mode === 'single' ? [view.lang] : languagesOf(announcement.title);
  const entry = announcement.revisions.find((r) => r.revision === revision) ?? announcement.revisions[announcement.revisions.length - 1];
  const [first, second, third] = langs.map((lang): NoticeData => {
    const t = announcementText[lang];
    const title = userText(pick(announcement.title, lang));
    const note = entry ? pick(entry.note, lang) : '';
    return {
      title: entry?.kind === 'correction' ? t.noticeCorrection(title) : t.noticeUpdate(title),
      ...(note ? { note: userText(note) } : {}),
      original: isThread ? t.noticeOriginalEdited : t.noticeOriginalEditedChat,
    };
  });
  return revisionNoticeTemplate.expand({ ...(first ? { first } : {}), ...(second ? { second } : {}), ...(third ? { third } : {}) });
}

// ---- authoring cards (OPH admins) --------------------------------------------------------------

export interface FormValues {
  titleFi?: string;
  bodyFi?: string;
  titleSv?: string;
  bodySv?: string;
  titleEn?: string;
  bodyEn?: string;
  category?: string;
  effectiveDate?: string;
  interfaces?: string;
  link?: string;
  audienceKind?: string;
  targets?: string;
  sendDate?: string;
  sendTime?: string;
  revisionKind?: string;
  noteFi?: string;
  noteSv?: string;
  noteEn?: string;
}

export interface TargetChoice {
  id: string;
  label: string;
}

/** Form values of a stored announcement, for an edit or revise form. */
export function valuesOf(a: Announcement): FormValues {
  const schedule = a.scheduledAt ? utcToHelsinki(a.scheduledAt) : null;
  return {
    titleFi: a.title.fi,
    bodyFi: a.body.fi,
    titleSv: a.title.sv ?? '',
    bodySv: a.body.sv ?? '',
    titleEn: a.title.en ?? '',
    bodyEn: a.body.en ?? '',
    category: a.category,
    effectiveDate: a.effectiveDate ?? '',
    interfaces: a.interfaces.join(','),
    link: a.link ?? '',
    audienceKind: a.audience.kind,
    targets: a.audience.kind === 'subset' ? [...a.audience.conversationIds, ...a.audience.teamIds.map((id) => `team:${id}`)].join(',') : '',
    sendDate: schedule?.date ?? '',
    sendTime: schedule?.time ?? '',
  };
}

/**
 * Data of `cards/form.json`. `values` are inputs' values: shown as typed (never Markdown-rendered), so
 * plain strings; an empty one leaves the input empty.
 */
export interface FormCardData {
  mode: 'new' | 'edit' | 'revise';
  title: string;
  problemsTitle: string;
  problems: string[];
  notices: string[];
  intro: string;
  categoryPlaceholder: string;
  labels: Record<
    | 'revisionKind'
    | 'noteFi'
    | 'noteSv'
    | 'noteEn'
    | 'titleFi'
    | 'bodyFi'
    | 'category'
    | 'effectiveDate'
    | 'interfaces'
    | 'link'
    | 'titleSv'
    | 'bodySv'
    | 'titleEn'
    | 'bodyEn'
    | 'audienceKind'
    | 'targets'
    | 'sendDate'
    | 'sendTime',
    string
  >;
  errors: { noteFi: string; titleFi: string; bodyFi: string; category: string };
  choices: {
    revisionKind: ChoiceData[];
    category: ChoiceData[];
    interfaces: ChoiceData[];
    audienceKind: ChoiceData[];
    targets: ChoiceData[];
  };
  values: Required<FormValues>;
  submit: ButtonData;
}

const formTemplate = defineCardTemplate<FormCardData>('announcements/form', formJson);

export function formCard(
  lang: Lang,
  options: {
    mode: 'new' | 'edit' | 'revise';
    values: FormValues;
    problems?: string[];
    notices?: string[];
    formId: string;
    announcementId?: string;
    version?: number;
    targets: TargetChoice[];
  },
): AdaptiveCard {
  const t = announcementText[lang];
  const v = options.values;
  const data: Record<string, unknown> = { formId: options.formId };
  if (options.announcementId) data.announcementId = options.announcementId;
  if (options.version !== undefined) data.version = options.version;
  return formTemplate.expand({
    mode: options.mode,
    title: options.mode === 'new' ? t.formTitleNew : options.mode === 'edit' ? t.formTitleEdit : t.formTitleRevise,
    problemsTitle: t.problemsTitle,
    problems: options.problems ?? [],
    notices: options.notices ?? [],
    intro: t.formIntro,
    categoryPlaceholder: t.categoryPlaceholder,
    labels: {
      revisionKind: t.fieldRevisionKind,
      noteFi: t.fieldRevisionNote,
      noteSv: t.fieldRevisionNoteSv,
      noteEn: t.fieldRevisionNoteEn,
      titleFi: t.fieldTitleFi,
      bodyFi: t.fieldBodyFi,
      category: t.fieldCategory,
      effectiveDate: t.fieldEffectiveDate,
      interfaces: t.fieldInterfaces,
      link: t.fieldLink,
      titleSv: t.fieldTitleSv,
      bodySv: t.fieldBodySv,
      titleEn: t.fieldTitleEn,
      bodyEn: t.fieldBodyEn,
      audienceKind: t.fieldAudience,
      targets: t.fieldTargets,
      sendDate: t.fieldSendDate,
      sendTime: t.fieldSendTime,
    },
    errors: { noteFi: t.noteRequired, titleFi: t.titleRequired, bodyFi: t.bodyRequired, category: t.categoryInvalid },
    choices: {
      revisionKind: [
        { title: t.revisionUpdate, value: 'update' },
        { title: t.revisionCorrection, value: 'correction' },
      ],
      category: CATEGORIES.map((c) => ({ title: categoryLabel(c, lang), value: c })),
      interfaces: INTERFACES.map((i) => ({ title: interfaceLabel(i, lang), value: i })),
      audienceKind: [
        { title: t.audienceServiceChannel, value: 'service-channel' },
        { title: t.audienceAll, value: 'all' },
        { title: t.audienceSubset, value: 'subset' },
      ],
      targets: options.targets.map((c) => ({ title: c.label, value: c.id })),
    },
    values: {
      ...inputValues(v, [
        'titleFi',
        'bodyFi',
        'titleSv',
        'bodySv',
        'titleEn',
        'bodyEn',
        'category',
        'effectiveDate',
        'interfaces',
        'link',
        'targets',
        'sendDate',
        'noteFi',
        'noteSv',
        'noteEn',
      ]),
      // Choices and the send time start from a default rather than empty.
      audienceKind: v.audienceKind || 'service-channel',
      sendTime: v.sendTime || '09:00',
      revisionKind: v.revisionKind || 'update',
    },
    // Inputs are validated on the card too (associatedInputs in the template), so an empty title never leaves the client.
    submit:
      options.mode === 'revise'
        ? button(t.buttonPublishRevision, VERBS.revise, { ...data, actionKey: options.formId })
        : button(t.buttonSave, VERBS.save, data),
  });
}

// ---- the author's card ---------------------------------------------------------------------------

export interface AdminView {
  announcement: Announcement;
  approval: 'single' | 'two-person';
  /** The viewer may approve (two-person rule satisfied). */
  canApprove: boolean;
  message?: string | undefined;
  notices?: string[];
  /** Fresh keys for the state-changing buttons (each is processed once). */
  keyFor: (verb: string) => string;
  /** How many conversations a send would reach now (shown in the send confirmation). */
  audienceSize?: number;
}

/**
 * An irreversible step asks first, inside the card: the button (`title`) opens a small confirmation
 * (`question`, with the audience size for sends) whose own button (`yes`) does the `step`.
 */
interface ConfirmData {
  title: string;
  question: string;
  yes: string;
  step: ButtonData;
}

/**
 * Data of `cards/admin.json`. Each status shows a subset of the buttons, always in the template's
 * order (send, submit for approval, approve, reject, unschedule, report, revise, resend, retract, edit,
 * duplicate, delete, list).
 */
export interface AdminCardData {
  title: UserText;
  statusLine: string;
  scheduledFor?: string;
  message?: string;
  notices: string[];
  /** The reader card's body, its buttons as an ActionSet at the end: embedded when it fits. */
  preview?: unknown[];
  send?: ConfirmData;
  submitForApproval?: ButtonData;
  approve?: ConfirmData;
  reject?: ButtonData;
  unschedule?: ButtonData;
  report?: ButtonData;
  revise?: ButtonData;
  resendFailed?: ButtonData;
  retract?: ConfirmData;
  edit?: ButtonData;
  duplicate?: ButtonData;
  remove?: ConfirmData;
  list: ButtonData;
}

const adminTemplate = defineCardTemplate<AdminCardData>('announcements/admin', adminJson);

function adminData(lang: Lang, view: AdminView): AdminCardData {
  const t = announcementText[lang];
  const a = view.announcement;
  const data: AdminCardData = {
    title: userText(a.title.fi),
    statusLine: t.statusLine(statusLabel(a.status, lang), a.version),
    notices: view.notices ?? [],
    list: button(t.buttonList, VERBS.list),
  };
  if (a.scheduledAt && (a.status === 'scheduled' || a.status === 'draft' || a.status === 'pending_approval')) {
    data.scheduledFor = t.scheduledFor(formatHelsinki(a.scheduledAt, lang));
  }
  if (view.message) data.message = view.message;
  const ref = { announcementId: a.id, version: a.version };
  const keyed = (verb: string) => ({ ...ref, actionKey: view.keyFor(verb) });
  const audience = view.audienceSize ?? 0;
  const edit = () => button(t.buttonEdit, VERBS.form, { announcementId: a.id });
  const duplicate = () => button(t.buttonDuplicate, VERBS.duplicate, keyed(VERBS.duplicate));
  const report = () => button(t.buttonReport, VERBS.report, { announcementId: a.id });
  switch (a.status) {
    case 'draft':
      if (view.approval === 'two-person') data.submitForApproval = button(t.buttonSubmit, VERBS.send, keyed(VERBS.send));
      else {
        const step = button(t.buttonSendNow, VERBS.send, keyed(VERBS.send));
        data.send = a.scheduledAt
          ? {
              title: t.buttonSchedule,
              question: t.confirmSchedule(audience, formatHelsinki(a.scheduledAt, lang)),
              yes: t.confirmYesSchedule,
              step,
            }
          : { title: t.buttonSendNow, question: t.confirmSend(audience), yes: t.confirmYesSend, step };
      }
      data.edit = edit();
      data.duplicate = duplicate();
      data.remove = {
        title: t.buttonDelete,
        question: t.confirmDelete,
        yes: t.confirmYesDelete,
        step: button(t.buttonDelete, VERBS.remove, keyed(VERBS.remove)),
      };
      break;
    case 'pending_approval':
      if (view.canApprove) {
        data.approve = {
          title: t.buttonApprove,
          question: t.confirmApprove(audience),
          yes: t.confirmYesApprove,
          step: button(t.buttonApprove, VERBS.approve, keyed(VERBS.approve)),
        };
      }
      data.reject = button(t.buttonReject, VERBS.reject, keyed(VERBS.reject));
      data.edit = edit();
      data.duplicate = duplicate();
      break;
    case 'scheduled':
      data.unschedule = button(t.buttonUnschedule, VERBS.unschedule, keyed(VERBS.unschedule));
      data.duplicate = duplicate();
      break;
    case 'published':
      data.report = report();
      data.revise = button(t.buttonRevise, VERBS.reviseForm, { announcementId: a.id });
      data.resendFailed = button(t.buttonResendFailed, VERBS.resendFailed, keyed(VERBS.resendFailed));
      data.retract = {
        title: t.buttonRetract,
        question: t.confirmRetract,
        yes: t.confirmYesRetract,
        step: button(t.buttonRetract, VERBS.retract, keyed(VERBS.retract)),
      };
      data.duplicate = duplicate();
      break;
    default:
      data.report = report();
      data.duplicate = duplicate();
  }
  return data;
}

/** The author's view: status, outcome message, buttons for the next steps, and the real card as preview when it fits. */
export function adminCard(lang: Lang, view: AdminView, preview: AdaptiveCard | null): { card: AdaptiveCard; previewEmbedded: boolean } {
  const data = adminData(lang, view);
  if (preview) {
    // The reader's buttons ride inside the preview (as an ActionSet) so it looks exactly like the sent card.
    const items = [...preview.body, ...(preview.actions?.length ? [{ type: 'ActionSet', actions: preview.actions }] : [])];
    // The preview rides along when it fits with room to spare; otherwise the caller posts it as its own message.
    try {
      const card = adminTemplate.expand({ ...data, preview: items });
      if (cardByteSize({ body: card.body, actions: card.actions }) + 400 <= MAX_CARD_BYTES) return { card, previewEmbedded: true };
    } catch (error) {
      if (!isAppError(error) || error.code !== 'CARD_TOO_LARGE') throw error;
    }
  }
  return { card: adminTemplate.expand(data), previewEmbedded: false };
}

// ---- list, report, messages ----------------------------------------------------------------------

export interface ListItem {
  announcement: Announcement;
  delivered: number;
  targets: number;
  acknowledged: number;
  /** Deletes the connector refused after a retraction (0 otherwise). */
  retractionFailed?: number;
}

/** Data of `cards/list.json`. */
export interface ListCardData {
  title: string;
  /** Shown when `items` is empty. */
  empty: string;
  items: Array<{ title: UserText; line: string; open: ButtonData }>;
  newAnnouncement: ButtonData;
}

const listTemplate = defineCardTemplate<ListCardData>('announcements/list', listJson);

export function listCard(lang: Lang, items: ListItem[]): AdaptiveCard {
  const t = announcementText[lang];
  return listTemplate.expand({
    title: t.listTitle,
    empty: t.listEmpty,
    items: items.slice(0, 12).map((item) => {
      const a = item.announcement;
      const when = a.publishedAt ?? a.scheduledAt ?? a.updatedAt;
      const line = [item.retractionFailed ? t.statusRetractionIncomplete : statusLabel(a.status, lang), formatHelsinki(when, lang)];
      if (a.status === 'published' || a.status === 'retracted')
        line.push(`${t.reportDelivered} ${item.delivered}/${item.targets}`, `${t.reportAcknowledged} ${item.acknowledged}`);
      return { title: userText(a.title.fi), line: line.join(' · '), open: button(t.buttonOpen, VERBS.view, { announcementId: a.id }) };
    }),
    newAnnouncement: button(t.listNew, VERBS.form),
  });
}

/** Data of `cards/report.json`. */
export interface ReportCardData {
  title: string;
  summary: FactData[];
  retractionIncomplete?: string;
  reasons: { title: string; rows: FactData[] };
  /** Per institution: its name (escaped) or "no institution", and acknowledged/users. */
  institutions: { title: string; rows: FactData[] };
  /** Known users who have not acknowledged: up to 40 names, `more` is " …" when there are more. */
  notAcknowledged?: { title: string; color: 'Attention' | 'Default'; names: UserText[]; more: string };
  csvHint: string;
  retryRetraction?: ButtonData;
  open: ButtonData;
  list: ButtonData;
}

const reportTemplate = defineCardTemplate<ReportCardData>('announcements/report', reportJson);

export function reportCard(lang: Lang, report: AnnouncementReport): AdaptiveCard {
  const t = announcementText[lang];
  const s = report.summary;
  const rows: Array<[string, number]> = [
    [t.reportTargets, s.targets],
    [t.reportDelivered, s.delivered],
    [t.reportPending, s.pending],
    [t.reportFailed, s.failed],
    [t.reportUnconfirmed, s.unconfirmed],
    [t.reportCancelled, s.cancelled],
    [t.reportPossibleDuplicates, s.possibleDuplicates],
    [t.reportAcknowledged, s.acknowledged],
  ];
  // Once retracted, "delivered" alone would read as success: say per state what the deletes did.
  if (report.status === 'retracted')
    rows.push(
      [t.reportRetracted, s.retracted],
      [t.reportRetractionPending, s.retractionPending],
      [t.reportRetractionFailed, s.retractionFailed],
    );
  const retryable = report.status === 'retracted' && s.retractionFailed > 0;
  return reportTemplate.expand({
    title: t.reportTitle(userText(report.title)),
    summary: rows.map(([title, value]) => ({ title, value: String(value) })),
    ...(retryable ? { retractionIncomplete: t.retractionIncomplete(s.retractionFailed) } : {}),
    reasons: {
      title: t.reportReasons,
      rows: report.failureReasons.slice(0, 8).map((r) => ({ title: String(r.count), value: reasonLabel(r.reason, lang) })),
    },
    institutions: {
      title: t.reportByInstitution,
      rows: report.institutions
        .slice(0, 40)
        .map((i) => ({ title: i.name ? userText(i.name[lang] || i.name.fi) : t.noInstitution, value: `${i.acknowledged}/${i.users}` })),
    },
    ...(report.notAcknowledged.length
      ? {
          notAcknowledged: {
            title: t.reportNotAcknowledged(report.notAcknowledged.length),
            color: report.category === 'breaking' ? 'Attention' : 'Default',
            names: report.notAcknowledged.slice(0, 40).map((u) => userText(u.displayName || u.objectId.slice(0, 8))),
            more: report.notAcknowledged.length > 40 ? ' …' : '',
          },
        }
      : {}),
    csvHint: t.reportCsvHint,
    ...(retryable
      ? {
          retryRetraction: button(t.buttonRetryRetraction, VERBS.resendFailed, {
            announcementId: report.id,
            actionKey: globalThis.crypto.randomUUID(),
          }),
        }
      : {}),
    open: button(t.buttonOpen, VERBS.view, { announcementId: report.id }),
    list: button(t.buttonList, VERBS.list),
  });
}

/** Data of `cards/message.json`. */
export interface MessageCardData {
  message: string;
  buttons: ButtonData[];
}

const messageTemplate = defineCardTemplate<MessageCardData>('announcements/message', messageJson);

/** A short text card (refusals, outcomes) for Action.Execute answers that should replace the card. */
export function messageCard(message: string, buttons: ButtonData[] = []): AdaptiveCard {
  return messageTemplate.expand({ message, buttons });
}

export function listButton(lang: Lang): ButtonData {
  return button(announcementText[lang].buttonList, VERBS.list);
}
