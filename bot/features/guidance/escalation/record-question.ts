/**
 * The search engine's hook: every question answered with "did you mean" or "I don't know" is stored
 * (masked) for the knowledge-gap report. Recording must never break answering, so failures are
 * logged and swallowed.
 */
import type { Identity } from '../../../auth/roles.js';
import type { Lang } from '../../../i18n/index.js';
import type { Logger } from '../../../log.js';
import type { GuidanceRepository, RecordedQuestion } from '../../../store/guidance-repository.js';
import { createWriteBatcher } from '../../../store/write-batcher.js';
import type { Band } from '../bands.js';
import { normaliseQuestion, prepareLine } from './text-input.js';

export interface QuestionRecord {
  question: string;
  lang: Lang;
  band: Band;
  /** The top suggestion, if the engine had one. */
  articleId?: string | null | undefined;
  user: Pick<Identity, 'tenantId' | 'objectId'>;
}

/** Resolves to true when the question was stored (only unknown/suggest bands with some text are). */
export type RecordQuestion = (record: QuestionRecord) => Promise<boolean>;

const MAX_STORED_QUESTION = 2000;
/** Rows per batched insert: 9 parameters each, far below SQLite's and PostgreSQL's parameter limits. */
const MAX_BATCH_ROWS = 100;

export interface QuestionBatching {
  /**
   * The longest a question waits to be stored together with others in one insert (one commit). Off
   * (each question its own insert) unless set; the app sets it, since the recording already follows
   * the reply.
   */
  maxDelayMs: number;
}
const ARTICLE_ID = /^[a-z0-9][a-z0-9_-]{0,99}$/i;

export function createQuestionRecorder(deps: {
  repository: GuidanceRepository;
  logger?: Pick<Logger, 'warn'> | undefined;
  clock?: (() => Date) | undefined;
  batching?: QuestionBatching | undefined;
}): RecordQuestion {
  const clock = deps.clock ?? (() => new Date());
  const batcher = deps.batching
    ? createWriteBatcher<RecordedQuestion>({
        writeMany: async (rows) => void (await deps.repository.recordQuestions(rows)),
        maxDelayMs: deps.batching.maxDelayMs,
        maxRows: MAX_BATCH_ROWS,
      })
    : null;
  const store = (row: RecordedQuestion) => (batcher ? batcher.add(row) : deps.repository.recordQuestion(row));
  return async function recordQuestion(record) {
    if (record.band !== 'unknown' && record.band !== 'suggest') return false;
    const question = prepareLine(record.question ?? '', MAX_STORED_QUESTION);
    const questionNorm = normaliseQuestion(question.text);
    if (!questionNorm) return false;
    try {
      await store({
        tenantId: record.user.tenantId,
        objectId: record.user.objectId,
        question: question.text,
        questionNorm,
        lang: record.lang,
        band: record.band,
        articleId: record.articleId && ARTICLE_ID.test(record.articleId) ? record.articleId : null,
        now: clock().toISOString(),
      });
      return true;
    } catch (error) {
      deps.logger?.warn({ err: error }, 'recording an unanswered question failed');
      return false;
    }
  };
}
