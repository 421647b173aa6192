/**
 * A vote keeps the answer on screen. The answer card (re-rendered from the KB by guidance's
 * renderAnswerCard, never taken from the client) gets the vote in place of the "Was this helpful?"
 * buttons: after 👍 a thank-you line; after 👎 the optional comment box with "Send comment" and
 * "Ask OPH" side by side — asking OPH is exactly the next step after "no". The answer text and its
 * sources stay as they were.
 */
import type { AdaptiveCard, CardAction, CardElement } from '../../../cards/card.js';
import { defineCardTemplate } from '../../../cards/template.js';
import type { Lang } from '../../../i18n/index.js';
import type { ButtonData } from '../../../cards/template-data.js';
import { escalationText } from './i18n.js';
import { MAX_COMMENT } from './schemas.js';
import { VERB_ASK_OPH, VERB_VOTE, VERB_VOTE_COMMENT } from './verbs.js';
import voteStateJson from './cards/vote-state.json' with { type: 'json' };

export type VoteState =
  | { step: 'voted'; vote: 'up' | 'down'; voteId: string; replaced: boolean; masked: boolean }
  | { step: 'commented'; stored: boolean; masked: boolean };

const verbOf = (action: unknown): unknown => (action as { data?: { verb?: unknown } } | null)?.data?.verb;
const isVoteSet = (element: CardElement): boolean =>
  element.type === 'ActionSet' && Array.isArray(element.actions) && element.actions.some((a) => verbOf(a) === VERB_VOTE);

/**
 * Data of `cards/vote-state.json`: what replaces the vote row. Only its body is used (spliced into the
 * answer card); as a card of its own it is what the Designer shows.
 */
export interface VoteStateCardData {
  masked?: string;
  mark: '👍' | '👎';
  message: string;
  replaced?: string;
  comment?: { label: string; placeholder: string; maxLength: number; noPersonalData: string; send: ButtonData };
  /** The answer card's own "Kysy OPH:lta" button(s), kept beside the comment. */
  askOph: ButtonData[];
}

const voteStateTemplate = defineCardTemplate<VoteStateCardData>('guidance/escalation/vote-state', voteStateJson);

function stateData(lang: Lang, state: VoteState, askOph: ButtonData[]): VoteStateCardData {
  const t = escalationText[lang];
  const masked = state.masked ? { masked: t.maskedNotice } : {};
  if (state.step === 'commented') return { ...masked, mark: '👎', message: state.stored ? t.commentThanks : t.commentEmpty, askOph };
  const replaced = state.replaced ? { replaced: t.voteReplaced } : {};
  if (state.vote === 'up') return { ...masked, mark: '👍', message: t.voteThanksUp, ...replaced, askOph: [] };
  const send: ButtonData = { title: t.commentSend, verb: VERB_VOTE_COMMENT, data: { verb: VERB_VOTE_COMMENT, voteId: state.voteId, lang } };
  return {
    ...masked,
    mark: '👎',
    message: t.voteThanksDown,
    ...replaced,
    comment: { label: t.commentLabel, placeholder: t.commentPlaceholder, maxLength: MAX_COMMENT, noPersonalData: t.noPersonalData, send },
    askOph,
  };
}

const asButton = (action: CardAction): ButtonData => ({
  title: String(action.title ?? ''),
  verb: String(action.verb ?? ''),
  data: action.data as ButtonData['data'],
});

/**
 * The answer card with the vote shown in place of the vote buttons. `voteQuestion` is the "Was this
 * helpful?" line above the buttons (guidance's catalog), removed with them.
 */
export function withVoteState(answer: AdaptiveCard, lang: Lang, voteQuestion: string, state: VoteState): AdaptiveCard {
  const body = [...answer.body];
  let at = body.findIndex(isVoteSet);
  let askOph: ButtonData[] = [];
  if (at >= 0) {
    const set = body[at] as CardElement & { actions: CardAction[] };
    askOph = set.actions.filter((a) => verbOf(a) === VERB_ASK_OPH).map(asButton);
    body.splice(at, 1);
    const before = body[at - 1];
    if (before?.type === 'TextBlock' && before.text === voteQuestion) {
      body.splice(at - 1, 1);
      at -= 1;
    }
  } else {
    at = body.length;
  }
  body.splice(at, 0, ...voteStateTemplate.expand(stateData(lang, state, askOph)).body);
  return { ...answer, body };
}
