/**
 * Change announcements in the bot: OPH's admins write (`tiedote`), preview, approve, send or
 * schedule, revise, retract and follow delivery; every reader can acknowledge ("Kuittaa luetuksi").
 * Delivery itself is the outbox worker's job (createOutboxWorker), publishing at the scheduled time the
 * scheduler's (createAnnouncementScheduler); this module never sends in a turn.
 */
import { randomUUID } from 'node:crypto';
import { ZodError } from 'zod';
import { can, type UserContext } from '../../auth/roles.js';
import { AppError, isAppError } from '../../errors.js';
import { errorMessage } from '../../i18n/core.js';
import type { Lang } from '../../i18n/index.js';
import type { ActionResult, Feature, Reply, TurnInput } from '../types.js';
import type { AdaptiveCard } from '../../cards/card.js';
import { announcementText } from './i18n.js';
import { targetChoices } from './audience.js';
import {
  adminCard,
  announcementCard,
  readerStateOf,
  formCard,
  listCard,
  messageCard,
  reportCard,
  listButton,
  valuesOf,
  type FormValues,
  type ReaderView,
} from './cards.js';
import { formatHelsinki } from '../../i18n/dates.js';
import type { Announcement } from './model.js';
import { LEGACY_VERB_ALIASES, VERBS } from './verbs.js';
import {
  AnnouncementProblems,
  AnnouncementRefusal,
  createAnnouncementsService,
  type AnnouncementsDeps,
  type AnnouncementsService,
  type Outcome,
} from './service.js';
import { cardRefSchema, checkDraft, checkRevision, formValuesSchema, problemMessage, rawFromForm } from './validation.js';
import { refusalLabel } from './labels.js';

export { announcementsTabRoutes } from './tab-routes.js';
export { createOutboxWorker, type OutboxWorker, type OutboxWorkerOptions, type WorkerStats, type WorkerEvent } from './outbox-worker.js';
export { createAnnouncementScheduler, type AnnouncementScheduler } from './scheduler.js';
export { createAnnouncementsService, type AnnouncementsDeps } from './service.js';
export { linkPolicyFromConfig } from './validation.js';
export { VERBS as ANNOUNCEMENT_VERBS, LEGACY_VERB_ALIASES as ANNOUNCEMENT_LEGACY_VERB_ALIASES } from './verbs.js';

export const ANNOUNCEMENT_FORM_COMMANDS = ['tiedote', 'uusi tiedote', 'meddelande', 'nytt meddelande', 'announce', 'new announcement'];
export const ANNOUNCEMENT_LIST_COMMANDS = ['tiedotteet', 'meddelanden', 'announcements'];

type ActionInput = TurnInput & { verb: string; value: Record<string, unknown> };

/** Card data that does not fit the schema is the sender's problem (VALIDATION), not an internal error. */
function malformedAsValidation(error: unknown): unknown {
  return error instanceof ZodError ? new AppError('VALIDATION', 'malformed card data') : error;
}

