/**
 * Watches an SQLite store for writes between two points, cheaply: SQLite's total_changes() tells
 * whether this connection wrote anything at all, and only then are the tables hashed to name the
 * ones that changed. The fuzz suites call `changedTables()` after every payload.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Store } from '../../../bot/store/db.js';

export class DbWatch {
  private hashes = new Map<string, string>();
  private changes = 0;

  private constructor(
    private readonly store: Store,
    readonly tables: string[],
  ) {}

  static async create(store: Store): Promise<DbWatch> {
    if (store.dialect !== 'sqlite') throw new Error('DbWatch reads SQLite only');
    const rows = await sql<{
      name: string;
    }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY name`.execute(
      store.db,
    );
    const watch = new DbWatch(
      store,
      rows.rows.map((r) => r.name),
    );
    await watch.reset();
    return watch;
  }

  private async totalChanges(): Promise<number> {
    const result = await sql<{ n: number }>`SELECT total_changes() AS n`.execute(this.store.db);
    return Number(result.rows[0]?.n ?? 0);
  }

  async tableHash(table: string): Promise<string> {
    const rows = await sql.raw<Record<string, unknown>>(`SELECT * FROM "${table}" ORDER BY rowid`).execute(this.store.db);
    return createHash('sha1').update(JSON.stringify(rows.rows)).digest('hex');
  }

  async rowCounts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of this.tables) {
      const result = await sql.raw<{ n: number }>(`SELECT count(*) AS n FROM "${table}"`).execute(this.store.db);
      out[table] = Number(result.rows[0]?.n ?? 0);
    }
    return out;
  }

  /** Takes the current state as the new baseline. */
  async reset(): Promise<void> {
    this.changes = await this.totalChanges();
    for (const table of this.tables) this.hashes.set(table, await this.tableHash(table));
  }

  /** Tables whose content differs from the baseline; the current state becomes the baseline. */
  async changedTables(): Promise<string[]> {
    const changes = await this.totalChanges();
    if (changes === this.changes) return [];
    this.changes = changes;
    const changed: string[] = [];
    for (const table of this.tables) {
      const hash = await this.tableHash(table);
      if (hash !== this.hashes.get(table)) changed.push(table);
      this.hashes.set(table, hash);
    }
    return changed;
  }

  /** Every text cell of every table, labelled `table.column`, for the privacy scanner. */
  async textCells(): Promise<Array<{ label: string; text: string }>> {
    const cells: Array<{ label: string; text: string }> = [];
    for (const table of this.tables) {
      const rows = await sql.raw<Record<string, unknown>>(`SELECT * FROM "${table}"`).execute(this.store.db);
      for (const row of rows.rows) {
        for (const [column, value] of Object.entries(row))
          if (typeof value === 'string') cells.push({ label: `${table}.${column}`, text: value });
      }
    }
    return cells;
  }
}
