import {
  CARD_VERSION,
  MAX_CARD_BYTES,
  cardByteSize,
  execute,
  facts,
  heading,
  makeCard,
  openUrl,
  text,
  userText,
  type AdaptiveCard,
  type CardAction,
  type CardElement,
} from '../../cards/card.js';
import { LANGS, type Lang } from '../../i18n/index.js';
import { announcementText } from './i18n.js';
import { categoryLabel, interfaceLabel, reasonLabel, statusLabel } from './labels.js';
import { formatDate, formatHelsinki, utcToHelsinki } from './helsinki-time.js';
import {
  CATEGORIES,
  INTERFACES,
  VERBS,
  languagesOf,
  type Announcement,
  type AnnouncementContent,
  type Category,
  type LocalizedText,
  type RevisionKind,
} from './model.js';
import type { AnnouncementReport } from './report.js';

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

/** Action.Execute with an Action.Submit fallback carrying the same verb, for clients without Universal Actions. */
function action(title: string, verb: string, data: Record<string, unknown> = {}): CardAction {
  return execute(title, verb, data, { fallback: { type: 'Action.Submit', title, data: { verb, ...data } } });
}

function pick(texts: LocalizedText, lang: Lang): string {
  return texts[lang]?.trim() ? texts[lang]! : texts.fi;
}

/** One language's block of a reader card: category, title, revision stamp, facts and body. */
function languageBlock(content: AnnouncementContent, state: ReaderState, lang: Lang, withCategory: boolean): CardElement[] {
  const t = announcementText[lang];
  const elements: CardElement[] = [];
  if (withCategory) {
    elements.push({
      type: 'Container',
      style: CATEGORY_STYLE[content.category],
      bleed: true,
      items: [text(categoryLabel(content.category, lang), { weight: 'Bolder', size: 'Small' })],
    });
  }
  elements.push(heading(userText(pick(content.title, lang))));
  if (state.revision > 0 && state.revisedAt) {
    const when = formatHelsinki(state.revisedAt, lang);
    elements.push(text(state.revisionKind === 'correction' ? t.correctedAt(when) : t.updatedAt(when), { isSubtle: true, size: 'Small', weight: 'Bolder', spacing: 'None' }));
    const note = state.revisionNote ? pick(state.revisionNote, lang).trim() : '';
    if (note) elements.push(text(t.changeNote(userText(note)), { size: 'Small', spacing: 'None' }));
  }
  const factItems: Array<[string, string]> = [];
  if (content.effectiveDate) factItems.push([t.effectiveDate, formatDate(content.effectiveDate, lang)]);
  if (content.interfaces.length) factItems.push([t.affects, content.interfaces.map((i) => interfaceLabel(i, lang)).join(', ')]);
  if (factItems.length) elements.push(facts(factItems));
  elements.push(text(userText(pick(content.body, lang))));
  return elements;
}

/** The body and actions of the card readers see (also embedded in the author's preview). */
function readerParts(content: AnnouncementContent, state: ReaderState, view: ReaderView, options: { ackedAt?: string | null; ackLang?: Lang; preview?: boolean | 'sent' }) {
  const body: CardElement[] = [];
  const primary: Lang = view.mode === 'single' ? view.lang : 'fi';
  const t = announcementText[primary];
  if (options.preview) {
    // A sent announcement's preview is what readers have, not something "not sent yet".
    body.push({ type: 'Container', style: 'emphasis', items: [text(options.preview === 'sent' ? t.previewSentBanner : t.previewBanner, { weight: 'Bolder', size: 'Small' })] });
  }
  body.push(...languageBlock(content, state, primary, true));
  if (view.mode === 'multi') {
    // Other languages sit behind toggles so a channel post stays short for the Finnish majority.
    for (const lang of languagesOf(content.title).filter((l) => l !== 'fi' && content.body[l]?.trim())) {
      const id = `lang-${lang}-${state.id.slice(0, 8)}`;
      body.push({
        type: 'ActionSet',
        actions: [{ type: 'Action.ToggleVisibility', title: announcementText[lang].showLanguage, targetElements: [id] }],
      });
      body.push({ type: 'Container', id, isVisible: false, items: languageBlock(content, state, lang, true) });
    }
  }
  const ackLang = options.ackLang ?? primary;
  if (options.ackedAt) {
    body.push(text(announcementText[ackLang].acknowledged(formatHelsinki(options.ackedAt, ackLang)), { color: 'Good', weight: 'Bolder' }));
  }
  // A revised card is shared, so people who acknowledged see the button again: say why.
  if (!options.ackedAt && state.revision > 0) body.push(text(t.ackAgainReason, { isSubtle: true, size: 'Small' }));
  body.push(text(t.footer, { isSubtle: true, size: 'Small' }));

  const actions: CardAction[] = [];
  if (!options.ackedAt) {
    const titles = view.mode === 'multi'
      ? LANGS.filter((l) => l === 'fi' || (content.title[l]?.trim() && content.body[l]?.trim())).map((l) => announcementText[l].acknowledge).join(' / ')
      : t.acknowledge;
    actions.push(action(titles, VERBS.ack, { announcementId: state.id, revision: state.revision }));
  }
  if (content.link) actions.push(openUrl(t.moreInfo, content.link));
  return { body, actions };
}

