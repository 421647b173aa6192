import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Store } from './db.js';
import type { Database } from './schema.js';
import { AppError } from '../errors.js';

/**
 * Institutions' progress through the seven joining steps, and the history of every change.
 * The repository stores and diffs; who may change what is decided in the feature before it gets here.
 */

export type StepStatus = 'not_started' | 'in_progress' | 'done' | 'not_applicable';
export type IntegrationRoute = 'yleistunniste' | 'oppija_controller' | 'ui_only';
export type VendorSystem = 'peppi' | 'sisu' | 'visma_primus' | 'own' | 'other';
export type InstitutionType = 'university' | 'uas' | 'other';
export const STEP_COUNT = 7;

export interface InstitutionInfo {
  id: string;
  nameFi: string;
  nameSv: string;
  nameEn: string;
  organisationOid: string;
  type: InstitutionType;
}

export interface StatusFields {
  route: IntegrationRoute | null;
  vendor: VendorSystem | null;
  systemName: string | null;
  testAccountRequested: string | null;
  testAccountReceived: string | null;
  joiningNotificationSubmitted: string | null;
  joiningNotificationProcessed: string | null;
  goLiveDate: string | null;
}
export type StatusField = keyof StatusFields;

export interface StepFields {
  status: StepStatus;
  date: string | null;
  responsible: string | null;
  note: string | null;
}
export type StepField = keyof StepFields;

export interface StepRecord extends StepFields {
  step: number;
  updatedAt: string | null;
}

export interface InstitutionRecord extends StatusFields {
  institution: InstitutionInfo;
  version: number;
  updatedAt: string | null;
  /** Always seven entries, step 1 first (defaults when nothing is stored yet). */
  steps: StepRecord[];
}

export interface StepChange extends Partial<StepFields> {
  step: number;
}
export interface OnboardingChanges {
  fields?: Partial<StatusFields>;
  steps?: StepChange[];
}

export interface Actor {
  tenantId: string;
  objectId: string;
  displayName: string;
}

export interface HistoryEntry {
  id: string;
  institutionId: string;
  changeSet: string;
  changedAt: string;
  actor: Actor;
  /** A status field name (e.g. `goLiveDate`) or `step<N>.<field>` (e.g. `step3.status`). */
  field: string;
  oldValue: string | null;
  newValue: string | null;
}

const STATUS_COLUMNS = {
  route: 'route',
  vendor: 'vendor',
  systemName: 'system_name',
  testAccountRequested: 'test_account_requested',
  testAccountReceived: 'test_account_received',
  joiningNotificationSubmitted: 'joining_notification_submitted',
  joiningNotificationProcessed: 'joining_notification_processed',
  goLiveDate: 'go_live_date',
} as const satisfies Record<StatusField, keyof Database['onboarding_status']>;
export const STATUS_FIELDS = Object.keys(STATUS_COLUMNS) as StatusField[];
export const STEP_FIELDS: readonly StepField[] = ['status', 'date', 'responsible', 'note'];

type Db = Kysely<Database> | Transaction<Database>;
type InstitutionRow = Database['institutions'];
type StatusRow = Database['onboarding_status'];
type StepRow = Database['onboarding_steps'];

function emptyStatus(): StatusFields {
  return {
    route: null,
    vendor: null,
    systemName: null,
    testAccountRequested: null,
    testAccountReceived: null,
    joiningNotificationSubmitted: null,
    joiningNotificationProcessed: null,
    goLiveDate: null,
  };
}

function toInfo(row: InstitutionRow): InstitutionInfo {
  return {
    id: row.id,
    nameFi: row.name_fi,
    nameSv: row.name_sv,
    nameEn: row.name_en,
    organisationOid: row.organisation_oid,
    type: row.type as InstitutionType,
  };
}

