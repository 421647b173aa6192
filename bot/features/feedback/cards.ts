import { formatDay } from '../../i18n/dates.js';
import { button, inputValues, type ButtonData, type ChoiceData, type LinkData } from '../../cards/template-data.js';
import { userText, type AdaptiveCard, type UserText } from '../../cards/card.js';
import { defineCardTemplate } from '../../cards/template.js';
import { isAppError } from '../../errors.js';
import type { Lang } from '../../i18n/index.js';
import type { FeedbackComment, FeedbackEvent, FeedbackItem, InstitutionNames } from '../../store/feedback-repository.js';
import { feedbackText, statusLabel, topicLabel, typeLabel } from './i18n.js';
import { FEEDBACK_TYPES, LIMITS, STATUSES, TOPICS, isOpen, type Status } from './model.js';
import type { FieldProblem, ListFilter } from './validation.js';
import { VERBS } from './verbs.js';
import formJson from './cards/form.json' with { type: 'json' };
import confirmationJson from './cards/confirmation.json' with { type: 'json' };
import listJson from './cards/list.json' with { type: 'json' };
import detailJson from './cards/detail.json' with { type: 'json' };
import statusNotificationJson from './cards/status-notification.json' with { type: 'json' };
import mergeNotificationJson from './cards/merge-notification.json' with { type: 'json' };
import commentNotificationJson from './cards/comment-notification.json' with { type: 'json' };
import newItemForOphJson from './cards/new-item-for-oph.json' with { type: 'json' };

/**
 * Feedback's cards. Layouts are the templates in ./cards (open one in the Adaptive Cards Designer with
 * the `.data.json` beside it); the functions here build each template's typed data, and the form and the
 * detail card keep their shrink rules: on CARD_TOO_LARGE they retry with shorter texts.
 */

export { VERBS } from './verbs.js';

// ------------------------------------------------------------------------------- template data

export function institutionLabel(names: InstitutionNames | null | undefined, lang: Lang): string | null {
  return names ? names[lang] || names.fi : null;
}

/** Dates in the one Finnish/Swedish/English format (bot/i18n/dates.ts), Helsinki time. */
export const formatDate = formatDay;

function clip(value: string, max: number, lang: Lang): string {
  return value.length > max ? `${value.slice(0, max)}${feedbackText[lang].truncated}` : value;
}

// ---------------------------------------------------------------------------------------------- form

export interface FormValues {
  type?: string | undefined;
  topic?: string | undefined;
  title?: string | undefined;
  description?: string | undefined;
  impact?: string | undefined;
  contactOk?: boolean | undefined;
}

/**
 * Keeps what the user typed when the form comes back with problems. Values are bounded so a pasted
 * novel cannot push the card past Teams' size limit; input values are not Markdown-rendered.
 */
export function keptValues(raw: Record<string, unknown>): FormValues {
  const str = (v: unknown, max: number) =>
    typeof v === 'string' ? v.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '').slice(0, max) : undefined;
  const choice = (v: unknown, allowed: readonly string[]) => (typeof v === 'string' && allowed.includes(v) ? v : undefined);
  return {
    type: choice(raw.type, FEEDBACK_TYPES),
    topic: choice(raw.topic, TOPICS),
    title: str(raw.title, Math.ceil(LIMITS.title * 1.25)),
    description: str(raw.description, Math.ceil(LIMITS.description * 1.25)),
    impact: str(raw.impact, Math.ceil(LIMITS.impact * 1.25)),
    contactOk: raw.contactOk === true || raw.contactOk === 'true',
  };
}

export interface FormOptions {
  lang: Lang;
  formId: string;
  institution: string | null;
  values?: FormValues | undefined;
  problems?: FieldProblem[] | undefined;
  notice?: string | undefined;
}

interface InputField {
  label: string;
  error: string;
}

/**
 * Data of `cards/form.json`. Kept values are an input's value: shown as typed (never Markdown-rendered),
 * only bounded by keptValues(), so they are plain strings; an empty one leaves the input empty.
 */
export interface FormCardData {
  title: string;
  intro: string;
  notice?: string;
  problems: { intro: string; lines: string[] };
  choose: string;
  fields: {
    type: InputField & { choices: ChoiceData[] };
    topic: InputField & { choices: ChoiceData[] };
    title: InputField & { placeholder: string; maxLength: number };
    description: InputField & { placeholder: string; maxLength: number };
    impact: InputField & { placeholder: string; maxLength: number };
    contactOk: { title: string };
  };
  values: { type: string; topic: string; title: string; description: string; impact: string; contactOk: 'true' | 'false' };
  /** The user's institution (escaped), or the "no institution" text. */
  institution: { label: string; name: string };
  privacy: string;
  submit: ButtonData;
}

