import {
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
import { isAppError } from '../../errors.js';
import type { Lang } from '../../i18n/index.js';
import type { FeedbackComment, FeedbackEvent, FeedbackItem, InstitutionNames } from '../../store/feedback-repository.js';
import { feedbackText, statusLabel, topicLabel, typeLabel } from './i18n.js';
import { FEEDBACK_TYPES, LIMITS, STATUSES, TOPICS, isOpen, type Status } from './model.js';
import type { FieldProblem, ListFilter } from './validation.js';

/** Action.Execute verbs of this capability (the router dispatches on them). */
export const VERBS = {
  open: 'feedback.open',
  submit: 'feedback.submit',
  list: 'feedback.list',
  view: 'feedback.view',
  vote: 'feedback.vote',
  unvote: 'feedback.unvote',
  comment: 'feedback.comment',
  status: 'feedback.status',
  merge: 'feedback.merge',
} as const;

/** Action.Execute with an Action.Submit fallback carrying the same verb, for clients without Universal Actions. */
function act(title: string, verb: string, data: Record<string, unknown> = {}, options: Record<string, unknown> = {}): CardAction {
  return execute(title, verb, data, { fallback: { type: 'Action.Submit', title, data: { verb, ...data } }, ...options });
}

function actionSet(actions: CardAction[]): CardElement {
  return { type: 'ActionSet', actions };
}

export function institutionLabel(names: InstitutionNames | null | undefined, lang: Lang): string | null {
  return names ? names[lang] || names.fi : null;
}

export function formatDate(iso: string, lang: Lang): string {
  const locale = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' }[lang];
  return new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Helsinki', dateStyle: 'short' }).format(new Date(iso));
}

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
  const body: CardElement[] = [heading(t.formTitle), text(t.formIntro)];
  if (options.notice) body.push(text(options.notice, { color: 'Attention', weight: 'Bolder' }));
  if (problems.length) {
    body.push({
      type: 'Container',
      style: 'attention',
      items: [text(t.problemsIntro, { weight: 'Bolder' }), ...problems.map((p) => text(`- ${p.message}`, { spacing: 'None' }))],
    });
  }
  body.push(
    {
      type: 'Input.ChoiceSet',
      id: 'type',
      label: t.fieldType,
      style: 'compact',
      isRequired: true,
      errorMessage: t.errType,
      placeholder: t.choose,
      choices: FEEDBACK_TYPES.map((value) => ({ title: typeLabel(value, lang), value })),
      ...(values.type ? { value: values.type } : {}),
    },
    {
      type: 'Input.ChoiceSet',
      id: 'topic',
      label: t.fieldTopic,
      style: 'compact',
      isRequired: true,
      errorMessage: t.errTopic,
      placeholder: t.choose,
      choices: TOPICS.map((value) => ({ title: topicLabel(value, lang), value })),
      ...(values.topic ? { value: values.topic } : {}),
    },
    {
      type: 'Input.Text',
      id: 'title',
      label: t.fieldTitle,
      isRequired: true,
      maxLength: LIMITS.title,
      errorMessage: t.errTitle(LIMITS.title),
      placeholder: t.placeholderTitle,
      ...(values.title ? { value: values.title } : {}),
    },
    {
      type: 'Input.Text',
      id: 'description',
      label: t.fieldDescription,
      isMultiline: true,
      isRequired: true,
      maxLength: LIMITS.description,
      errorMessage: t.errDescription(LIMITS.description),
      placeholder: t.placeholderDescription,
      ...(values.description ? { value: values.description } : {}),
    },
    {
      type: 'Input.Text',
      id: 'impact',
      label: t.fieldImpact,
      isMultiline: true,
      maxLength: LIMITS.impact,
      errorMessage: t.errMaxLength(LIMITS.impact),
      placeholder: t.placeholderImpact,
      ...(values.impact ? { value: values.impact } : {}),
    },
    facts([[t.fieldInstitution, options.institution ? userText(options.institution) : t.noInstitution]]),
    {
      type: 'Input.Toggle',
      id: 'contactOk',
      title: t.fieldContact,
      valueOn: 'true',
      valueOff: 'false',
      value: values.contactOk ? 'true' : 'false',
    },
    text(t.formPrivacy, { size: 'Small', isSubtle: true }),
  );
  return makeCard(body, [act(t.submit, VERBS.submit, { formId: options.formId })]);
}

