/**
 * "Was this helpful?" — every vote is stored (FAQ Plus only forwarded them), one per person and card:
 * a second click replaces the first. A 👎 invites an optional comment.
 */
import { authorize } from '../../../auth/authorize.js';
import { AppError } from '../../../errors.js';
import type { ActionResult, TurnInput } from '../../types.js';
import type { EscalationDeps } from './deps.js';
import { commentThanksCard, voteThanksCard } from './cards.js';
import { guidanceText } from '../i18n.js';
import type { Lang } from '../../../i18n/index.js';
import type { AdaptiveCard } from '../../../cards/card.js';
import type { Band } from '../bands.js';
import { withVoteState, type VoteState } from './vote-card.js';
import { MAX_COMMENT, parseCardData, voteCommentData, voteData } from './schemas.js';
import { normaliseQuestion, prepareLine, prepareMultiline, voteKey } from './text-input.js';

/** Stored questions are bounded like the engine's own (question-input.ts MAX_STORED_CHARS). */
const MAX_STORED_QUESTION = 2000;

type ActionInput = TurnInput & { value: Record<string, unknown> };

const BANDS: readonly Band[] = ['answer', 'suggest', 'unknown'];

/** The answer again with the vote in place, or null when it cannot be rendered (no renderer, article gone). */
function answerWithVote(
  deps: EscalationDeps,
  vote: { articleId: string; lang: Lang; question: string; band: string },
  state: VoteState,
): AdaptiveCard | null {
  const band = BANDS.find((b) => b === vote.band) ?? 'answer';
  const answer = deps.renderAnswer?.({ articleId: vote.articleId, lang: vote.lang, question: vote.question, band });
  return answer ? withVoteState(answer, vote.lang, guidanceText[vote.lang].voteQuestion, state) : null;
}

export async function handleVote(deps: EscalationDeps, input: ActionInput): Promise<ActionResult> {
  authorize(input.user, 'vote');
  const data = parseCardData(voteData, input.value);
  const question = prepareLine(data.question, MAX_STORED_QUESTION);
  const questionNorm = normaliseQuestion(question.text);
  // Identity from the authenticated turn only; anything person-like in the data was stripped by zod.
  const { id, previous } = await deps.repository.upsertVote({
    tenantId: input.user.tenantId,
    objectId: input.user.objectId,
    voteKey: voteKey(data.articleId, questionNorm),
    vote: data.vote,
    articleId: data.articleId,
    band: data.band,
    question: question.text,
    questionNorm,
    lang: input.lang,
    now: input.now.toISOString(),
  });
  const state = { vote: data.vote, voteId: id, replaced: previous !== null, masked: question.masked };
  const kept = answerWithVote(
    deps,
    { articleId: data.articleId, lang: input.lang, question: question.text, band: data.band },
    { step: 'voted', ...state },
  );
  return { kind: 'card', card: kept ?? voteThanksCard(input.lang, state) };
}

export async function handleVoteComment(deps: EscalationDeps, input: ActionInput): Promise<ActionResult> {
  authorize(input.user, 'vote');
  const data = parseCardData(voteCommentData, input.value);
  const comment = prepareMultiline(data.comment, MAX_COMMENT);
  if (!comment.text) {
    // Still check ownership, so the reply does not reveal whether someone else's vote id exists.
    const vote = await deps.repository.findVote(data.voteId);
    if (!vote || vote.tenantId !== input.user.tenantId || vote.objectId !== input.user.objectId)
      throw new AppError('NOT_FOUND', 'vote not found');
    const kept = answerWithVote(deps, { ...vote, lang: input.lang }, { step: 'commented', stored: false, masked: false });
    return { kind: 'card', card: kept ?? commentThanksCard(input.lang, { stored: false, masked: false }) };
  }
  const stored = await deps.repository.setVoteComment(data.voteId, input.user, comment.text, input.now.toISOString());
  // Someone else's (or an invented) vote id: the same answer as a missing one.
  if (!stored) throw new AppError('NOT_FOUND', 'vote not found');
  const vote = await deps.repository.findVote(data.voteId);
  const kept = vote
    ? answerWithVote(deps, { ...vote, lang: input.lang }, { step: 'commented', stored: true, masked: comment.masked })
    : null;
  return { kind: 'card', card: kept ?? commentThanksCard(input.lang, { stored: true, masked: comment.masked }) };
}