const formTemplate = defineCardTemplate<FormCardData>('feedback/form', formJson);

/**
 * The form. Kept input that is unusually heavy once JSON-escaped (quotes, backslashes) is cut back in
 * steps until the card fits, rather than failing the user's correction round.
 */
export function formCard(options: FormOptions): AdaptiveCard {
  let lastError: unknown;
  for (const share of [1.25, 1, 0.5, 0.1]) {
    try {
      return buildForm({ ...options, values: capValues(options.values, share) });
    } catch (error) {
      if (!isAppError(error) || error.code !== 'CARD_TOO_LARGE') throw error;
      lastError = error;
    }
  }
  throw lastError;
}

function capValues(values: FormValues | undefined, share: number): FormValues | undefined {
  if (!values) return values;
  const cap = (v: string | undefined, max: number) => v?.slice(0, Math.ceil(max * share));
  return {
    ...values,
    title: cap(values.title, LIMITS.title),
    description: cap(values.description, LIMITS.description),
    impact: cap(values.impact, LIMITS.impact),
  };
}

function buildForm(options: FormOptions): AdaptiveCard {
  const { lang, values = {}, problems = [] } = options;
  const t = feedbackText[lang];
  return formTemplate.expand({
    title: t.formTitle,
    intro: t.formIntro,
    ...(options.notice ? { notice: options.notice } : {}),
    problems: { intro: t.problemsIntro, lines: problems.map((p) => p.message) },
    choose: t.choose,
    fields: {
      type: { label: t.fieldType, error: t.errType, choices: FEEDBACK_TYPES.map((value) => ({ title: typeLabel(value, lang), value })) },
      topic: { label: t.fieldTopic, error: t.errTopic, choices: TOPICS.map((value) => ({ title: topicLabel(value, lang), value })) },
      title: { label: t.fieldTitle, error: t.errTitle(LIMITS.title), placeholder: t.placeholderTitle, maxLength: LIMITS.title },
      description: {
        label: t.fieldDescription,
        error: t.errDescription(LIMITS.description),
        placeholder: t.placeholderDescription,
        maxLength: LIMITS.description,
      },
      impact: { label: t.fieldImpact, error: t.errMaxLength(LIMITS.impact), placeholder: t.placeholderImpact, maxLength: LIMITS.impact },
      contactOk: { title: t.fieldContact },
    },
    values: { ...inputValues(values, ['type', 'topic', 'title', 'description', 'impact']), contactOk: values.contactOk ? 'true' : 'false' },
    institution: { label: t.fieldInstitution, name: options.institution ? userText(options.institution) : t.noInstitution },
    privacy: t.formPrivacy,
    submit: button(t.submit, VERBS.submit, { formId: options.formId }),
  });
}

// ------------------------------------------------------------------------------------ confirmation

/** Data of `cards/confirmation.json`. */
export interface ConfirmationCardData {
  title: string;
  repeated: boolean;
  alreadyReceived: string;
  body: string;
  labels: { ref: string; type: string; topic: string; title: string; status: string };
  item: { ref: string; type: string; topic: string; title: UserText; status: string };
  maskedNote?: string;
  follow: LinkData;
  showProposals: ButtonData;
  newForm: ButtonData;
}

const confirmationTemplate = defineCardTemplate<ConfirmationCardData>('feedback/confirmation', confirmationJson);

export function confirmationCard(options: {
  lang: Lang;
  item: FeedbackItem;
  masked: boolean;
  repeated: boolean;
  followUrl: string;
}): AdaptiveCard {
  const { lang, item } = options;
  const t = feedbackText[lang];
  return confirmationTemplate.expand({
    title: t.thanksTitle,
    repeated: options.repeated,
    alreadyReceived: t.alreadyReceived,
    body: t.thanksBody(item.ref),
    labels: { ref: t.labelRef, type: t.labelType, topic: t.labelTopic, title: t.labelTitle, status: t.labelStatus },
    item: {
      ref: item.ref,
      type: typeLabel(item.type, lang),
      topic: topicLabel(item.topic, lang),
      title: userText(item.title),
      status: statusLabel(item.status, lang),
    },
    ...(options.masked ? { maskedNote: t.maskedNote } : {}),
    follow: { title: t.followInTab, url: options.followUrl },
    showProposals: button(t.showProposals, VERBS.list),
    newForm: button(t.newForm, VERBS.open),
  });
}

