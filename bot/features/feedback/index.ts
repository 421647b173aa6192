import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { authorize } from '../../auth/authorize.js';
import { can, type UserContext } from '../../auth/roles.js';
import { AppError } from '../../errors.js';
import { maskPersonalIds } from '../../privacy.js';
import type { Lang } from '../../i18n/index.js';
import type { ActionResult, Feature, Reply, TurnInput } from '../types.js';
import { confirmationCard, detailCard, formCard, keptValues, listCard, LIST_PAGE_SIZE, type FormValues } from './cards.js';
import { LEGACY_VERB_ALIASES, VERBS } from './verbs.js';
import { feedbackText, statusLabel } from './i18n.js';
import { nextStatuses } from './lifecycle.js';
import { LIMITS } from './model.js';
import { createFeedbackService, FeedbackRefusal, type FeedbackDeps, type FeedbackService } from './service.js';
import {
  commentSchema,
  describeProblems,
  formIdSchema,
  listFilterSchema,
  mergeSchema,
  refSchema,
  requestIdSchema,
  statusChangeSchema,
  submissionSchema,
  type ListFilter,
} from './validation.js';

export { feedbackTabRoutes } from './tab-routes.js';
export { feedbackTabUrl } from './model.js';
export { VERBS as FEEDBACK_VERBS, LEGACY_VERB_ALIASES as FEEDBACK_LEGACY_VERB_ALIASES } from './verbs.js';
export type { FeedbackDeps } from './service.js';

/** Words that open the form, in every language (the router matches them case-insensitively). */
export const FEEDBACK_FORM_COMMANDS = ['palaute', 'kehitysehdotus', 'feedback', 'proposal', 'respons', 'förslag', 'utvecklingsförslag'];
/** Words that list the proposals. */
export const FEEDBACK_LIST_COMMANDS = ['ehdotukset', 'kehitysehdotukset', 'proposals', 'förslagen', 'utvecklingsförslagen'];

type ActionInput = TurnInput & { verb: string; value: Record<string, unknown> };

/**
 * Feedback and development proposals in the bot: the form, the proposals list with votes, the item
 * view with comments, and OPH's triage (status and duplicate merge) — all as Adaptive Cards.
 */
export function createFeedbackFeature(deps: FeedbackDeps): Feature {
  const service = createFeedbackService(deps);
  const handlers: Record<string, (input: ActionInput) => Promise<ActionResult>> = {
    [VERBS.open]: async (input) => ({ kind: 'card', card: (await openForm(service, input.user, input.lang)).card }),
    [VERBS.submit]: (input) => submit(service, deps, input),
    [VERBS.list]: async (input) => ({
      kind: 'card',
      card: await listView(service, input.user, input.lang, listFilterSchema.parse(input.value)),
    }),
    [VERBS.view]: async (input) => ({
      kind: 'card',
      card: await detailView(service, deps, input.user, input.lang, parseRef(input.value.ref)),
    }),
    [VERBS.vote]: (input) => vote(service, deps, input, true),
    [VERBS.unvote]: (input) => vote(service, deps, input, false),
    [VERBS.comment]: (input) => comment(service, deps, input),
    [VERBS.status]: (input) => changeStatus(service, deps, input),
    [VERBS.merge]: (input) => merge(service, deps, input),
  };

  return {
    name: 'feedback',
    // Renamed verbs (none yet) keep answering as their new names, for cards already posted.
    legacyVerbs: LEGACY_VERB_ALIASES,
    commands: [
      {
        names: FEEDBACK_FORM_COMMANDS,
        run: async (input) => {
          // "palaute <text>" starts the description with the rest of the message (masked: the form is a reply).
          const rest = maskPersonalIds(input.text.replace(/^\S+\s*/u, '')).text.slice(0, LIMITS.description);
          return [await openForm(service, input.user, input.lang, rest ? { description: rest } : undefined)];
        },
      },
      {
        names: FEEDBACK_LIST_COMMANDS,
        run: async (input) => [
          {
            kind: 'card',
            card: await listView(service, input.user, input.lang, listFilterSchema.parse({})),
            summary: feedbackText[input.lang].listTitle,
          },
        ],
      },
    ],
    actions: [
      {
        verbs: Object.values(VERBS),
        async run(input) {
          const handler = handlers[input.verb];
          if (!handler) throw new AppError('NOT_FOUND', 'unknown feedback verb');
          try {
            return await handler(input);
          } catch (error) {
            // Refusals with their own explanation are answered here; other errors go to the router's mapping.
            if (error instanceof FeedbackRefusal) return { kind: 'message', text: error.describe(input.lang) };
            throw error;
          }
        },
      },
    ],
  };
}

function parseRef(value: unknown): string {
  const parsed = refSchema.safeParse(value);
  if (!parsed.success) throw new AppError('NOT_FOUND', 'malformed reference');
  return parsed.data;
}

async function openForm(service: FeedbackService, user: UserContext, lang: Lang, values?: FormValues): Promise<Reply & { kind: 'card' }> {
  authorize(user, 'give-feedback');
  const institution = await service.institutionName(user, lang);
  return { kind: 'card', card: formCard({ lang, formId: randomUUID(), institution, values }), summary: feedbackText[lang].formTitle };
}

