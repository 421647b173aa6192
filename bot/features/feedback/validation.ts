import { z } from 'zod';
import type { Lang } from '../../i18n/index.js';
import { feedbackText, labelLookup } from './i18n.js';
import { FEEDBACK_TYPES, LIMITS, REF_PATTERN, STATUSES, TOPICS } from './model.js';

/**
 * Server-side validation of every card submit and API body. Objects strip unknown keys, so a tampered
 * payload naming a status, a submitter or an institution simply loses those keys: identity and
 * institution come from the authenticated user, status from the lifecycle.
 */

/** Trimmed text; an empty string counts as missing so "required" is reported the same way everywhere. */
const requiredText = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional().default('');

/** Adaptive Card toggles send 'true' / 'false'; the tab sends booleans. */
const flag = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .optional()
  .transform((v) => v === true || v === 'true');

export const FORM_FIELDS = ['type', 'topic', 'title', 'description', 'impact', 'contactOk'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

export const submissionSchema = z.object({
  type: z.enum(FEEDBACK_TYPES),
  topic: z.enum(TOPICS),
  title: requiredText(LIMITS.title),
  description: requiredText(LIMITS.description),
  impact: optionalText(LIMITS.impact),
  contactOk: flag,
});
export type Submission = z.infer<typeof submissionSchema>;

export const formIdSchema = z.uuid();
export const refSchema = z.string().regex(REF_PATTERN);
export const requestIdSchema = z.uuid();

export const commentSchema = z.object({ comment: requiredText(LIMITS.comment) });
export const tabCommentSchema = z.object({ body: requiredText(LIMITS.comment), requestId: requestIdSchema.optional() });

export const statusChangeSchema = z.object({
  status: z.enum(STATUSES),
  reason: optionalText(LIMITS.reason),
});
export const tabStatusSchema = statusChangeSchema.extend({ requestId: requestIdSchema.optional() });

export const mergeSchema = z.object({ targetRef: z.string().trim().toUpperCase().pipe(refSchema) });
export const tabMergeSchema = mergeSchema.extend({ requestId: requestIdSchema.optional() });

export const tabCreateSchema = submissionSchema.extend({ formId: formIdSchema.optional() });

/** List filters from card inputs: anything unexpected falls back to the default instead of failing. */
export const listFilterSchema = z.object({
  filterType: z.enum(['all', ...FEEDBACK_TYPES]).catch('proposal'),
  filterTopic: z.enum(['all', ...TOPICS]).catch('all'),
  filterStatus: z.enum(['open', 'all', ...STATUSES]).catch('open'),
  filterSort: z.enum(['votes', 'recent']).catch('votes'),
  page: z.coerce.number().int().min(0).max(1000).catch(0),
});
export type ListFilter = z.infer<typeof listFilterSchema>;
export const DEFAULT_LIST_FILTER: ListFilter = {
  filterType: 'proposal',
  filterTopic: 'all',
  filterStatus: 'open',
  filterSort: 'votes',
  page: 0,
};

const csvList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      v === undefined
        ? []
        : (Array.isArray(v) ? v : [v])
            .flatMap((s) => s.split(','))
            .map((s) => s.trim())
            .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).max(values.length * 2));

/** Tab list query: invalid values are a 400, not a silent default, so a client bug shows up. */
export const tabListQuerySchema = z.object({
  type: csvList(FEEDBACK_TYPES),
  topic: csvList(TOPICS),
  status: csvList(['open', ...STATUSES] as const),
  sort: z.enum(['votes', 'recent']).optional().default('votes'),
  mine: z
    .enum(['1', 'true', '0', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  limit: z.coerce.number().int().min(1).max(200).optional().default(50),
  offset: z.coerce.number().int().min(0).max(100_000).optional().default(0),
});

export interface FieldProblem {
  field: string;
  message: string;
}

const fieldLabel = labelLookup<string>((t) => ({
  type: t.fieldType,
  topic: t.fieldTopic,
  title: t.fieldTitle,
  description: t.fieldDescription,
  impact: t.fieldImpact.split(':')[0] ?? t.fieldImpact,
  contactOk: t.fieldContact,
  comment: t.detailComments,
  body: t.detailComments,
  status: t.adminNewStatus,
  reason: t.labelReason,
  targetRef: t.labelRef,
}));

const MAX_BY_FIELD: Record<string, number> = {
  title: LIMITS.title,
  description: LIMITS.description,
  impact: LIMITS.impact,
  comment: LIMITS.comment,
  body: LIMITS.comment,
  reason: LIMITS.reason,
};

/**
 * Turns zod issues into one sentence per field in the user's language. The sentence names the field and
 * the rule, never the value (an error message does not echo user input).
 */
export function describeProblems(error: z.ZodError, raw: Record<string, unknown>, lang: Lang): FieldProblem[] {
  const t = feedbackText[lang];
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '');
    if (seen.has(field)) continue;
    seen.add(field);
    const label = fieldLabel(field, lang);
    const value = raw[field];
    const missing = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
    let message: string;
    if (missing) message = t.problemRequired(label);
    else if (issue.code === 'too_big')
      message = t.problemTooLong(label, MAX_BY_FIELD[field] ?? Number((issue as { maximum?: unknown }).maximum ?? 0));
    else if (issue.code === 'too_small') message = t.problemRequired(label);
    else if (issue.code === 'invalid_value' && typeof value === 'string') message = t.problemChoice(label);
    else message = t.problemInvalid(label);
    problems.push({ field, message });
  }
  return problems;
}
