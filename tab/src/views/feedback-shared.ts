/** Shapes of the feedback API and the pieces the list and the item page share (status pill, vote control). */
import type { Lang } from '../../../bot/i18n/index.js';
import { feedbackText, statusLabel } from '../../../bot/features/feedback/i18n.js';
import { isOpen } from '../../../bot/features/feedback/model.js';
import { ApiError } from '../api.js';
import { announce, h } from '../dom.js';
import { pagesText } from '../i18n-pages.js';
import { ui } from '../i18n.js';
import type { ViewContext } from '../context.js';
import { actionButton, enableButton, stateBadge, toneOf } from '../controls.js';

export interface FeedbackItemJson {
  ref: string;
  type: string;
  topic: string;
  title: string;
  description: string;
  impact: string;
  status: string;
  statusReason: string | null;
  duplicateOf: string | null;
  votes: number;
  votedByMe: boolean;
  commentCount: number;
  institution: { id: string; name: string | null } | null;
  mine: boolean;
  contactOk?: boolean;
  contact?: { tenantId: string; objectId: string; name?: string | null; email?: string | null };
  allowedTransitions?: string[];
  createdAt: string;
  updatedAt: string;
}

export interface FeedbackCommentJson {
  id: string;
  authorKind: string;
  author: string;
  mine: boolean;
  body: string;
  createdAt: string;
}

export interface FeedbackEventJson {
  kind: string;
  from: string | null;
  to: string;
  reason: string | null;
  related: string | null;
  /** OPH only: whether the submitter got the bot's message about this change (null: nothing to send). */
  notified?: boolean | null;
  createdAt: string;
}

export const feedbackHref = (ref: string) => `#/feedback/${encodeURIComponent(ref)}`;

export function statusPill(status: string, lang: Lang): HTMLElement {
  return stateBadge(toneOf(status), { class: `fb-status fb-status-${status}`, 'data-status': status }, statusLabel(status, lang));
}

export function errorText(error: unknown, lang: Lang): string {
  return error instanceof ApiError && error.message ? error.message : ui(lang).errorGeneric;
}

/**
 * The vote count with its button. Voting is possible only while the item is open; the count is always
 * shown. The button names the item for screen readers, since a list has many of them.
 */
export function voteControl(
  ctx: ViewContext,
  item: Pick<FeedbackItemJson, 'ref' | 'title' | 'status' | 'votes' | 'votedByMe'>,
): HTMLElement {
  const { lang } = ctx;
  const f = feedbackText[lang];
  const p = pagesText(lang);
  const state = { votes: item.votes, voted: item.votedByMe };
  const count = h('span', { class: 'vote-count' });
  const label = h('span', { class: 'vote-label' });
  const box = h('div', { class: 'vote-box', 'data-ref': item.ref }, count);
  const paint = () => {
    count.textContent = String(state.votes);
    count.setAttribute('aria-label', p.votesCount(state.votes));
    label.textContent = state.voted ? f.unvote : f.vote;
    box.classList.toggle('voted', state.voted);
  };
  if (ctx.caps.vote) {
    const open = isOpen(item.status);
    const button = actionButton(
      'secondary',
      {
        type: 'button',
        class: 'vote-button',
        size: 'small',
        disabled: !open,
        title: open ? null : f.voteClosed,
        onclick: async () => {
          button.disabled = true;
          try {
            const path = `/feedback/${encodeURIComponent(item.ref)}/vote`;
            const result = await ctx.api.send<{ votes: number; votedByMe: boolean }>(state.voted ? 'DELETE' : 'POST', path);
            state.votes = result.votes;
            state.voted = result.votedByMe;
            paint();
            announce(state.voted ? p.voted(state.votes) : p.unvoted(state.votes), state.voted ? 'success' : 'destructive');
          } catch (error) {
            announce(errorText(error, lang), 'error');
          } finally {
            enableButton(button);
            button.focus();
          }
        },
      },
      label,
      h('span', { class: 'sr-only' }, `: ${item.title}`),
    );
    box.appendChild(button);
  }
  paint();
  return box;
}