function toRecord(institution: InstitutionRow, status: StatusRow | undefined, stepRows: StepRow[]): InstitutionRecord {
  const fields = emptyStatus();
  if (status) {
    for (const field of STATUS_FIELDS)
      (fields as unknown as Record<string, string | null>)[field] = status[STATUS_COLUMNS[field]] as string | null;
  }
  const byStep = new Map(stepRows.map((r) => [Number(r.step), r]));
  const steps: StepRecord[] = [];
  for (let step = 1; step <= STEP_COUNT; step++) {
    const row = byStep.get(step);
    steps.push({
      step,
      status: (row?.status as StepStatus | undefined) ?? 'not_started',
      date: row?.date ?? null,
      responsible: row?.responsible ?? null,
      note: row?.note ?? null,
      updatedAt: row?.updated_at ?? null,
    });
  }
  return {
    institution: toInfo(institution),
    ...fields,
    version: status ? Number(status.version) : 0,
    updatedAt: status?.updated_at ?? null,
    steps,
  };
}

function toHistory(row: Database['onboarding_history']): HistoryEntry {
  return {
    id: row.id,
    institutionId: row.institution_id,
    changeSet: row.change_set,
    changedAt: row.changed_at,
    actor: { tenantId: row.actor_tenant_id, objectId: row.actor_object_id, displayName: row.actor_name },
    field: row.field,
    oldValue: row.old_value,
    newValue: row.new_value,
  };
}

export interface OnboardingRepositoryOptions {
  clock?: () => Date;
}