// -------------------------------------------------------------------------------------------- list

interface FilterData {
  label: string;
  value: string;
  choices: ChoiceData[];
}

/** Data of `cards/list.json`. */
export interface ListCardData {
  title: string;
  filters: { filterType: FilterData; filterTopic: FilterData; filterStatus: FilterData; filterSort: FilterData };
  applyFilters: ButtonData;
  /** Shown when `items` is empty. */
  empty: string;
  items: Array<{ ref: string; title: UserText; summary: string; buttons: ButtonData[] }>;
  count?: string;
  pageButtons: ButtonData[];
}

const listTemplate = defineCardTemplate<ListCardData>('feedback/list', listJson);

function filters(filter: ListFilter, lang: Lang): ListCardData['filters'] {
  const t = feedbackText[lang];
  const choiceList = (choices: Array<[string, string]>): ChoiceData[] => choices.map(([value, title]) => ({ title, value }));
  return {
    filterType: {
      label: t.filterType,
      value: filter.filterType,
      choices: choiceList([['all', t.allTypes], ...FEEDBACK_TYPES.map((v): [string, string] => [v, typeLabel(v, lang)])]),
    },
    filterTopic: {
      label: t.filterTopic,
      value: filter.filterTopic,
      choices: choiceList([['all', t.allTopics], ...TOPICS.map((v): [string, string] => [v, topicLabel(v, lang)])]),
    },
    filterStatus: {
      label: t.filterStatus,
      value: filter.filterStatus,
      choices: choiceList([
        ['open', t.statusOpen],
        ['all', t.statusAll],
        ...STATUSES.map((v): [string, string] => [v, statusLabel(v, lang)]),
      ]),
    },
    filterSort: {
      label: t.filterSort,
      value: filter.filterSort,
      choices: choiceList([
        ['votes', t.sortVotes],
        ['recent', t.sortRecent],
      ]),
    },
  };
}

function voteButton(item: FeedbackItem, lang: Lang, data: Record<string, unknown>): ButtonData | null {
  const t = feedbackText[lang];
  if (item.votedByViewer) return button(t.unvote, VERBS.unvote, { ref: item.ref, ...data });
  if (isOpen(item.status)) return button(t.vote, VERBS.vote, { ref: item.ref, ...data });
  return null;
}

function summaryLine(item: FeedbackItem, lang: Lang): string {
  const t = feedbackText[lang];
  const parts = [`${t.labelStatus}: ${statusLabel(item.status, lang)}`, topicLabel(item.topic, lang), `${t.labelVotes}: ${item.votes}`];
  if (item.votedByViewer) parts.push(`✓ ${t.youVoted}`);
  return parts.join(' · ');
}

export const LIST_PAGE_SIZE = 8;

const MERGE_TARGET_REGEX = String.raw`^\s*[Kk][Ee]-\d{4}-\d{4,9}\s*$`;

export function listCard(options: { lang: Lang; items: FeedbackItem[]; total: number; filter: ListFilter }): AdaptiveCard {
  const { lang, items, total, filter } = options;
  const t = feedbackText[lang];
  const pageData = { page: filter.page };
  const shownUpTo = filter.page * LIST_PAGE_SIZE + items.length;
  const pageButtons: ButtonData[] = [];
  if (filter.page > 0) pageButtons.push(button(t.previousPage, VERBS.list, { page: filter.page - 1 }));
  if (shownUpTo < total) pageButtons.push(button(t.nextPage, VERBS.list, { page: filter.page + 1 }));
  pageButtons.push(button(t.newForm, VERBS.open));
  return listTemplate.expand({
    title: t.listTitle,
    filters: filters(filter, lang),
    applyFilters: button(t.applyFilters, VERBS.list, { page: 0 }),
    empty: t.listEmpty,
    items: items.map((item) => ({
      ref: item.ref,
      title: userText(clip(item.title, LIMITS.title, lang)),
      summary: summaryLine(item, lang),
      buttons: [voteButton(item, lang, pageData), button(t.open, VERBS.view, { ref: item.ref })].filter((b): b is ButtonData => b !== null),
    })),
    ...(total > 0 ? { count: t.listCount(shownUpTo, total) } : {}),
    pageButtons,
  });
}