// ------------------------------------------------------------------------------------ confirmation

export function confirmationCard(options: {
  lang: Lang;
  item: FeedbackItem;
  masked: boolean;
  repeated: boolean;
  followUrl: string;
}): AdaptiveCard {
  const { lang, item } = options;
  const t = feedbackText[lang];
  const body: CardElement[] = [heading(t.thanksTitle)];
  if (options.repeated) body.push(text(t.alreadyReceived, { isSubtle: true }));
  body.push(
    text(t.thanksBody(item.ref)),
    facts([
      [t.labelRef, item.ref],
      [t.labelType, typeLabel(item.type, lang)],
      [t.labelTopic, topicLabel(item.topic, lang)],
      [t.labelTitle, userText(item.title)],
      [t.labelStatus, statusLabel(item.status, lang)],
    ]),
  );
  if (options.masked) body.push(text(t.maskedNote, { color: 'Warning' }));
  return makeCard(body, [openUrl(t.followInTab, options.followUrl), act(t.showProposals, VERBS.list), act(t.newForm, VERBS.open)]);
}

// -------------------------------------------------------------------------------------------- list

function filterInputs(filter: ListFilter, lang: Lang): CardElement[] {
  const t = feedbackText[lang];
  const choiceSet = (id: string, label: string, value: string, choices: Array<[string, string]>): CardElement => ({
    type: 'Input.ChoiceSet',
    id,
    label,
    style: 'compact',
    value,
    choices: choices.map(([v, title]) => ({ title, value: v })),
  });
  return [
    {
      type: 'ColumnSet',
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [
            choiceSet('filterType', t.filterType, filter.filterType, [
              ['all', t.allTypes],
              ...FEEDBACK_TYPES.map((v): [string, string] => [v, typeLabel(v, lang)]),
            ]),
          ],
        },
        {
          type: 'Column',
          width: 'stretch',
          items: [
            choiceSet('filterTopic', t.filterTopic, filter.filterTopic, [
              ['all', t.allTopics],
              ...TOPICS.map((v): [string, string] => [v, topicLabel(v, lang)]),
            ]),
          ],
        },
      ],
    },
    {
      type: 'ColumnSet',
      columns: [
        {
          type: 'Column',
          width: 'stretch',
          items: [
            choiceSet('filterStatus', t.filterStatus, filter.filterStatus, [
              ['open', t.statusOpen],
              ['all', t.statusAll],
              ...STATUSES.map((v): [string, string] => [v, statusLabel(v, lang)]),
            ]),
          ],
        },
        {
          type: 'Column',
          width: 'stretch',
          items: [
            choiceSet('filterSort', t.filterSort, filter.filterSort, [
              ['votes', t.sortVotes],
              ['recent', t.sortRecent],
            ]),
          ],
        },
      ],
    },
  ];
}