export function createOnboardingRepository(store: Store, options: OnboardingRepositoryOptions = {}) {
  const { db } = store;
  const now = () => (options.clock ? options.clock() : new Date()).toISOString();

  async function loadRecord(tx: Db, institutionId: string): Promise<InstitutionRecord | undefined> {
    const institution = await tx.selectFrom('institutions').selectAll().where('id', '=', institutionId).executeTakeFirst();
    if (!institution) return undefined;
    const status = await tx.selectFrom('onboarding_status').selectAll().where('institution_id', '=', institutionId).executeTakeFirst();
    const steps = await tx.selectFrom('onboarding_steps').selectAll().where('institution_id', '=', institutionId).execute();
    return toRecord(institution, status, steps);
  }

  /** Creates the status row and the seven step rows if missing; safe to call repeatedly. */
  async function ensureRows(tx: Db, institutionId: string, at: string): Promise<void> {
    await tx
      .insertInto('onboarding_status')
      .values({ institution_id: institutionId, version: 0, updated_at: at })
      .onConflict((oc) => oc.column('institution_id').doNothing())
      .execute();
    const rows = Array.from({ length: STEP_COUNT }, (_, i) => ({
      institution_id: institutionId,
      step: i + 1,
      status: 'not_started',
      updated_at: at,
    }));
    await tx
      .insertInto('onboarding_steps')
      .values(rows)
      .onConflict((oc) => oc.columns(['institution_id', 'step']).doNothing())
      .execute();
  }

  return {
    /** Adds an institution to the core table (seed data, tests); an existing id or OID is left as it is. */
    async createInstitution(info: InstitutionInfo): Promise<boolean> {
      const result = await db
        .insertInto('institutions')
        .values({
          id: info.id,
          name_fi: info.nameFi,
          name_sv: info.nameSv,
          name_en: info.nameEn,
          organisation_oid: info.organisationOid,
          type: info.type,
          created_at: now(),
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      const inserted = Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
      if (inserted) await ensureRows(db, info.id, now());
      return inserted;
    },

    async listInstitutions(): Promise<InstitutionInfo[]> {
      const rows = await db.selectFrom('institutions').selectAll().orderBy('name_fi').execute();
      return rows.map(toInfo);
    },

    async institutionExists(institutionId: string): Promise<boolean> {
      const row = await db.selectFrom('institutions').select('id').where('id', '=', institutionId).executeTakeFirst();
      return Boolean(row);
    },

    async listRecords(): Promise<InstitutionRecord[]> {
      const institutions = await db.selectFrom('institutions').selectAll().orderBy('name_fi').execute();
      const statuses = await db.selectFrom('onboarding_status').selectAll().execute();
      const steps = await db.selectFrom('onboarding_steps').selectAll().execute();
      const statusById = new Map(statuses.map((s) => [s.institution_id, s]));
      const stepsById = new Map<string, StepRow[]>();
      for (const step of steps) {
        const list = stepsById.get(step.institution_id) ?? [];
        list.push(step);
        stepsById.set(step.institution_id, list);
      }
      return institutions.map((i) => toRecord(i, statusById.get(i.id), stepsById.get(i.id) ?? []));
    },

    async getRecord(institutionId: string): Promise<InstitutionRecord | undefined> {
      return loadRecord(db, institutionId);
    },

    /**
     * Applies the changed values in one transaction and records each changed field in the history.
     * Values equal to the stored ones are no change (a repeated save writes nothing).
     * `expectedVersion` (the version the editor saw) turns a concurrent edit into CONFLICT.
     */
    async applyChanges(
      institutionId: string,
      changes: OnboardingChanges,
      actor: Actor,
      options: { expectedVersion?: number | undefined } = {},
    ): Promise<{ record: InstitutionRecord; changes: HistoryEntry[] }> {
      return db.transaction().execute(async (tx) => {
        const at = now();
        if (!(await tx.selectFrom('institutions').select('id').where('id', '=', institutionId).executeTakeFirst())) {
          throw new AppError('NOT_FOUND', 'institution not found');
        }
        await ensureRows(tx, institutionId, at);
        const current = await loadRecord(tx, institutionId);
        if (!current) throw new AppError('NOT_FOUND', 'institution not found');
        if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
          throw new AppError('CONFLICT', 'onboarding status changed since it was read');
        }

        const changeSet = randomUUID();
        const history: Database['onboarding_history'][] = [];
        const record = (field: string, oldValue: string | null, newValue: string | null) =>
          history.push({
            id: randomUUID(),
            institution_id: institutionId,
            change_set: changeSet,
            version: current.version + 1,
            seq: history.length,
            changed_at: at,
            actor_tenant_id: actor.tenantId,
            actor_object_id: actor.objectId,
            actor_name: actor.displayName,
            field,
            old_value: oldValue,
            new_value: newValue,
          });

        const statusUpdate: Partial<Record<(typeof STATUS_COLUMNS)[StatusField], string | null>> = {};
        for (const field of STATUS_FIELDS) {
          if (!changes.fields || !(field in changes.fields)) continue;
          const next = changes.fields[field] ?? null;
          const previous = current[field];
          if (next === previous) continue;
          statusUpdate[STATUS_COLUMNS[field]] = next;
          record(field, previous, next);
        }

        const stepUpdates: Array<{ step: number; set: Partial<StepFields> }> = [];
        for (const change of changes.steps ?? []) {
          const existing = current.steps[change.step - 1];
          if (!existing) throw new AppError('VALIDATION', 'no such step');
          const set: Partial<Record<StepField, string | null>> = {};
          for (const field of STEP_FIELDS) {
            if (!(field in change)) continue;
            const next = change[field] ?? null;
            if (field === 'status' && next === null) continue;
            if (next === existing[field]) continue;
            set[field] = next;
            record(`step${change.step}.${field}`, existing[field], next);
          }
          if (Object.keys(set).length) stepUpdates.push({ step: change.step, set: set as Partial<StepFields> });
        }

        if (!history.length) return { record: current, changes: [] };

        // The version guard makes the second of two concurrent saves fail instead of silently winning.
        const updated = await tx
          .updateTable('onboarding_status')
          .set({ ...statusUpdate, version: current.version + 1, updated_at: at })
          .where('institution_id', '=', institutionId)
          .where('version', '=', current.version)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw new AppError('CONFLICT', 'concurrent onboarding update');

        for (const { step, set } of stepUpdates) {
          await tx
            .updateTable('onboarding_steps')
            .set({ ...set, updated_at: at })
            .where('institution_id', '=', institutionId)
            .where('step', '=', step)
            .execute();
        }
        await tx.insertInto('onboarding_history').values(history).execute();
        const after = await loadRecord(tx, institutionId);
        if (!after) throw new AppError('NOT_FOUND', 'institution not found');
        return { record: after, changes: history.map(toHistory) };
      });
    },

    async history(institutionId: string, options: { limit?: number } = {}): Promise<HistoryEntry[]> {
      const rows = await db
        .selectFrom('onboarding_history')
        .selectAll()
        .where('institution_id', '=', institutionId)
        // Newest save first (versions only grow); fields in the order they were saved.
        .orderBy('version', 'desc')
        .orderBy('seq', 'asc')
        .limit(Math.min(Math.max(options.limit ?? 200, 1), 1000))
        .execute();
      return rows.map(toHistory);
    },
  };
}

export type OnboardingRepository = ReturnType<typeof createOnboardingRepository>;