function refreshFor(state: ReaderState) {
  // `userIds: []` gives readers a manual "refresh" that shows their own acknowledgement state,
  // without an automatic invoke per viewer in large channels.
  return { action: { type: 'Action.Execute', verb: VERBS.refresh, data: { verb: VERBS.refresh, announcementId: state.id } }, userIds: [] };
}

/** The announcement card as it is posted (and as each reader's own view after acknowledging). */
export function announcementCard(
  content: AnnouncementContent,
  state: ReaderState,
  view: ReaderView,
  options: { ackedAt?: string | null; ackLang?: Lang; preview?: boolean | 'sent' } = {},
): AdaptiveCard {
  const { body, actions } = readerParts(content, state, view, options);
  return makeCard(body, actions, options.preview ? {} : { refresh: refreshFor(state) });
}

/**
 * Size in bytes of the largest card this content can become (all languages, revision stamp,
 * acknowledgement line), measured the way makeCard measures. The form refuses anything above 28 KB.
 */
export function largestCardBytes(content: AnnouncementContent, revisionNote: LocalizedText | null = null): number {
  const state: ReaderState = { id: '00000000-0000-0000-0000-000000000000', revision: 99, revisionKind: 'correction', revisedAt: '2026-12-31T21:59:00.000Z', revisionNote };
  let largest = 0;
  for (const view of [{ mode: 'multi' } as ReaderView, ...LANGS.map((lang) => ({ mode: 'single', lang }) as ReaderView)]) {
    for (const ackedAt of [null, '2026-12-31T21:59:00.000Z']) {
      const { body, actions } = readerParts(content, state, view, { ackedAt });
      const card = { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: CARD_VERSION, msteams: { width: 'Full' }, refresh: refreshFor(state), body, actions };
      largest = Math.max(largest, cardByteSize(card));
    }
  }
  return largest;
}