// ------------------------------------------------------------------------------------------ detail

function authorLabel(comment: FeedbackComment, lang: Lang): string {
  const t = feedbackText[lang];
  if (comment.authorKind === 'oph') return t.authorOph;
  const base = comment.authorKind === 'submitter' ? t.authorSubmitter : t.authorParticipant;
  const institution = institutionLabel(comment.authorInstitutionNames, lang);
  return institution ? `${base} (${userText(institution)})` : base;
}

export function commentAuthorLabel(comment: Pick<FeedbackComment, 'authorKind' | 'authorInstitutionNames'>, lang: Lang): string {
  return authorLabel(comment as FeedbackComment, lang);
}

function historyLine(event: FeedbackEvent, lang: Lang): string {
  const t = feedbackText[lang];
  const date = formatDate(event.createdAt, lang);
  let what: string;
  if (event.kind === 'created') what = `${t.historyCreated}: ${statusLabel(event.toStatus, lang)}`;
  else if (event.kind === 'merged') what = t.historyMergedInto(event.relatedItemRef ?? '?');
  else if (event.kind === 'merged_in') what = t.historyMergedIn(event.relatedItemRef ?? '?');
  else what = `${statusLabel(event.fromStatus ?? '', lang)} → ${statusLabel(event.toStatus, lang)}`;
  const reason = event.reason ? ` (${userText(clip(event.reason, 300, lang))})` : '';
  return `- ${date}: ${what}${reason}`;
}

export interface DetailOptions {
  lang: Lang;
  item: FeedbackItem;
  comments: FeedbackComment[];
  events: FeedbackEvent[];
  followUrl: string;
  canVote: boolean;
  canComment: boolean;
  canTriage: boolean;
  /** Fresh idempotency keys for the comment and admin forms on this card. */
  commentId: string;
  statusActionId: string;
  mergeActionId: string;
  nextStatuses: readonly Status[];
  notice?: string | undefined;
}

/** Data of `cards/detail.json`. */
export interface DetailCardData {
  notice?: string;
  labels: {
    type: string;
    topic: string;
    status: string;
    votes: string;
    institution: string;
    created: string;
    reason: string;
    duplicateOf: string;
    description: string;
    impact: string;
    history: string;
    comments: string;
  };
  item: {
    ref: string;
    title: UserText;
    type: string;
    topic: string;
    status: string;
    votes: string;
    institution: UserText;
    created: string;
    reason?: UserText;
    duplicateOf?: string;
    description: UserText;
    impact?: UserText;
  };
  /** The newest events, one `- date: what (reason)` line each. */
  history?: string;
  noComments: string;
  commentsShown?: string;
  comments: Array<{ author: string; date: string; body: UserText }>;
  vote?: ButtonData;
  comment?: { title: string; label: string; maxLength: number; error: string; placeholder: string; button: ButtonData };
  admin?: {
    title: string;
    /** Shown when the status is final (no next statuses). */
    final?: string;
    status?: {
      label: string;
      error: string;
      value: string;
      choices: ChoiceData[];
      reasonLabel: string;
      reasonMaxLength: number;
      reasonError: string;
      button: ButtonData;
    };
    merge?: { label: string; regex: string; error: string; placeholder: string; button: ButtonData };
  };
  follow: LinkData;
  backToList: ButtonData;
}

const detailTemplate = defineCardTemplate<DetailCardData>('feedback/detail', detailJson);

/** Compaction levels tried in order until the card fits in Teams' size limit. */
const DETAIL_LEVELS = [
  { description: LIMITS.description, impact: LIMITS.impact, comments: 5, comment: LIMITS.comment, events: 10 },
  { description: 1500, impact: 500, comments: 3, comment: 400, events: 6 },
  { description: 500, impact: 200, comments: 1, comment: 200, events: 3 },
];

export function detailCard(options: DetailOptions): AdaptiveCard {
  let lastError: unknown;
  for (const level of DETAIL_LEVELS) {
    try {
      return buildDetail(options, level);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'CARD_TOO_LARGE') throw error;
      lastError = error;
    }
  }
  throw lastError;
}

