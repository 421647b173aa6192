/**
 * Card data is untrusted: whatever a client sends back is parsed here. zod objects strip unknown keys,
 * so a forged `tenantId`, `objectId`, `state` or `__proto__` in the data never reaches a handler;
 * identity always comes from the authenticated turn.
 */
import { z } from 'zod';
import { AppError } from '../../../errors.js';

export const MAX_CARD_QUESTION = 5000;
export const MAX_TICKET_QUESTION = 2000;
export const MAX_COMMENT = 500;
export const MAX_ANSWER = 4000;
export const MAX_CLOSE_REASON = 1000;

/** KB article ids are slugs such as `mika-on-oppijanumero`. */
const articleId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9_-]*$/i);
const band = z.enum(['answer', 'suggest', 'unknown']);
const ticketVersion = z.number().int().min(1).max(1_000_000_000);
/** Input.Toggle sends its valueOn/valueOff strings; a fallback client may send a boolean. */
const toggle = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .optional()
  .transform((v) => v === true || v === 'true');

export const voteData = z.object({
  vote: z.enum(['up', 'down']),
  articleId,
  band,
  question: z.string().max(MAX_CARD_QUESTION),
});

export const voteCommentData = z.object({
  voteId: z.uuid(),
  comment: z.string().max(MAX_COMMENT).optional().default(''),
});

export const askOphData = z.object({
  question: z.string().max(MAX_CARD_QUESTION),
  articleId: articleId.optional(),
});

export const ticketCreateData = z.object({
  formId: z.uuid(),
  question: z.string().max(MAX_TICKET_QUESTION).optional().default(''),
  articleId: articleId.optional(),
});

export const ticketActionData = z.object({
  ticketId: z.uuid(),
  version: ticketVersion,
});

/** Closing: the reason is required (checked by the handler) when nobody has answered yet. */
export const ticketCloseData = ticketActionData.extend({
  reason: z.string().max(MAX_CLOSE_REASON).optional().default(''),
});

/** A typed ticket reference ("KY-2026-0001"), with or without surrounding text. */
export const TICKET_REF_PATTERN = /\bKY-(\d{4})-(\d{4,6})\b/i;

export const ticketAnswerData = ticketActionData.extend({
  answer: z.string().max(MAX_ANSWER).optional().default(''),
  addToKb: toggle,
});

/** Parses card data or refuses with VALIDATION; the detail names fields only, never their values. */
export function parseCardData<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((i) => i.path.join('.') || '(root)'))].join(', ');
    throw new AppError('VALIDATION', `invalid card data: ${fields}`);
  }
  return result.data;
}
