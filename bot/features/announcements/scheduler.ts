/**
 * The announcement scheduler: a small loop that publishes every scheduled announcement whose time has
 * come, through the same service (and so the same approval mode, audience and audit) as everything
 * else. Publishing queues the outbox rows; delivering them is the outbox worker's job alone. Several
 * instances may run it: each announcement is published once, by whichever gets there first.
 */
import type { Logger } from '../../log.js';

export interface AnnouncementSchedulerOptions {
  /** Publishes what is due; returns how many announcements it published (the service's publishDue). */
  publishDue(): Promise<number>;
  /** How often to look (default 5 s). */
  everyMs?: number;
  logger: Logger;
  /** Told after a round that published something, so the outbox worker looks for the new rows at once. */
  onPublished?: (count: number) => void;
}

export interface AnnouncementScheduler {
  start(): void;
  /** Stops looking; waits for a round in progress. */
  stop(): Promise<void>;
  /** One round now (tests, and the first round at start). */
  tick(): Promise<number>;
}

export function createAnnouncementScheduler(options: AnnouncementSchedulerOptions): AnnouncementScheduler {
  const everyMs = options.everyMs ?? 5_000;
  let timer: NodeJS.Timeout | null = null;
  let running = false;
  let round: Promise<number> = Promise.resolve(0);

  async function tick(): Promise<number> {
    try {
      const published = await options.publishDue();
      if (published) {
        options.logger.info({ published }, 'scheduled announcements published');
        options.onPublished?.(published);
      }
      return published;
    } catch (error) {
      // A failed round (database busy, a bad row) is logged; the next round tries again.
      options.logger.error({ err: error }, 'publishing scheduled announcements failed');
      return 0;
    }
  }

  function schedule(delayMs: number): void {
    timer = setTimeout(() => {
      round = tick().finally(() => {
        if (running) schedule(everyMs);
      });
    }, delayMs);
    timer.unref?.();
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      await round;
    },
    tick,
  };
}