function buildDetail(o: DetailOptions, level: (typeof DETAIL_LEVELS)[number]): AdaptiveCard {
  const { lang, item } = o;
  const t = feedbackText[lang];
  const events = o.events.slice(-level.events);
  const shown = o.comments.slice(-level.comments);
  const vote = o.canVote ? voteButton(item, lang, { view: true }) : null;
  return detailTemplate.expand({
    ...(o.notice ? { notice: o.notice } : {}),
    labels: {
      type: t.labelType,
      topic: t.labelTopic,
      status: t.labelStatus,
      votes: t.labelVotes,
      institution: t.labelInstitution,
      created: t.labelCreated,
      reason: t.labelReason,
      duplicateOf: t.labelDuplicateOf,
      description: t.detailDescription,
      impact: t.detailImpact,
      history: t.detailHistory,
      comments: t.detailComments,
    },
    item: {
      ref: item.ref,
      title: userText(item.title),
      type: typeLabel(item.type, lang),
      topic: topicLabel(item.topic, lang),
      status: statusLabel(item.status, lang),
      votes: String(item.votes),
      institution: userText(institutionLabel(item.institutionNames, lang) ?? t.noInstitution),
      created: formatDate(item.createdAt, lang),
      ...(item.statusReason ? { reason: userText(clip(item.statusReason, 500, lang)) } : {}),
      ...(item.duplicateOfRef ? { duplicateOf: item.duplicateOfRef } : {}),
      description: userText(clip(item.description, level.description, lang)),
      ...(item.impact ? { impact: userText(clip(item.impact, level.impact, lang)) } : {}),
    },
    ...(events.length ? { history: events.map((e) => historyLine(e, lang)).join('\n') } : {}),
    noComments: t.noComments,
    ...(shown.length < o.comments.length ? { commentsShown: t.commentsShown(shown.length, o.comments.length) } : {}),
    comments: shown.map((comment) => ({
      author: authorLabel(comment, lang),
      date: formatDate(comment.createdAt, lang),
      body: userText(clip(comment.body, level.comment, lang)),
    })),
    ...(vote ? { vote } : {}),
    ...(o.canComment
      ? {
          comment: {
            title: t.commentSend,
            label: t.commentLabel,
            maxLength: LIMITS.comment,
            error: t.errComment(LIMITS.comment),
            placeholder: t.commentPlaceholder,
            button: button(t.commentSend, VERBS.comment, { ref: item.ref, commentId: o.commentId }),
          },
        }
      : {}),
    ...(o.canTriage ? { admin: adminData(o) } : {}),
    follow: { title: t.followInTab, url: o.followUrl },
    backToList: button(t.backToList, VERBS.list),
  });
}

function adminData(o: DetailOptions): NonNullable<DetailCardData['admin']> {
  const { lang, item } = o;
  const t = feedbackText[lang];
  return {
    title: t.adminTitle,
    ...(o.nextStatuses.length
      ? {
          status: {
            label: t.adminNewStatus,
            error: t.errStatus,
            value: o.nextStatuses[0]!,
            choices: o.nextStatuses.map((s) => ({ title: statusLabel(s, lang), value: s })),
            reasonLabel: t.adminReason,
            reasonMaxLength: LIMITS.reason,
            reasonError: t.errMaxLength(LIMITS.reason),
            button: button(t.adminChangeStatus, VERBS.status, { ref: item.ref, actionId: o.statusActionId }),
          },
        }
      : { final: t.adminFinal }),
    ...(isOpen(item.status)
      ? {
          merge: {
            label: t.adminMergeTarget,
            // Same rule as the server, which also trims and upper-cases (card regexes take no flags).
            regex: MERGE_TARGET_REGEX,
            error: t.errMergeTarget,
            placeholder: 'KE-2026-0001',
            button: button(t.adminMerge, VERBS.merge, { ref: item.ref, actionId: o.mergeActionId }),
          },
        }
      : {}),
  };
}

// ------------------------------------------------------------------------------------ notifications

/** What every notification to a submitter shows: which item it is about, and a way to follow it in the tab. */
interface ItemNotificationData {
  title: string;
  item: { title: UserText };
  follow: LinkData;
}

/** Data of `cards/status-notification.json`. */
export interface StatusNotificationCardData extends ItemNotificationData {
  body: string;
  reason?: { label: string; text: UserText };
}

/** Data of `cards/merge-notification.json`. */
export interface MergeNotificationCardData extends ItemNotificationData {
  body: string;
  target: { ref: string; title: UserText };
}