/** The reply posted in the thread (or chat) when a sent announcement is updated or corrected. */
export function revisionNoticeCard(announcement: Announcement, revision: number, view: ReaderView, isThread: boolean): AdaptiveCard {
  const langs: Lang[] = view.mode === 'single' ? [view.lang] : languagesOf(announcement.title);
  const entry = announcement.revisions.find((r) => r.revision === revision) ?? announcement.revisions[announcement.revisions.length - 1];
  const body: CardElement[] = [];
  for (const lang of langs) {
    const t = announcementText[lang];
    const title = userText(pick(announcement.title, lang));
    body.push(text(entry?.kind === 'correction' ? t.noticeCorrection(title) : t.noticeUpdate(title), { weight: 'Bolder', wrap: true }));
    const note = entry ? pick(entry.note, lang) : '';
    if (note) body.push(text(userText(note), { spacing: 'Small' }));
    body.push(text(isThread ? t.noticeOriginalEdited : t.noticeOriginalEditedChat, { isSubtle: true, size: 'Small', spacing: 'Small' }));
  }
  return makeCard(body);
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

const input = (type: string, id: string, label: string, value: string | undefined, extra: Record<string, unknown> = {}): CardElement => ({
  type,
  id,
  label,
  ...(value ? { value } : {}),
  ...extra,
});

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
  const body: CardElement[] = [heading(options.mode === 'new' ? t.formTitleNew : options.mode === 'edit' ? t.formTitleEdit : t.formTitleRevise)];
  if (options.problems?.length) {
    body.push({
      type: 'Container',
      style: 'attention',
      items: [text(t.problemsTitle, { weight: 'Bolder' }), ...options.problems.map((p) => text(`• ${p}`, { spacing: 'None' }))],
    });
  }
  for (const notice of options.notices ?? []) body.push(text(notice, { color: 'Warning' }));
  body.push(text(t.formIntro, { isSubtle: true, size: 'Small' }));
  if (options.mode === 'revise') {
    body.push(
      input('Input.ChoiceSet', 'revisionKind', t.fieldRevisionKind, v.revisionKind || 'update', {
        style: 'expanded',
        choices: [
          { title: t.revisionUpdate, value: 'update' },
          { title: t.revisionCorrection, value: 'correction' },
        ],
      }),
      input('Input.Text', 'noteFi', t.fieldRevisionNote, v.noteFi, { isMultiline: true, maxLength: 1000, isRequired: true, errorMessage: t.noteRequired }),
      input('Input.Text', 'noteSv', t.fieldRevisionNoteSv, v.noteSv, { isMultiline: true, maxLength: 1000 }),
      input('Input.Text', 'noteEn', t.fieldRevisionNoteEn, v.noteEn, { isMultiline: true, maxLength: 1000 }),
    );
  }
  body.push(
    input('Input.Text', 'titleFi', t.fieldTitleFi, v.titleFi, { maxLength: 200, isRequired: true, errorMessage: t.titleRequired }),
    input('Input.Text', 'bodyFi', t.fieldBodyFi, v.bodyFi, { isMultiline: true, isRequired: true, errorMessage: t.bodyRequired }),
    input('Input.ChoiceSet', 'category', t.fieldCategory, v.category ?? '', {
      placeholder: t.categoryPlaceholder,
      isRequired: true,
      errorMessage: t.categoryInvalid,
      choices: CATEGORIES.map((c) => ({ title: categoryLabel(c, lang), value: c })),
    }),
    input('Input.Date', 'effectiveDate', t.fieldEffectiveDate, v.effectiveDate),
    input('Input.ChoiceSet', 'interfaces', t.fieldInterfaces, v.interfaces, {
      isMultiSelect: true,
      choices: INTERFACES.map((i) => ({ title: interfaceLabel(i, lang), value: i })),
    }),
    input('Input.Text', 'link', t.fieldLink, v.link, { style: 'Url', maxLength: 500 }),
    input('Input.Text', 'titleSv', t.fieldTitleSv, v.titleSv, { maxLength: 200 }),
    input('Input.Text', 'bodySv', t.fieldBodySv, v.bodySv, { isMultiline: true }),
    input('Input.Text', 'titleEn', t.fieldTitleEn, v.titleEn, { maxLength: 200 }),
    input('Input.Text', 'bodyEn', t.fieldBodyEn, v.bodyEn, { isMultiline: true }),
  );
  if (options.mode !== 'revise') {
    body.push(
      input('Input.ChoiceSet', 'audienceKind', t.fieldAudience, v.audienceKind || 'service-channel', {
        style: 'expanded',
        choices: [
          { title: t.audienceServiceChannel, value: 'service-channel' },
          { title: t.audienceAll, value: 'all' },
          { title: t.audienceSubset, value: 'subset' },
        ],
      }),
    );
    if (options.targets.length) {
      body.push(input('Input.ChoiceSet', 'targets', t.fieldTargets, v.targets, { isMultiSelect: true, choices: options.targets.map((c) => ({ title: c.label, value: c.id })) }));
    }
    body.push(input('Input.Date', 'sendDate', t.fieldSendDate, v.sendDate), input('Input.Time', 'sendTime', t.fieldSendTime, v.sendTime || '09:00'));
  }
  const data: Record<string, unknown> = { formId: options.formId };
  if (options.announcementId) data.announcementId = options.announcementId;
  if (options.version !== undefined) data.version = options.version;
  const submit = options.mode === 'revise'
    ? action(t.buttonPublishRevision, VERBS.revise, { ...data, actionKey: options.formId })
    : action(t.buttonSave, VERBS.save, data);
  // Inputs are validated on the card too, so an empty title never leaves the client.
  (submit as Record<string, unknown>).associatedInputs = 'auto';
  return makeCard(body, [submit]);
}

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
 * An irreversible step asks first, inside the card: the button opens a small confirmation (with the
 * audience size for sends) whose own button does the work.
 */
function confirmed(title: string, question: string, yes: string, step: CardAction, style: 'positive' | 'destructive'): CardAction {
  return {
    type: 'Action.ShowCard',
    title,
    card: { type: 'AdaptiveCard', body: [text(question, { weight: 'Bolder' })], actions: [{ ...step, title: yes, style }] },
  };
}