function voteButton(item: FeedbackItem, lang: Lang, data: Record<string, unknown>): CardAction | null {
  const t = feedbackText[lang];
  if (item.votedByViewer) return act(t.unvote, VERBS.unvote, { ref: item.ref, ...data });
  if (isOpen(item.status)) return act(t.vote, VERBS.vote, { ref: item.ref, ...data });
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
  const body: CardElement[] = [
    heading(t.listTitle),
    ...filterInputs(filter, lang),
    actionSet([act(t.applyFilters, VERBS.list, { page: 0 })]),
  ];
  if (!items.length) body.push(text(t.listEmpty, { isSubtle: true }));
  for (const item of items) {
    const buttons = [voteButton(item, lang, pageData), act(t.open, VERBS.view, { ref: item.ref })].filter(
      (b): b is CardAction => b !== null,
    );
    body.push({
      type: 'Container',
      separator: true,
      items: [
        text(`**${item.ref}** ${userText(clip(item.title, LIMITS.title, lang))}`),
        text(summaryLine(item, lang), { isSubtle: true, size: 'Small', spacing: 'None' }),
        actionSet(buttons),
      ],
    });
  }
  const shownUpTo = filter.page * LIST_PAGE_SIZE + items.length;
  if (total > 0) body.push(text(t.listCount(shownUpTo, total), { isSubtle: true, size: 'Small' }));
  const actions: CardAction[] = [];
  if (filter.page > 0) actions.push(act(t.previousPage, VERBS.list, { page: filter.page - 1 }));
  if (shownUpTo < total) actions.push(act(t.nextPage, VERBS.list, { page: filter.page + 1 }));
  actions.push(act(t.newForm, VERBS.open));
  return makeCard(body, actions);
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
  const body: CardElement[] = [];
  if (o.notice) body.push(text(o.notice, { color: 'Good', weight: 'Bolder' }));
  body.push(heading(`${item.ref} ${userText(item.title)}`));
  const rows: Array<[string, string]> = [
    [t.labelType, typeLabel(item.type, lang)],
    [t.labelTopic, topicLabel(item.topic, lang)],
    [t.labelStatus, statusLabel(item.status, lang)],
    [t.labelVotes, String(item.votes)],
    [t.labelInstitution, userText(institutionLabel(item.institutionNames, lang) ?? t.noInstitution)],
    [t.labelCreated, formatDate(item.createdAt, lang)],
  ];
  if (item.statusReason) rows.push([t.labelReason, userText(clip(item.statusReason, 500, lang))]);
  if (item.duplicateOfRef) rows.push([t.labelDuplicateOf, item.duplicateOfRef]);
  body.push(facts(rows));
  body.push(text(t.detailDescription, { weight: 'Bolder' }), text(userText(clip(item.description, level.description, lang))));
  if (item.impact) body.push(text(t.detailImpact, { weight: 'Bolder' }), text(userText(clip(item.impact, level.impact, lang))));

  const events = o.events.slice(-level.events);
  if (events.length)
    body.push(text(t.detailHistory, { weight: 'Bolder' }), text(events.map((e) => historyLine(e, lang)).join('\n'), { size: 'Small' }));

  body.push(text(t.detailComments, { weight: 'Bolder' }));
  const shown = o.comments.slice(-level.comments);
  if (!shown.length) body.push(text(t.noComments, { isSubtle: true }));
  if (shown.length < o.comments.length)
    body.push(text(t.commentsShown(shown.length, o.comments.length), { isSubtle: true, size: 'Small' }));
  for (const comment of shown) {
    body.push({
      type: 'Container',
      separator: true,
      items: [
        text(`${authorLabel(comment, lang)} · ${formatDate(comment.createdAt, lang)}`, { isSubtle: true, size: 'Small' }),
        text(userText(clip(comment.body, level.comment, lang)), { spacing: 'None' }),
      ],
    });
  }

  const actions: CardAction[] = [];
  const vote = o.canVote ? voteButton(item, lang, { view: true }) : null;
  if (vote) actions.push(vote);
  if (o.canComment) {
    actions.push({
      type: 'Action.ShowCard',
      title: t.commentSend,
      card: {
        type: 'AdaptiveCard',
        body: [
          {
            type: 'Input.Text',
            id: 'comment',
            isMultiline: true,
            isRequired: true,
            maxLength: LIMITS.comment,
            errorMessage: t.errComment(LIMITS.comment),
            placeholder: t.commentPlaceholder,
          },
        ],
        actions: [act(t.commentSend, VERBS.comment, { ref: item.ref, commentId: o.commentId })],
      },
    });
  }
  if (o.canTriage) actions.push(adminShowCard(o));
  actions.push(openUrl(t.followInTab, o.followUrl));
  actions.push(act(t.backToList, VERBS.list));
  return makeCard(body, actions);
}