/** Data of `cards/comment-notification.json`. */
export interface CommentNotificationCardData extends ItemNotificationData {
  from: string;
  comment: UserText;
}

const statusNotificationTemplate = defineCardTemplate<StatusNotificationCardData>('feedback/status-notification', statusNotificationJson);
const mergeNotificationTemplate = defineCardTemplate<MergeNotificationCardData>('feedback/merge-notification', mergeNotificationJson);
const commentNotificationTemplate = defineCardTemplate<CommentNotificationCardData>(
  'feedback/comment-notification',
  commentNotificationJson,
);

function aboutItem(o: { lang: Lang; item: FeedbackItem; followUrl: string }, title: string): ItemNotificationData {
  return { title, item: { title: userText(o.item.title) }, follow: { title: feedbackText[o.lang].followInTab, url: o.followUrl } };
}

export function statusNotificationCard(o: {
  lang: Lang;
  item: FeedbackItem;
  from: string;
  to: string;
  reason: string | null;
  followUrl: string;
}): AdaptiveCard {
  const t = feedbackText[o.lang];
  return statusNotificationTemplate.expand({
    ...aboutItem(o, t.notifyStatusTitle(o.item.ref)),
    body: t.notifyStatusBody(statusLabel(o.from, o.lang), statusLabel(o.to, o.lang)),
    ...(o.reason ? { reason: { label: t.labelReason, text: userText(clip(o.reason, 1000, o.lang)) } } : {}),
  });
}

export function mergeNotificationCard(o: { lang: Lang; item: FeedbackItem; target: FeedbackItem; followUrl: string }): AdaptiveCard {
  const t = feedbackText[o.lang];
  return mergeNotificationTemplate.expand({
    ...aboutItem(o, t.notifyMergedTitle(o.item.ref)),
    body: t.notifyMergedBody(o.target.ref),
    target: { ref: o.target.ref, title: userText(o.target.title) },
  });
}

export function commentNotificationCard(o: { lang: Lang; item: FeedbackItem; comment: FeedbackComment; followUrl: string }): AdaptiveCard {
  const t = feedbackText[o.lang];
  return commentNotificationTemplate.expand({
    ...aboutItem(o, t.notifyCommentTitle(o.item.ref)),
    from: t.notifyCommentFrom(authorLabel(o.comment, o.lang)),
    comment: userText(clip(o.comment.body, 1000, o.lang)),
  });
}

// ------------------------------------------------------------------------------------ to OPH

/** Data of `cards/new-item-for-oph.json`. */
export interface NewItemForOphCardData {
  title: string;
  labels: { type: string; topic: string; institution: string; submitter: string };
  /** `submitter`: the contact line, with the submitter's Teams name and e-mail (escaped) when they allowed contact. */
  item: { title: UserText; type: string; topic: string; institution: UserText; submitter: string; description: UserText };
  open: LinkData;
}

const newItemForOphTemplate = defineCardTemplate<NewItemForOphCardData>('feedback/new-item-for-oph', newItemForOphJson);

/**
 * A new item as OPH's channel sees it: the essentials to triage from and a link to it. Who sent it is
 * named only when they allowed contact (their Teams name and e-mail; `contact` is null otherwise).
 */
export function newItemForOphCard(o: {
  lang: Lang;
  item: FeedbackItem;
  contact: { name: string; email: string | null } | null;
  openUrl: string;
}): AdaptiveCard {
  const t = feedbackText[o.lang];
  const who = o.contact
    ? [o.contact.name, o.contact.email]
        .filter(Boolean)
        .map((v) => userText(String(v)))
        .join(', ')
    : '';
  return newItemForOphTemplate.expand({
    title: o.item.type === 'bug' ? t.ophNewBugTitle(o.item.ref) : t.ophNewTitle(o.item.ref),
    labels: { type: t.fieldType, topic: t.fieldTopic, institution: t.labelInstitution, submitter: t.ophSubmitter },
    item: {
      title: userText(o.item.title),
      type: typeLabel(o.item.type, o.lang),
      topic: topicLabel(o.item.topic, o.lang),
      institution: userText(institutionLabel(o.item.institutionNames, o.lang) ?? t.ophNoInstitution),
      submitter: o.item.contactOk ? `${who || '–'} (${t.ophContactAllowed})` : t.ophContactNotAllowed,
      description: userText(clip(o.item.description, 600, o.lang)),
    },
    open: { title: t.ophOpen, url: o.openUrl },
  });
}
