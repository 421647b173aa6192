/**
 * A vote keeps the answer on screen. The answer card (re-rendered from the KB by guidance's
 * renderAnswerCard, never taken from the client) gets the vote in place of the "Was this helpful?"
 * buttons: after 👍 a thank-you line; after 👎 the optional comment box with "Send comment" and
 * "Ask OPH" side by side — asking OPH is exactly the next step after "no". The answer text and its
 * sources stay as they were.
 */
import { execute, text, type AdaptiveCard, type CardAction, type CardElement } from '../../../cards/card.js';
import type { Lang } from '../../../i18n/index.js';
import { escalationText } from './i18n.js';
import { MAX_COMMENT } from './schemas.js';
import { VERB_ASK_OPH, VERB_VOTE, VERB_VOTE_COMMENT } from './verbs.js';

export type VoteState =
  | { step: 'voted'; vote: 'up' | 'down'; voteId: string; replaced: boolean; masked: boolean }
  | { step: 'commented'; stored: boolean; masked: boolean };

const verbOf = (action: unknown): unknown => (action as { data?: { verb?: unknown } } | null)?.data?.verb;
const isVoteSet = (element: CardElement): boolean =>
  element.type === 'ActionSet' && Array.isArray(element.actions) && element.actions.some((a) => verbOf(a) === VERB_VOTE);

const subtle = (value: string): CardElement => text(value, { isSubtle: true, size: 'Small', spacing: 'Small' });
const notice = (value: string): CardElement => text(value, { color: 'Attention', size: 'Small' });

function stateElements(lang: Lang, state: VoteState, askOph: CardAction[]): CardElement[] {
  const t = escalationText[lang];
  const elements: CardElement[] = state.masked ? [notice(t.maskedNotice)] : [];
  const buttons = (actions: CardAction[]): CardElement[] => (actions.length ? [{ type: 'ActionSet', actions }] : []);
  if (state.step === 'commented') {
    elements.push(text(`👎 ${state.stored ? t.commentThanks : t.commentEmpty}`, { spacing: 'Medium' }));
    return [...elements, ...buttons(askOph)];
  }
  if (state.vote === 'up') {
    elements.push(text(`👍 ${t.voteThanksUp}`, { spacing: 'Medium' }));
    if (state.replaced) elements.push(subtle(t.voteReplaced));
    return elements;
  }
  elements.push(text(`👎 ${t.voteThanksDown}`, { spacing: 'Medium' }));
  if (state.replaced) elements.push(subtle(t.voteReplaced));
  elements.push(
    { type: 'Input.Text', id: 'comment', label: t.commentLabel, placeholder: t.commentPlaceholder, isMultiline: true, maxLength: MAX_COMMENT },
    subtle(t.noPersonalData),
  );
  return [...elements, ...buttons([execute(t.commentSend, VERB_VOTE_COMMENT, { voteId: state.voteId, lang }), ...askOph])];
}

/**
 * The answer card with the vote shown in place of the vote buttons. `voteQuestion` is the "Was this
 * helpful?" line above the buttons (guidance's catalog), removed with them.
 */
export function withVoteState(answer: AdaptiveCard, lang: Lang, voteQuestion: string, state: VoteState): AdaptiveCard {
  const body = [...answer.body];
  let at = body.findIndex(isVoteSet);
  let askOph: CardAction[] = [];
  if (at >= 0) {
    const set = body[at] as CardElement & { actions: CardAction[] };
    askOph = set.actions.filter((a) => verbOf(a) === VERB_ASK_OPH);
    body.splice(at, 1);
    const before = body[at - 1];
    if (before?.type === 'TextBlock' && before.text === voteQuestion) {
      body.splice(at - 1, 1);
      at -= 1;
    }
  } else {
    at = body.length;
  }
  body.splice(at, 0, ...stateElements(lang, state, askOph));
  return { ...answer, body };
}
