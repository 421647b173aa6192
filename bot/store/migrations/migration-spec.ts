/**
 * A migration declared as data: a JSON spec of steps (create a table, create an index, add or drop a
 * column) that this module validates and turns into the same Kysely schema-builder calls the migrations
 * used to spell out one by one, so each dialect still gets the DDL Kysely writes for it. `down` undoes
 * the steps in reverse order. A "comment" on a migration, step, constraint or column says why; it is
 * documentation only and never reaches the database.
 */
import {
  sql,
  type AlterTableColumnAlteringBuilder,
  type ColumnDefinitionBuilder,
  type CreateTableBuilder,
  type Kysely,
  type Migration,
} from 'kysely';
import { z } from 'zod';

const identifier = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a lower-case SQL name');
const comment = z.string().min(1).optional();

/** A column: `[name, type, ...modifiers]`, e.g. `["institution_id", "text", "not null", { "references": "institutions.id" }]`. */
const columnSpec = z.tuple(
  [identifier, z.enum(['text', 'integer'])],
  z.union([
    z.enum(['primary key', 'not null', 'unique']),
    z.strictObject({ default: z.union([z.string(), z.int()]) }),
    z.strictObject({
      references: z.string().regex(/^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/, 'table.column'),
      onDelete: z.enum(['cascade', 'set null']).optional(),
    }),
    z.strictObject({ comment }),
  ]),
);

const namedColumns = z.strictObject({ comment, name: identifier, columns: z.array(identifier).min(1) });

const stepSpec = z.union([
  z.strictObject({
    comment,
    createTable: identifier,
    columns: z.array(columnSpec).min(1),
    primaryKey: namedColumns.optional(),
    unique: z.array(namedColumns).min(1).optional(),
  }),
  z.strictObject({
    comment,
    createIndex: identifier,
    on: identifier,
    columns: z.array(identifier).min(1),
    unique: z.literal(true).optional(),
    /** A partial index: only rows whose column equals the value. */
    where: z.strictObject({ column: identifier, equals: z.union([z.string(), z.int()]) }).optional(),
  }),
  z.strictObject({ comment, alterTable: identifier, addColumn: columnSpec }),
  /** The dropped column's whole definition, so that `down` can put it back. */
  z.strictObject({ comment, alterTable: identifier, dropColumn: columnSpec }),
]);

/** Every migration says what it is for. */
export const migrationSpecSchema = z.strictObject({ comment: z.string().min(1), steps: z.array(stepSpec).min(1) });

export type MigrationSpec = z.infer<typeof migrationSpecSchema>;
type Step = MigrationSpec['steps'][number];
type ColumnSpec = z.infer<typeof columnSpec>;

/** Validates a spec (a malformed one stops start-up, naming the migration) and makes it a Kysely migration. */
export function migrationFromSpec(name: string, spec: unknown): Migration {
  const parsed = migrationSpecSchema.safeParse(spec);
  if (!parsed.success) throw new Error(`migration ${name} is not a valid spec:\n${z.prettifyError(parsed.error)}`);
  const { steps } = parsed.data;
  return {
    async up(db: Kysely<unknown>) {
      for (const step of steps) await apply(db, step);
    },
    async down(db: Kysely<unknown>) {
      for (const step of [...steps].reverse()) await undo(db, step);
    },
  };
}

async function apply(db: Kysely<unknown>, step: Step): Promise<void> {
  if ('createTable' in step) {
    let table: CreateTableBuilder<string, string> = db.schema.createTable(step.createTable);
    for (const [name, type, ...modifiers] of step.columns) table = table.addColumn(name, type, withModifiers(modifiers));
    if (step.primaryKey) table = table.addPrimaryKeyConstraint(step.primaryKey.name, step.primaryKey.columns);
    for (const unique of step.unique ?? []) table = table.addUniqueConstraint(unique.name, unique.columns);
    await table.execute();
  } else if ('createIndex' in step) {
    let index = db.schema.createIndex(step.createIndex).on(step.on).columns(step.columns);
    if (step.unique) index = index.unique();
    if (step.where) index = index.where(sql.ref(step.where.column), '=', step.where.equals);
    await index.execute();
  } else if ('addColumn' in step) {
    await addColumn(db, step.alterTable, step.addColumn);
  } else {
    await db.schema.alterTable(step.alterTable).dropColumn(step.dropColumn[0]).execute();
  }
}

async function undo(db: Kysely<unknown>, step: Step): Promise<void> {
  if ('createTable' in step) await db.schema.dropTable(step.createTable).execute();
  else if ('createIndex' in step) await db.schema.dropIndex(step.createIndex).execute();
  else if ('addColumn' in step) await db.schema.alterTable(step.alterTable).dropColumn(step.addColumn[0]).execute();
  else await addColumn(db, step.alterTable, step.dropColumn);
}

function addColumn(db: Kysely<unknown>, table: string, [name, type, ...modifiers]: ColumnSpec): Promise<void> {
  const altered: AlterTableColumnAlteringBuilder = db.schema.alterTable(table).addColumn(name, type, withModifiers(modifiers));
  return altered.execute();
}

/** Kysely writes a column's constraints in its own fixed order, so the order of the modifiers does not matter. */
function withModifiers(modifiers: ColumnSpec extends [string, string, ...infer M] ? M : never) {
  return (column: ColumnDefinitionBuilder): ColumnDefinitionBuilder => {
    for (const modifier of modifiers) {
      if (modifier === 'primary key') column = column.primaryKey();
      else if (modifier === 'not null') column = column.notNull();
      else if (modifier === 'unique') column = column.unique();
      else if ('default' in modifier) column = column.defaultTo(modifier.default);
      else if ('references' in modifier) {
        column = column.references(modifier.references);
        if (modifier.onDelete) column = column.onDelete(modifier.onDelete);
      }
    }
    return column;
  };
}
