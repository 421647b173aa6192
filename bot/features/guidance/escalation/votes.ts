/**
 * "Was this helpful?" — every vote is stored (FAQ Plus only forwarded them), one per person and card:
 * a second click replaces the first. A 👎 invites an optional comment.
 */
import { authorize } from '../../../auth/authorize.js';
import { AppError } from '../../../errors.js';
import type { ActionResult, TurnInput } from '../../types.js';
import type { EscalationDeps } from './deps.js';
import { commentThanksCard, voteThanksCard } from './cards.js';
import { MAX_COMMENT, parseCardData, voteCommentData, voteData } from './schemas.js';
import { normaliseQuestion, prepareLine, prepareMultiline, voteKey } from './text-input.js';

/** Stored questions are bounded like the engine's own (question-input.ts MAX_STORED_CHARS). */
const MAX_STORED_QUESTION = 2000;

type ActionInput = TurnInput & { value: Record<string, unknown> };

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
  return {
    kind: 'card',
    card: voteThanksCard(input.lang, { vote: data.vote, voteId: id, replaced: previous !== null, masked: question.masked }),
  };
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
    return { kind: 'card', card: commentThanksCard(input.lang, { stored: false, masked: false }) };
  }
  const stored = await deps.repository.setVoteComment(data.voteId, input.user, comment.text, input.now.toISOString());
  // Someone else's (or an invented) vote id: the same answer as a missing one.
  if (!stored) throw new AppError('NOT_FOUND', 'vote not found');
  return { kind: 'card', card: commentThanksCard(input.lang, { stored: true, masked: comment.masked }) };
}