/** The author's view: status, outcome message, buttons for the next steps, and the real card as preview when it fits. */
export function adminCard(lang: Lang, view: AdminView, preview: AdaptiveCard | null): { card: AdaptiveCard; previewEmbedded: boolean } {
  const t = announcementText[lang];
  const a = view.announcement;
  const header: CardElement[] = [heading(userText(a.title.fi)), text(t.statusLine(statusLabel(a.status, lang), a.version), { isSubtle: true, spacing: 'None' })];
  if (a.scheduledAt && (a.status === 'scheduled' || a.status === 'draft' || a.status === 'pending_approval')) {
    header.push(text(t.scheduledFor(formatHelsinki(a.scheduledAt, lang)), { spacing: 'None' }));
  }
  if (view.message) header.push(text(view.message, { weight: 'Bolder', color: 'Good' }));
  for (const notice of view.notices ?? []) header.push(text(notice, { color: 'Warning' }));
  const ref = { announcementId: a.id, version: a.version };
  const keyed = (verb: string) => ({ ...ref, actionKey: view.keyFor(verb) });
  const actions: CardAction[] = [];
  const audience = view.audienceSize ?? 0;
  const send = action(t.buttonSendNow, VERBS.send, keyed(VERBS.send));
  const sendStep = a.scheduledAt
    ? confirmed(t.buttonSchedule, t.confirmSchedule(audience, formatHelsinki(a.scheduledAt, lang)), t.confirmYesSchedule, send, 'positive')
    : confirmed(t.buttonSendNow, t.confirmSend(audience), t.confirmYesSend, send, 'positive');
  switch (a.status) {
    case 'draft':
      actions.push(
        view.approval === 'two-person' ? action(t.buttonSubmit, VERBS.send, keyed(VERBS.send)) : sendStep,
        action(t.buttonEdit, VERBS.form, { announcementId: a.id }),
        action(t.buttonDuplicate, VERBS.duplicate, keyed(VERBS.duplicate)),
        confirmed(t.buttonDelete, t.confirmDelete, t.confirmYesDelete, action(t.buttonDelete, VERBS.remove, keyed(VERBS.remove)), 'destructive'),
      );
      break;
    case 'pending_approval':
      if (view.canApprove) {
        const approve = action(t.buttonApprove, VERBS.approve, keyed(VERBS.approve));
        actions.push(confirmed(t.buttonApprove, t.confirmApprove(audience), t.confirmYesApprove, approve, 'positive'));
      }
      actions.push(action(t.buttonReject, VERBS.reject, keyed(VERBS.reject)), action(t.buttonEdit, VERBS.form, { announcementId: a.id }), action(t.buttonDuplicate, VERBS.duplicate, keyed(VERBS.duplicate)));
      break;
    case 'scheduled':
      actions.push(action(t.buttonUnschedule, VERBS.unschedule, keyed(VERBS.unschedule)), action(t.buttonDuplicate, VERBS.duplicate, keyed(VERBS.duplicate)));
      break;
    case 'published':
      actions.push(
        action(t.buttonReport, VERBS.report, { announcementId: a.id }),
        action(t.buttonRevise, VERBS.reviseForm, { announcementId: a.id }),
        action(t.buttonResendFailed, VERBS.resendFailed, keyed(VERBS.resendFailed)),
        confirmed(t.buttonRetract, t.confirmRetract, t.confirmYesRetract, action(t.buttonRetract, VERBS.retract, keyed(VERBS.retract)), 'destructive'),
        action(t.buttonDuplicate, VERBS.duplicate, keyed(VERBS.duplicate)),
      );
      break;
    default:
      actions.push(action(t.buttonReport, VERBS.report, { announcementId: a.id }), action(t.buttonDuplicate, VERBS.duplicate, keyed(VERBS.duplicate)));
  }
  actions.push(action(t.buttonList, VERBS.list));
  // The reader's buttons ride inside the preview (as an ActionSet) so it looks exactly like the sent card.
  const previewItems = preview ? [...preview.body, ...(preview.actions?.length ? [{ type: 'ActionSet', actions: preview.actions } as CardElement] : [])] : [];
  const withPreview = preview ? [...header, { type: 'Container', style: 'emphasis', separator: true, items: previewItems } as CardElement] : header;
  // The preview rides along when it fits; otherwise the caller posts it as its own message.
  if (preview && cardByteSize({ body: withPreview, actions }) + 400 <= MAX_CARD_BYTES) return { card: makeCard(withPreview, actions), previewEmbedded: true };
  return { card: makeCard(header, actions), previewEmbedded: false };
}

export interface ListItem {
  announcement: Announcement;
  delivered: number;
  targets: number;
  acknowledged: number;
  /** Deletes the connector refused after a retraction (0 otherwise). */
  retractionFailed?: number;
}

