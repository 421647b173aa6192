import type { Logger } from './log.js';

/**
 * Work a turn starts but need not wait for (e.g. storing an unanswered question for the knowledge-gap
 * report): it runs after the current turn has yielded — while the reply is on its way — so it adds
 * nothing to the reply's latency. Nothing is lost: a failure is logged, and shutdown drains every
 * pending piece before the store closes.
 */
export interface BackgroundWork {
  /** Runs `work` soon, off the caller's await chain. */
  defer(what: string, work: () => Promise<unknown>): void;
  /** Resolves once every deferred piece (including any deferred meanwhile) has finished. */
  drain(): Promise<void>;
  pending(): number;
}

export function createBackgroundWork(logger: Pick<Logger, 'warn'>): BackgroundWork {
  const running = new Set<Promise<void>>();
  return {
    defer(what, work) {
      const task: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(work)
        .then(
          () => undefined,
          (error: unknown) => logger.warn({ err: error, work: what }, 'background work failed'),
        )
        .finally(() => running.delete(task));
      running.add(task);
    },
    async drain() {
      while (running.size > 0) await Promise.all([...running]);
    },
    pending: () => running.size,
  };
}