export function createAnnouncementsFeature(deps: AnnouncementsDeps): Feature {
  const service = createAnnouncementsService(deps);

  const refusal = (lang: Lang): ActionResult => ({ kind: 'message', text: announcementText[lang].refusal });

  async function newForm(
    input: TurnInput,
    values: FormValues = {},
    problems: string[] = [],
    ref: { formId?: string; announcementId?: string; version?: number } = {},
  ) {
    const active = await deps.conversations.listActive();
    return formCard(input.lang, {
      mode: ref.announcementId ? 'edit' : 'new',
      values,
      problems,
      formId: ref.formId ?? randomUUID(),
      ...(ref.announcementId ? { announcementId: ref.announcementId } : {}),
      ...(ref.version !== undefined ? { version: ref.version } : {}),
      targets: targetChoices(active, input.lang),
    });
  }

  /** The author's card for an announcement, with the real card as preview (embedded, or as its own message when too big). */
  async function adminResult(
    user: UserContext,
    lang: Lang,
    a: Announcement,
    message?: string,
    notices: string[] = [],
  ): Promise<ActionResult> {
    // The send and approve confirmations name how many conversations the announcement would reach.
    const audienceSize = a.status === 'draft' || a.status === 'pending_approval' ? await service.audienceSize(a) : undefined;
    const preview =
      a.status === 'deleted'
        ? null
        : announcementCard(
            a,
            readerStateOf(a),
            { mode: 'multi' },
            {
              // The "not sent yet" banner belongs to announcements that have not gone out.
              preview: a.status === 'draft' || a.status === 'pending_approval' || a.status === 'scheduled',
            },
          );
    const { card, previewEmbedded } = adminCard(
      lang,
      {
        announcement: a,
        approval: service.approval,
        canApprove: service.canApprove(user, a),
        message,
        notices,
        keyFor: () => randomUUID(),
        ...(audienceSize !== undefined ? { audienceSize } : {}),
      },
      preview,
    );
    return {
      kind: 'card',
      card,
      ...(preview && !previewEmbedded ? { followUps: [{ kind: 'card', card: preview, summary: a.title.fi } as Reply] } : {}),
    };
  }

  /**
   * The form again with the problems on top; when the typed text itself is too big to fit in a card,
   * only the problems, as a message — the client keeps the form and what was typed into it.
   */
  async function formOrMessage(messages: string[], render: () => Promise<AdaptiveCard>): Promise<ActionResult> {
    try {
      return { kind: 'card', card: await render() };
    } catch (error) {
      if (isAppError(error) && error.code === 'CARD_TOO_LARGE') return { kind: 'message', text: messages.join(' ') };
      throw error;
    }
  }

  function outcomeMessage(outcome: Outcome, lang: Lang): string | undefined {
    const t = announcementText[lang];
    const a = outcome.announcement;
    switch (outcome.event) {
      case 'saved':
      case 'unchanged':
        return t.saved;
      case 'submitted':
        return t.submitted;
      case 'scheduled':
        return t.approvedScheduled(formatHelsinki(a.scheduledAt ?? new Date().toISOString(), lang));
      case 'published':
        return t.publishing(outcome.count ?? 0);
      case 'rejected':
        return t.rejected;
      case 'unscheduled':
        return t.unscheduled;
      case 'duplicated':
        return t.duplicated;
      case 'deleted':
        return t.deleted;
      case 'revised':
        return t.revised(outcome.count ?? 0);
      case 'retracted':
        return t.retracted(outcome.count ?? 0);
      case 'resend':
        return t.resendQueued(outcome.count ?? 0);
      case 'retry-retraction':
        return t.retractionRetryQueued(outcome.count ?? 0);
      default:
        return undefined;
    }
  }

  /** Runs an admin step and answers with the admin card; conflicts and refusals show the fresh state with an explanation. */
  async function adminStep(
    input: ActionInput,
    work: (ref: { id: string; version: number; key: string | undefined }) => Promise<Outcome>,
  ): Promise<ActionResult> {
    const ref = cardRefSchema.parse(input.value);
    if (!ref.announcementId) throw new AppError('VALIDATION', 'announcement id missing');
    const id = ref.announcementId;
    try {
      const outcome = await work({ id, version: ref.version ?? 0, key: ref.actionKey });
      if (outcome.event === 'deleted')
        return { kind: 'card', card: messageCard(announcementText[input.lang].deleted, [listButton(input.lang)]) };
      return adminResult(input.user, input.lang, outcome.announcement, outcomeMessage(outcome, input.lang));
    } catch (error) {
      return refusedStep(input, id, error);
    }
  }

  /**
   * A step the rules refused, or that lost a race (CONFLICT): the announcement's fresh state with why
   * nothing happened. Any other error is thrown on.
   */
  async function refusedStep(input: ActionInput, id: string, error: unknown): Promise<ActionResult> {
    if (!(error instanceof AnnouncementRefusal || (isAppError(error) && error.code === 'CONFLICT'))) throw error;
    const current = await service.get(input.user, id);
    const text = error instanceof AnnouncementRefusal ? refusalLabel(error.reason, input.lang) : errorMessage('CONFLICT', input.lang);
    return adminResult(input.user, input.lang, current, undefined, [text]);
  }

  async function save(input: ActionInput): Promise<ActionResult> {
    const values = formValuesSchema.parse(input.value);
    const ref = cardRefSchema.parse(input.value);
    const { problems, draft } = checkDraft(rawFromForm(values), input.now, deps.linkPolicy);
    if (!draft) {
      const messages = problems.map((p) => problemMessage(p, input.lang));
      return formOrMessage(messages, () =>
        newForm(input, values, messages, {
          ...(ref.formId ? { formId: ref.formId } : {}),
          ...(ref.announcementId ? { announcementId: ref.announcementId, version: ref.version ?? 0 } : {}),
        }),
      );
    }
    const notices = draft.masked ? [announcementText[input.lang].masked] : [];
    try {
      const outcome = ref.announcementId
        ? await service.updateDraft(input.user, ref.announcementId, ref.version ?? 0, draft)
        : await service.createDraft(input.user, draft, ref.formId);
      return adminResult(input.user, input.lang, outcome.announcement, outcomeMessage(outcome, input.lang), notices);
    } catch (error) {
      // A new draft has no earlier state to show.
      if (!ref.announcementId) throw error;
      return refusedStep(input, ref.announcementId, error);
    }
  }

  async function revise(input: ActionInput): Promise<ActionResult> {
    const values = formValuesSchema.parse(input.value);
    const ref = cardRefSchema.parse(input.value);
    if (!ref.announcementId) throw new AppError('VALIDATION', 'announcement id missing');
    const raw = rawFromForm(values);
    const { problems, revision } = checkRevision(
      { ...raw, kind: values.revisionKind ?? 'update', note: { fi: values.noteFi, sv: values.noteSv, en: values.noteEn } },
      deps.linkPolicy,
    );
    if (!revision) {
      const messages = problems.map((p) => problemMessage(p, input.lang));
      const announcementId = ref.announcementId;
      return formOrMessage(messages, async () =>
        formCard(input.lang, {
          mode: 'revise',
          values,
          problems: messages,
          formId: ref.formId ?? randomUUID(),
          announcementId,
          version: ref.version ?? 0,
          targets: [],
        }),
      );
    }
    return adminStep(input, ({ id, version }) => service.revise(input.user, id, version, revision, ref.formId));
  }

  /** The reader's own view of a sent card: acknowledged or not, in a channel all languages, in a personal chat theirs. */
  function readerView(input: TurnInput): ReaderView {
    return input.conversation.kind === 'personal' ? { mode: 'single', lang: input.lang } : { mode: 'multi' };
  }

  async function acknowledge(input: ActionInput): Promise<ActionResult> {
    const ref = cardRefSchema.parse(input.value);
    if (!ref.announcementId) throw new AppError('VALIDATION', 'announcement id missing');
    const result = await service.acknowledge(input.user, ref.announcementId, input.conversation.id || null);
    const t = announcementText[input.lang];
    if (result.state !== 'ok') return { kind: 'message', text: result.state === 'retracted' ? t.ackRetracted : t.notPublishedAck };
    const a = result.announcement;
    const card = announcementCard(a, readerStateOf(a), readerView(input), { ackedAt: result.ackedAt, ackLang: input.lang });
    return { kind: 'card', card };
  }

  async function refresh(input: ActionInput): Promise<ActionResult> {
    const ref = cardRefSchema.parse(input.value);
    if (!ref.announcementId) throw new AppError('VALIDATION', 'announcement id missing');
    const { announcement: a, ackedAt } = await service.ackOf(input.user, ref.announcementId);
    if (a.status === 'retracted') return { kind: 'message', text: announcementText[input.lang].ackRetracted };
    const card = announcementCard(a, readerStateOf(a), readerView(input), { ackedAt, ackLang: input.lang });
    return { kind: 'card', card };
  }

  async function list(user: UserContext, lang: Lang) {
    return listCard(lang, await service.list(user));
  }

  const adminHandlers: Record<string, (input: ActionInput) => Promise<ActionResult>> = {
    [VERBS.form]: async (input) => {
      const ref = cardRefSchema.parse(input.value);
      if (!ref.announcementId) return { kind: 'card', card: await newForm(input) };
      const a = await service.get(input.user, ref.announcementId);
      if (!['draft', 'pending_approval', 'scheduled'].includes(a.status))
        return adminResult(input.user, input.lang, a, undefined, [announcementText[input.lang].notEditable]);
      return { kind: 'card', card: await newForm(input, valuesOf(a), [], { announcementId: a.id, version: a.version }) };
    },
    [VERBS.save]: save,
    [VERBS.send]: (input) => adminStep(input, ({ id, version, key }) => service.submit(input.user, id, version, key)),
    [VERBS.approve]: (input) => adminStep(input, ({ id, version, key }) => service.approve(input.user, id, version, key)),
    [VERBS.reject]: (input) => adminStep(input, ({ id, version, key }) => service.reject(input.user, id, version, key)),
    [VERBS.unschedule]: (input) => adminStep(input, ({ id, version, key }) => service.unschedule(input.user, id, version, key)),
    [VERBS.duplicate]: (input) => adminStep(input, ({ id, key }) => service.duplicate(input.user, id, key)),
    [VERBS.remove]: (input) => adminStep(input, ({ id, version, key }) => service.remove(input.user, id, version, key)),
    [VERBS.retract]: (input) => adminStep(input, ({ id, version, key }) => service.retract(input.user, id, version, key)),
    [VERBS.resendFailed]: (input) => adminStep(input, ({ id, key }) => service.resendFailed(input.user, id, key)),
    [VERBS.revise]: revise,
    [VERBS.reviseForm]: async (input) => {
      const ref = cardRefSchema.parse(input.value);
      if (!ref.announcementId) throw new AppError('VALIDATION', 'announcement id missing');
      const a = await service.get(input.user, ref.announcementId);
      if (a.status !== 'published') return adminResult(input.user, input.lang, a, undefined, [announcementText[input.lang].notEditable]);
      return {
        kind: 'card',
        card: formCard(input.lang, {
          mode: 'revise',
          values: valuesOf(a),
          formId: randomUUID(),
          announcementId: a.id,
          version: a.version,
          targets: [],
        }),
      };
    },
    [VERBS.view]: async (input) => {
      const ref = cardRefSchema.parse(input.value);
      if (!ref.announcementId) throw new AppError('VALIDATION', 'announcement id missing');
      return adminResult(input.user, input.lang, await service.get(input.user, ref.announcementId));
    },
    [VERBS.list]: async (input) => ({ kind: 'card', card: await list(input.user, input.lang) }),
    [VERBS.report]: async (input) => {
      const ref = cardRefSchema.parse(input.value);
      if (!ref.announcementId) throw new AppError('VALIDATION', 'announcement id missing');
      return { kind: 'card', card: reportCard(input.lang, await service.report(input.user, ref.announcementId)) };
    },
  };
  const readerHandlers: Record<string, (input: ActionInput) => Promise<ActionResult>> = {
    [VERBS.ack]: acknowledge,
    [VERBS.refresh]: refresh,
  };
  const approverVerbs = new Set<string>([VERBS.approve, VERBS.reject]);

  return {
    name: 'announcements',
    // The old `announcement.*` verbs of cards posted before the rename answer as their new names.
    legacyVerbs: LEGACY_VERB_ALIASES,
    commands: [
      {
        names: ANNOUNCEMENT_FORM_COMMANDS,
        async run(input): Promise<Reply[]> {
          if (!can(input.user, 'announce')) return [{ kind: 'text', text: announcementText[input.lang].refusal }];
          return [{ kind: 'card', card: await newForm(input), summary: announcementText[input.lang].formTitleNew }];
        },
      },
      {
        names: ANNOUNCEMENT_LIST_COMMANDS,
        async run(input): Promise<Reply[]> {
          if (!can(input.user, 'announce')) return [{ kind: 'text', text: announcementText[input.lang].refusal }];
          return [{ kind: 'card', card: await list(input.user, input.lang), summary: announcementText[input.lang].listTitle }];
        },
      },
    ],
    actions: [
      {
        verbs: Object.keys(adminHandlers),
        async run(input) {
          // Checked here for a polite answer, and again inside every service call.
          if (!can(input.user, approverVerbs.has(input.verb) ? 'approve-announcement' : 'announce')) return refusal(input.lang);
          try {
            return await adminHandlers[input.verb]!(input);
          } catch (error) {
            if (isAppError(error) && error.code === 'FORBIDDEN') return refusal(input.lang);
            if (error instanceof AnnouncementProblems)
              return { kind: 'message', text: error.problems.map((p) => problemMessage(p, input.lang)).join(' ') };
            throw malformedAsValidation(error);
          }
        },
      },
      {
        verbs: Object.keys(readerHandlers),
        async run(input) {
          try {
            return await readerHandlers[input.verb]!(input);
          } catch (error) {
            throw malformedAsValidation(error);
          }
        },
      },
    ],
  };
}

export type { AnnouncementsService };