export function listCard(lang: Lang, items: ListItem[]): AdaptiveCard {
  const t = announcementText[lang];
  const body: CardElement[] = [heading(t.listTitle)];
  if (!items.length) body.push(text(t.listEmpty));
  for (const item of items.slice(0, 12)) {
    const a = item.announcement;
    const when = a.publishedAt ?? a.scheduledAt ?? a.updatedAt;
    const line = [item.retractionFailed ? t.statusRetractionIncomplete : statusLabel(a.status, lang), formatHelsinki(when, lang)];
    if (a.status === 'published' || a.status === 'retracted') line.push(`${t.reportDelivered} ${item.delivered}/${item.targets}`, `${t.reportAcknowledged} ${item.acknowledged}`);
    body.push({
      type: 'ColumnSet',
      separator: true,
      columns: [
        { type: 'Column', width: 'stretch', items: [text(userText(a.title.fi), { weight: 'Bolder' }), text(line.join(' · '), { isSubtle: true, size: 'Small', spacing: 'None' })] },
        { type: 'Column', width: 'auto', verticalContentAlignment: 'Center', items: [{ type: 'ActionSet', actions: [action(t.buttonOpen, VERBS.view, { announcementId: a.id })] }] },
      ],
    });
  }
  return makeCard(body, [action(t.listNew, VERBS.form)]);
}

export function reportCard(lang: Lang, report: AnnouncementReport): AdaptiveCard {
  const t = announcementText[lang];
  const s = report.summary;
  const body: CardElement[] = [
    heading(t.reportTitle(userText(report.title))),
    facts([
      [t.reportTargets, String(s.targets)],
      [t.reportDelivered, String(s.delivered)],
      [t.reportPending, String(s.pending)],
      [t.reportFailed, String(s.failed)],
      [t.reportUnconfirmed, String(s.unconfirmed)],
      [t.reportCancelled, String(s.cancelled)],
      [t.reportPossibleDuplicates, String(s.possibleDuplicates)],
      [t.reportAcknowledged, String(s.acknowledged)],
      // Once retracted, "delivered" alone would read as success: say per state what the deletes did.
      ...(report.status === 'retracted'
        ? ([
            [t.reportRetracted, String(s.retracted)],
            [t.reportRetractionPending, String(s.retractionPending)],
            [t.reportRetractionFailed, String(s.retractionFailed)],
          ] as Array<[string, string]>)
        : []),
    ]),
  ];
  const retry: CardAction[] = [];
  if (report.status === 'retracted' && s.retractionFailed) {
    body.push(text(t.retractionIncomplete(s.retractionFailed), { weight: 'Bolder', color: 'Attention' }));
    retry.push(action(t.buttonRetryRetraction, VERBS.resendFailed, { announcementId: report.id, actionKey: globalThis.crypto.randomUUID() }));
  }
  if (report.failureReasons.length) {
    body.push(text(t.reportReasons, { weight: 'Bolder' }), facts(report.failureReasons.slice(0, 8).map((r) => [String(r.count), reasonLabel(r.reason, lang)])));
  }
  if (report.institutions.length) {
    body.push(text(t.reportByInstitution, { weight: 'Bolder' }));
    body.push(facts(report.institutions.slice(0, 40).map((i) => [i.name ? userText(i.name[lang] || i.name.fi) : t.noInstitution, `${i.acknowledged}/${i.users}`])));
  }
  if (report.notAcknowledged.length) {
    const names = report.notAcknowledged.slice(0, 40).map((u) => userText(u.displayName || u.objectId.slice(0, 8)));
    body.push(text(t.reportNotAcknowledged(report.notAcknowledged.length), { weight: 'Bolder', color: report.category === 'breaking' ? 'Attention' : 'Default' }));
    body.push(text(names.join(', ') + (report.notAcknowledged.length > 40 ? ' …' : ''), { spacing: 'None' }));
  }
  body.push(text(t.reportCsvHint, { isSubtle: true, size: 'Small' }));
  return makeCard(body, [...retry, action(t.buttonOpen, VERBS.view, { announcementId: report.id }), action(t.buttonList, VERBS.list)]);
}

/** A short text card (refusals, outcomes) for Action.Execute answers that should replace the card. */
export function messageCard(message: string, actions: CardAction[] = []): AdaptiveCard {
  return makeCard([text(message)], actions);
}

export function listButton(lang: Lang): CardAction {
  return action(announcementText[lang].buttonList, VERBS.list);
}
