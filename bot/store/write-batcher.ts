/**
 * Rows that can wait a moment, written together: one multi-row statement (one transaction, one
 * fsync on SQLite) for everything added within `maxDelayMs`, instead of one commit per row. Under load
 * the unanswered-question store committed once per question, and each SQLite commit (WAL,
 * synchronous=FULL) syncs the log file while the event loop waits.
 *
 * Nothing is dropped to save a write: each `add` resolves once its row is stored and rejects with the
 * error if it could not be. When a batch fails as a whole, its rows are written one by one, so one
 * bad row costs only itself. `flush()` writes what is pending now (shutdown, tests).
 */
export interface WriteBatcher<T> {
  /** Queues a row; resolves when it has been written, rejects when it could not be. */
  add(row: T): Promise<void>;
  /** Writes every pending row now; resolves when they are all settled. */
  flush(): Promise<void>;
  pending(): number;
}

export interface WriteBatcherOptions<T> {
  /** Writes the rows in one statement. */
  writeMany(rows: T[]): Promise<void>;
  /** The longest a row waits for company. */
  maxDelayMs: number;
  /** A batch is written at once when it reaches this many rows (bounds the statement's parameters). */
  maxRows: number;
}

interface Pending<T> {
  row: T;
  resolve(): void;
  reject(error: unknown): void;
}

export function createWriteBatcher<T>(options: WriteBatcherOptions<T>): WriteBatcher<T> {
  let queue: Array<Pending<T>> = [];
  let timer: NodeJS.Timeout | null = null;
  const inFlight = new Set<Promise<void>>();

  async function write(batch: Array<Pending<T>>): Promise<void> {
    try {
      await options.writeMany(batch.map((p) => p.row));
      for (const p of batch) p.resolve();
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      // One row may be what failed the statement: the others still get stored.
      for (const p of batch) {
        try {
          await options.writeMany([p.row]);
          p.resolve();
        } catch (rowError) {
          p.reject(rowError);
        }
      }
    }
  }

  function startBatch(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = null;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return Promise.resolve();
    const task = write(batch).finally(() => inFlight.delete(task));
    inFlight.add(task);
    return task;
  }

  return {
    add(row) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        if (queue.length >= options.maxRows) void startBatch();
        else timer ??= setTimeout(() => void startBatch(), options.maxDelayMs);
      });
    },
    async flush() {
      await startBatch();
      await Promise.all([...inFlight]);
    },
    pending: () => queue.length,
  };
}