async function submit(service: FeedbackService, deps: FeedbackDeps, input: ActionInput): Promise<ActionResult> {
  const { user, lang, value } = input;
  authorize(user, 'give-feedback');
  const institution = await service.institutionName(user, lang);
  const formId = formIdSchema.safeParse(value.formId);
  if (!formId.success) {
    // Without a valid idempotency key the submit cannot be made safe: hand back a fresh form, input kept.
    return {
      kind: 'card',
      card: formCard({ lang, formId: randomUUID(), institution, values: keptValues(value), notice: feedbackText[lang].formExpired }),
    };
  }
  const parsed = submissionSchema.safeParse(value);
  if (!parsed.success) {
    const problems = describeProblems(parsed.error, value, lang);
    return { kind: 'card', card: formCard({ lang, formId: formId.data, institution, values: keptValues(value), problems }) };
  }
  const result = await service.submit(user, parsed.data, formId.data, input.now);
  return {
    kind: 'card',
    card: confirmationCard({
      lang,
      item: result.item,
      masked: result.masked,
      repeated: !result.created,
      followUrl: deps.tabUrl(result.item.ref),
    }),
  };
}

function filterToRequest(filter: ListFilter) {
  return {
    types: filter.filterType === 'all' ? [] : [filter.filterType],
    topics: filter.filterTopic === 'all' ? [] : [filter.filterTopic],
    statuses: filter.filterStatus === 'all' ? [] : [filter.filterStatus],
    sort: filter.filterSort,
    limit: LIST_PAGE_SIZE,
    offset: filter.page * LIST_PAGE_SIZE,
  };
}

async function listView(service: FeedbackService, user: UserContext, lang: Lang, filter: ListFilter) {
  const { items, total } = await service.list(user, filterToRequest(filter));
  return listCard({ lang, items, total, filter });
}

async function detailView(service: FeedbackService, deps: FeedbackDeps, user: UserContext, lang: Lang, ref: string, notice?: string) {
  const { item, comments, events } = await service.detail(user, ref);
  const canTriage = can(user, 'triage-feedback');
  return detailCard({
    lang,
    item,
    comments,
    events,
    followUrl: deps.tabUrl(item.ref),
    canVote: can(user, 'vote'),
    canComment: can(user, 'give-feedback'),
    canTriage,
    commentId: randomUUID(),
    statusActionId: randomUUID(),
    mergeActionId: randomUUID(),
    nextStatuses: canTriage ? nextStatuses(item.status) : [],
    notice,
  });
}

async function vote(service: FeedbackService, deps: FeedbackDeps, input: ActionInput, add: boolean): Promise<ActionResult> {
  const ref = parseRef(input.value.ref);
  if (add) await service.vote(input.user, ref, input.now);
  else await service.unvote(input.user, ref);
  // A vote from an item's own card returns to that card; from the list, to the list as it was filtered.
  if (input.value.view === true || input.value.view === 'true') {
    return { kind: 'card', card: await detailView(service, deps, input.user, input.lang, ref) };
  }
  return { kind: 'card', card: await listView(service, input.user, input.lang, listFilterSchema.parse(input.value)) };
}

/**
 * Reads a detail-card action on one item: the item's reference, the card's own id for this action
 * (missing: the card is out of date) and the action's fields — or the short message that answers it.
 */
function readItemAction<T>(
  input: ActionInput,
  idField: 'commentId' | 'actionId',
  schema: z.ZodType<T>,
  invalidText?: string,
): { ok: true; ref: string; requestId: string; data: T } | { ok: false; answer: ActionResult } {
  const { lang, value } = input;
  const ref = parseRef(value.ref);
  const requestId = requestIdSchema.safeParse(value[idField]);
  if (!requestId.success) return { ok: false, answer: { kind: 'message', text: feedbackText[lang].formExpired } };
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    return { ok: false, answer: invalidText ? { kind: 'message', text: invalidText } : problemsMessage(parsed.error, value, lang) };
  return { ok: true, ref, requestId: requestId.data, data: parsed.data };
}

async function comment(service: FeedbackService, deps: FeedbackDeps, input: ActionInput): Promise<ActionResult> {
  const { user, lang } = input;
  const action = readItemAction(input, 'commentId', commentSchema);
  if (!action.ok) return action.answer;
  const result = await service.comment(user, action.ref, action.data.comment, action.requestId, input.now);
  const t = feedbackText[lang];
  const notice = result.masked ? `${t.commentAdded} ${t.maskedNote}` : t.commentAdded;
  return { kind: 'card', card: await detailView(service, deps, user, lang, action.ref, notice) };
}

/** A refused comment or status change: the named problems as one short message. */
function problemsMessage(error: Parameters<typeof describeProblems>[0], value: Record<string, unknown>, lang: Lang): ActionResult {
  return {
    kind: 'message',
    text: describeProblems(error, value, lang)
      .map((p) => p.message)
      .join(' '),
  };
}

async function changeStatus(service: FeedbackService, deps: FeedbackDeps, input: ActionInput): Promise<ActionResult> {
  const { user, lang } = input;
  // Refuse before looking at the payload: a non-admin learns nothing from a forged status submit.
  authorize(user, 'triage-feedback');
  const action = readItemAction(input, 'actionId', statusChangeSchema);
  if (!action.ok) return action.answer;
  const result = await service.changeStatus(user, action.ref, action.data.status, action.data.reason, action.requestId, input.now);
  const notice = `${result.item.ref}: ${feedbackText[lang].labelStatus} ${statusLabel(result.item.status, lang)}`;
  return { kind: 'card', card: await detailView(service, deps, user, lang, action.ref, notice) };
}

async function merge(service: FeedbackService, deps: FeedbackDeps, input: ActionInput): Promise<ActionResult> {
  const { user, lang } = input;
  authorize(user, 'triage-feedback');
  const action = readItemAction(input, 'actionId', mergeSchema, feedbackText[lang].mergeTargetMissing);
  if (!action.ok) return action.answer;
  const result = await service.merge(user, action.ref, action.data.targetRef, action.requestId, input.now);
  const notice = feedbackText[lang].historyMergedInto(result.target.ref);
  return { kind: 'card', card: await detailView(service, deps, user, lang, action.ref, notice) };
}
