/**
 * "Ask OPH": the asker confirms the question, a ticket is stored and posted to the experts' channel,
 * an expert takes it, answers it and closes it. The answer goes back THROUGH THE BOT to the thread or
 * chat the question came from (FAQ Plus sent experts off to a separate 1:1 chat), and the ticket card
 * in the expert channel is updated in place so every expert sees the same state.
 */
import { randomUUID } from 'node:crypto';
import { authorize } from '../../../auth/authorize.js';
import { can } from '../../../auth/roles.js';
import type { UserContext } from '../../../auth/roles.js';
import { AppError } from '../../../errors.js';
import { DEFAULT_LANG, isLang, type Lang } from '../../../i18n/index.js';
import type { Actor, Delivery, Ticket } from '../../../store/guidance-repository.js';
import type { ActionResult, Reply, TurnInput } from '../../types.js';
import type { EscalationDeps } from './deps.js';
import { answerDeliveryCard, askConfirmCard, closedWithoutAnswerCard, myTicketsCard, ticketCard, ticketCreatedCard } from './cards.js';
import { escalationText } from './i18n.js';
import {
  askOphData,
  MAX_ANSWER,
  MAX_TICKET_QUESTION,
  parseCardData,
  ticketActionData,
  ticketAnswerData,
  ticketCloseData,
  ticketCreateData,
  TICKET_REF_PATTERN,
  MAX_CLOSE_REASON,
} from './schemas.js';
import { prepareLine, prepareMultiline } from './text-input.js';
import { statesLeadingTo } from './ticket-states.js';

type ActionInput = TurnInput & { value: Record<string, unknown> };

/** Tickets listed by "omat kysymykseni"; older ones are in the tab. */
const MY_TICKETS_LIMIT = 10;

/** A ticket card still 'pending' after this long was interrupted (crash between storing and posting). */
const STALE_PENDING_MS = 5 * 60_000;

const actorOf = (user: UserContext): Actor => ({ tenantId: user.tenantId, objectId: user.objectId, name: user.displayName ?? '' });
const sameUser = (a: { tenantId: string; objectId: string } | null, b: { tenantId: string; objectId: string }) =>
  !!a && a.tenantId === b.tenantId && a.objectId === b.objectId;
const langOf = (ticket: Ticket): Lang => (isLang(ticket.lang) ? ticket.lang : DEFAULT_LANG);