function adminShowCard(o: DetailOptions): CardAction {
  const { lang, item } = o;
  const t = feedbackText[lang];
  const body: CardElement[] = [];
  const actions: CardAction[] = [];
  if (!o.nextStatuses.length) body.push(text(t.adminFinal, { isSubtle: true }));
  else {
    body.push(
      {
        type: 'Input.ChoiceSet',
        id: 'status',
        label: t.adminNewStatus,
        style: 'compact',
        isRequired: true,
        errorMessage: t.errStatus,
        value: o.nextStatuses[0],
        choices: o.nextStatuses.map((s) => ({ title: statusLabel(s, lang), value: s })),
      },
      {
        type: 'Input.Text',
        id: 'reason',
        label: t.adminReason,
        isMultiline: true,
        maxLength: LIMITS.reason,
        errorMessage: t.errMaxLength(LIMITS.reason),
      },
      actionSet([act(t.adminChangeStatus, VERBS.status, { ref: item.ref, actionId: o.statusActionId })]),
    );
  }
  if (isOpen(item.status)) {
    body.push(
      {
        type: 'Input.Text',
        id: 'targetRef',
        label: t.adminMergeTarget,
        // Same rule as the server, which also trims and upper-cases (card regexes take no flags).
        regex: MERGE_TARGET_REGEX,
        errorMessage: t.errMergeTarget,
        placeholder: 'KE-2026-0001',
      },
      actionSet([act(t.adminMerge, VERBS.merge, { ref: item.ref, actionId: o.mergeActionId })]),
    );
  }
  return { type: 'Action.ShowCard', title: t.adminTitle, card: { type: 'AdaptiveCard', body, ...(actions.length ? { actions } : {}) } };
}

// ------------------------------------------------------------------------------------ notifications

export function statusNotificationCard(o: {
  lang: Lang;
  item: FeedbackItem;
  from: string;
  to: string;
  reason: string | null;
  followUrl: string;
}): AdaptiveCard {
  const t = feedbackText[o.lang];
  const body: CardElement[] = [
    heading(t.notifyStatusTitle(o.item.ref)),
    text(userText(o.item.title), { weight: 'Bolder' }),
    text(t.notifyStatusBody(statusLabel(o.from, o.lang), statusLabel(o.to, o.lang))),
  ];
  if (o.reason) body.push(facts([[t.labelReason, userText(clip(o.reason, 1000, o.lang))]]));
  return makeCard(body, [openUrl(t.followInTab, o.followUrl)]);
}

export function mergeNotificationCard(o: { lang: Lang; item: FeedbackItem; target: FeedbackItem; followUrl: string }): AdaptiveCard {
  const t = feedbackText[o.lang];
  return makeCard(
    [
      heading(t.notifyMergedTitle(o.item.ref)),
      text(userText(o.item.title), { weight: 'Bolder' }),
      text(t.notifyMergedBody(o.target.ref)),
      facts([[o.target.ref, userText(o.target.title)]]),
    ],
    [openUrl(t.followInTab, o.followUrl)],
  );
}

export function commentNotificationCard(o: { lang: Lang; item: FeedbackItem; comment: FeedbackComment; followUrl: string }): AdaptiveCard {
  const t = feedbackText[o.lang];
  return makeCard(
    [
      heading(t.notifyCommentTitle(o.item.ref)),
      text(userText(o.item.title), { weight: 'Bolder' }),
      text(t.notifyCommentFrom(authorLabel(o.comment, o.lang)), { isSubtle: true, size: 'Small' }),
      text(userText(clip(o.comment.body, 1000, o.lang))),
    ],
    [openUrl(t.followInTab, o.followUrl)],
  );
}

// ------------------------------------------------------------------------------------ to OPH

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
  const who = o.contact ? [o.contact.name, o.contact.email].filter(Boolean).map((v) => userText(String(v))).join(', ') : '';
  const rows: Array<[string, string]> = [
    [t.fieldType, typeLabel(o.item.type, o.lang)],
    [t.fieldTopic, topicLabel(o.item.topic, o.lang)],
    [t.labelInstitution, userText(institutionLabel(o.item.institutionNames, o.lang) ?? t.ophNoInstitution)],
    [t.ophSubmitter, o.item.contactOk ? `${who || '–'} (${t.ophContactAllowed})` : t.ophContactNotAllowed],
  ];
  return makeCard(
    [
      heading(o.item.type === 'bug' ? t.ophNewBugTitle(o.item.ref) : t.ophNewTitle(o.item.ref)),
      text(userText(o.item.title), { weight: 'Bolder' }),
      facts(rows),
      text(userText(clip(o.item.description, 600, o.lang))),
    ],
    [openUrl(t.ophOpen, o.openUrl)],
  );
}
