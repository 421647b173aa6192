/**
 * Validation of everything the tab sends. Bodies are strict (an unknown key is a 400, never silently
 * applied), text is length-limited and trimmed, dates are real calendar dates.
 */
import { z } from 'zod';
import { ROLES } from '../../auth/roles.js';
import { LANGS } from '../../i18n/index.js';
import { INSTITUTION_TYPES, MAX_LENGTHS, ROUTES, STEP_STATUSES, VENDORS } from './model.js';

// Control characters (except newline and tab in notes) never belong in stored text.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

const isoDate = z.iso.date().refine((value) => value >= '2000-01-01' && value <= '2100-12-31', { message: 'date out of range' });

/** Free text: trimmed, control characters removed, empty means "clear". */
const freeText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((value) => value.replace(CONTROL, '').trim())
    .transform((value) => (value === '' ? null : value))
    .nullable();

const stepPatchSchema = z.strictObject({
  step: z.number().int().min(1).max(7),
  status: z.enum(STEP_STATUSES).optional(),
  date: isoDate.nullable().optional(),
  responsible: freeText(MAX_LENGTHS.responsible).optional(),
  note: freeText(MAX_LENGTHS.note).optional(),
});

export const patchBodySchema = z.strictObject({
  /** The version the editor loaded; a different stored version means someone else saved first. */
  expectedVersion: z.number().int().min(0).optional(),
  route: z.enum(ROUTES).nullable().optional(),
  vendor: z.enum(VENDORS).nullable().optional(),
  systemName: freeText(MAX_LENGTHS.systemName).optional(),
  testAccountRequested: isoDate.nullable().optional(),
  testAccountReceived: isoDate.nullable().optional(),
  joiningNotificationSubmitted: isoDate.nullable().optional(),
  joiningNotificationProcessed: isoDate.nullable().optional(),
  goLiveDate: isoDate.nullable().optional(),
  steps: z
    .array(stepPatchSchema)
    .max(7)
    .refine((steps) => new Set(steps.map((s) => s.step)).size === steps.length, { message: 'each step at most once' })
    .optional(),
});
export type PatchBody = z.infer<typeof patchBodySchema>;

const SORT_KEYS = ['name', 'type', 'progress', 'step', 'route', 'vendor', 'goLive'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Overview filters from the query string; unknown parameters are ignored, bad values are a 400. */
export const overviewQuerySchema = z.object({
  step: z.enum(['1', '2', '3', '4', '5', '6', '7', 'done']).optional(),
  route: z.enum([...ROUTES, 'none']).optional(),
  vendor: z.enum([...VENDORS, 'none']).optional(),
  type: z.enum(INSTITUTION_TYPES).optional(),
  q: z.string().max(100).optional(),
  sort: z.enum(SORT_KEYS).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
  lang: z.enum(LANGS).optional(),
});
export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

export const idParamSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,100}$/);

export const adminUserBodySchema = z.strictObject({
  displayName: z
    .string()
    .max(MAX_LENGTHS.displayName)
    .transform((v) => v.replace(CONTROL, '').trim())
    .pipe(z.string().min(1)),
  role: z.enum(ROLES),
  institutionId: idParamSchema.nullable(),
  locale: z.enum(LANGS).nullable().optional(),
});
export type AdminUserBody = z.infer<typeof adminUserBodySchema>;
