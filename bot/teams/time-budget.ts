/**
 * Time budgets at the Bot Framework edge. Teams shows an error on a card action after a few seconds and
 * re-sends invokes the bot answers slowly, so an invoke must be answered within 3 s even when a
 * dependency hangs. The work is not cancelled (it may still finish and, for example, store its result);
 * only the answer to the channel stops waiting for it.
 */

/** Budget for the work behind one invoke; the rest of the 3 s goes to botbuilder and the network. */
export const INVOKE_WORK_DEADLINE_MS = 2500;

/**
 * Resolves with `work`'s result, or with `onTimeout()`'s once `ms` have passed, whichever comes first.
 * The timer is cleared as soon as the work settles, so nothing keeps the process alive afterwards. A
 * rejection of the work after the deadline is swallowed (it has nobody left to report to); before the
 * deadline it propagates unchanged.
 */
export function withDeadline<T, F = T>(work: Promise<T>, ms: number, onTimeout: () => F | Promise<F>): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<{ timedOut: true }>((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), ms);
  });
  const settled = work.then(
    (value) => ({ timedOut: false as const, value }),
    (error: unknown) => ({ timedOut: false as const, error, failed: true as const }),
  );
  return Promise.race([settled, deadline]).then((outcome) => {
    clearTimeout(timer);
    if (outcome.timedOut) return onTimeout();
    if ('failed' in outcome) throw outcome.error;
    return outcome.value;
  });
}