export function createTicketHandlers(deps: EscalationDeps) {
  const expertLang = deps.expertLang ?? DEFAULT_LANG;
  const newFormId = deps.newFormId ?? randomUUID;
  const tabUrl = deps.tabLinks?.page('gaps');

  const expertReply = (ticket: Ticket): Reply => ({
    kind: 'card',
    card: ticketCard(ticket, expertLang, [], tabUrl),
    summary: escalationText[expertLang].ticketSummary(ticket.ref),
  });

  /** Posts the ticket card to the expert channel; failures are recorded, never lost silently. */
  async function postToExperts(ticket: Ticket, now: string): Promise<void> {
    const channel = await deps.expertChannel();
    if (!channel) {
      deps.logger?.warn({ ticket: ticket.ref }, 'no expert channel configured: ticket stored but not posted');
      await deps.repository.setExpertPostState(ticket.id, 'none', now);
      return;
    }
    try {
      const sent = await deps.messenger.send(channel, expertReply(ticket));
      await deps.repository.markExpertPosted(ticket.id, sent.conversationId, sent.activityId, now);
    } catch (error) {
      deps.logger?.error({ err: error, ticket: ticket.ref }, 'posting the ticket card to the expert channel failed');
      await deps.repository.setExpertPostState(ticket.id, 'failed', now);
    }
  }

  /** Shows the new state to every expert in the channel; the acting expert also gets it as the invoke response. */
  async function refreshExpertCard(ticket: Ticket): Promise<void> {
    if (!ticket.expertConversationId || !ticket.expertActivityId) return;
    try {
      await deps.messenger.update(ticket.expertConversationId, ticket.expertActivityId, expertReply(ticket));
    } catch (error) {
      deps.logger?.warn({ err: error, ticket: ticket.ref }, 'updating the ticket card in the expert channel failed');
    }
  }

  /**
   * Sends a card to where the question was asked: a reply in the channel thread, or a message in the
   * group or personal chat. If that fails (app removed, chat gone), the asker's personal chat is tried.
   */
  async function deliverToAsker(ticket: Ticket, render: () => Reply): Promise<Delivery> {
    let reply: Reply;
    try {
      reply = render();
    } catch (error) {
      deps.logger?.error({ err: error, ticket: ticket.ref }, 'rendering the card for the asker failed');
      return 'failed';
    }
    try {
      if (ticket.conversationKind === 'channel' && ticket.threadRootId) {
        await deps.messenger.reply(ticket.conversationId, ticket.threadRootId, reply);
        return 'thread';
      }
      await deps.messenger.send(ticket.conversationId, reply);
      return 'chat';
    } catch (error) {
      deps.logger?.warn({ err: error, ticket: ticket.ref }, 'delivery to the original conversation failed; trying the personal chat');
    }
    try {
      if (await deps.messenger.sendToUser(ticket.asker, () => reply)) return 'personal';
    } catch (error) {
      deps.logger?.warn({ err: error, ticket: ticket.ref }, 'delivery to the personal chat failed');
    }
    return 'failed';
  }

  async function loadTicket(id: string): Promise<Ticket> {
    const ticket = await deps.repository.getTicket(id);
    if (!ticket) throw new AppError('NOT_FOUND', 'ticket not found');
    return ticket;
  }

  const cardResult = (ticket: Ticket, notices: string[] = []): ActionResult => ({
    kind: 'card',
    card: ticketCard(ticket, expertLang, notices, tabUrl),
  });

  return {
    /** "omat kysymykseni" / "mina frågor" / "my questions": the asker's own tickets with state and answer. */
    async mine(input: TurnInput): Promise<Reply[]> {
      authorize(input.user, 'ask');
      const tickets = await deps.repository.listTicketsOf(input.user, MY_TICKETS_LIMIT + 1);
      const shown = tickets.slice(0, MY_TICKETS_LIMIT);
      const t = escalationText[input.lang];
      return [
        { kind: 'card', card: myTicketsCard(input.lang, shown, { limited: tickets.length > shown.length }), summary: t.myTicketsSummary },
      ];
    },

    /**
     * A typed reference ("KY-2026-0001"): that ticket, if it is the asker's own — or any ticket for OPH's
     * experts. Someone else's ticket gets the same answer as a missing one.
     */
    async byRef(input: TurnInput): Promise<Reply[]> {
      authorize(input.user, 'ask');
      const match = TICKET_REF_PATTERN.exec(input.text);
      const t = escalationText[input.lang];
      const ref = match ? `KY-${match[1]}-${match[2]}` : '';
      const ticket = ref ? await deps.repository.getTicketByRef(ref) : undefined;
      const visible = ticket && (sameUser(ticket.asker, input.user) || can(input.user, 'answer-tickets'));
      if (!ticket || !visible) return [{ kind: 'text', text: t.ticketNotFound(ref || input.text.slice(0, 20)) }];
      return [
        {
          kind: 'card',
          card: myTicketsCard(input.lang, [ticket], { limited: false, title: t.ticketTitle(ticket.ref) }),
          summary: t.ticketTitle(ticket.ref),
        },
      ];
    },

    /**
     * Posts the cards of open tickets that never reached the experts (no channel configured yet,
     * channel unreachable, crash mid-post). Safe to run from several instances: each ticket is claimed.
     */
    async repostUnposted(now: Date): Promise<number> {
      const staleBefore = new Date(now.getTime() - STALE_PENDING_MS).toISOString();
      if (!(await deps.expertChannel())) return 0;
      let posted = 0;
      for (const ticket of await deps.repository.listUnposted(staleBefore)) {
        if (!(await deps.repository.claimExpertRepost(ticket.id, now.toISOString(), staleBefore))) continue;
        await postToExperts(ticket, now.toISOString());
        if ((await deps.repository.getTicket(ticket.id))?.expertPostState === 'posted') posted += 1;
      }
      return posted;
    },

    /** The ask-OPH button: a confirm card where the asker may edit the question. Nothing is stored yet. */
    async askOph(input: ActionInput): Promise<ActionResult> {
      authorize(input.user, 'ask');
      const data = parseCardData(askOphData, input.value);
      const question = prepareLine(data.question, MAX_TICKET_QUESTION);
      return {
        kind: 'card',
        card: askConfirmCard(input.lang, {
          question: question.text,
          articleId: data.articleId,
          formId: newFormId(),
          masked: question.masked,
        }),
      };
    },

    async create(input: ActionInput): Promise<ActionResult> {
      authorize(input.user, 'ask');
      const data = parseCardData(ticketCreateData, input.value);
      const question = prepareLine(data.question, MAX_TICKET_QUESTION);
      if (!question.text) return { kind: 'message', text: escalationText[input.lang].questionRequired };
      const now = input.now.toISOString();
      const { ticket, created } = await deps.repository.createTicket({
        formId: data.formId,
        asker: actorOf(input.user),
        askerInstitutionId: input.user.institutionId,
        lang: input.lang,
        question: question.text,
        articleId: data.articleId ?? null,
        conversationId: input.conversation.id,
        conversationKind: input.conversation.kind,
        threadRootId: input.conversation.threadRootId,
        now,
      });
      if (created) {
        deps.logger?.info({ ticket: ticket.ref }, 'ticket created');
        await postToExperts(ticket, now);
      } else if (await deps.repository.claimExpertRepost(ticket.id, now)) {
        // A resubmit of a ticket whose card never reached the experts: one more try, by one caller only.
        await postToExperts(ticket, now);
      }
      // Reloaded: whether the card reached the experts decides what the asker is told.
      const current = (await deps.repository.getTicket(ticket.id)) ?? ticket;
      return { kind: 'card', card: ticketCreatedCard(input.lang, current, { duplicate: !created, masked: question.masked }) };
    },

    async assign(input: ActionInput): Promise<ActionResult> {
      authorize(input.user, 'answer-tickets');
      const data = parseCardData(ticketActionData, input.value);
      const result = await deps.repository.assign(data.ticketId, data.version, actorOf(input.user), input.now.toISOString());
      if (!result.ticket) throw new AppError('NOT_FOUND', 'ticket not found');
      const t = escalationText[expertLang];
      if (!result.ok) {
        const current = result.ticket;
        // Lost the race (or pressed an outdated card): show who has it now.
        if (current.state === 'assigned' && current.assignee) {
          return cardResult(current, [
            sameUser(current.assignee, input.user) ? t.youHaveIt : t.takenBy(current.assignee.name || t.unknownPerson),
          ]);
        }
        return cardResult(current, [t.staleCard]);
      }
      await refreshExpertCard(result.ticket);
      return cardResult(result.ticket);
    },

    async answer(input: ActionInput): Promise<ActionResult> {
      authorize(input.user, 'answer-tickets');
      const data = parseCardData(ticketAnswerData, input.value);
      const t = escalationText[expertLang];
      const answer = prepareMultiline(data.answer, MAX_ANSWER);
      if (!answer.text) return { kind: 'message', text: t.answerRequired };
      const now = input.now.toISOString();
      const actor = actorOf(input.user);
      const result = await deps.repository.answer(data.ticketId, data.version, actor, answer.text, now);
      if (!result.ticket) throw new AppError('NOT_FOUND', 'ticket not found');
      if (!result.ok) {
        const current = result.ticket;
        if (current.state === 'assigned' && current.assignee && !sameUser(current.assignee, input.user)) {
          return cardResult(current, [t.onlyAssignee(current.assignee.name || t.unknownPerson)]);
        }
        if (current.state === 'open') return cardResult(current, [t.assignFirst]);
        // Includes the double submit of an answer that already went out: nothing is sent twice.
        return cardResult(current, [t.staleCard]);
      }
      const answered = result.ticket;
      const delivery = await deliverToAsker(answered, () => ({
        kind: 'card',
        card: answerDeliveryCard(answered, langOf(answered)),
        summary: escalationText[langOf(answered)].answerSummary(answered.ref),
      }));
      await deps.repository.setDelivery(answered.id, delivery, now);
      const notices: string[] = [];
      if (answer.masked) notices.push(t.maskedNotice);
      if (data.addToKb) {
        await deps.repository.addKbDraft({
          ticketId: answered.id,
          ticketRef: answered.ref,
          lang: answered.lang,
          question: answered.question,
          answer: answer.text,
          articleId: answered.articleId,
          createdAt: now,
          createdBy: actor,
        });
        notices.push(t.kbDraftSaved);
      }
      const current = await loadTicket(answered.id);
      deps.logger?.info({ ticket: current.ref, delivery }, 'ticket answered');
      await refreshExpertCard(current);
      return cardResult(current, notices);
    },

    async close(input: ActionInput): Promise<ActionResult> {
      authorize(input.user, 'answer-tickets');
      const data = parseCardData(ticketCloseData, input.value);
      const before = await loadTicket(data.ticketId);
      const reason = prepareMultiline(data.reason, MAX_CLOSE_REASON);
      // Closing an unanswered question is final for the asker: they are told why, so a reason is required.
      if (before.version === data.version && before.answer === null && !reason.text)
        return { kind: 'message', text: escalationText[expertLang].closeReasonRequired };
      const result = await deps.repository.close(
        data.ticketId,
        data.version,
        statesLeadingTo('closed'),
        actorOf(input.user),
        input.now.toISOString(),
        before.answer === null ? reason.text : null,
      );
      if (!result.ticket) throw new AppError('NOT_FOUND', 'ticket not found');
      if (!result.ok) return cardResult(result.ticket, [escalationText[expertLang].staleCard]);
      const closed = result.ticket;
      if (closed.answer === null) {
        // Nobody answered: tell the asker rather than leave them waiting.
        await deliverToAsker(closed, () => ({ kind: 'card', card: closedWithoutAnswerCard(closed, langOf(closed)) }));
      }
      await refreshExpertCard(closed);
      return cardResult(closed);
    },
  };
}
