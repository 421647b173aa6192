/**
 * Index builds written as generators that pause (`yield`) between slices of their work, run either in one
 * go (start-up tools, tests) or handing the event loop back at every pause (a KB reload while the bot keeps
 * answering with the old indexes). One generator per build keeps one code path: both ways run the very
 * same steps in the same order and give the same index.
 */

/** A build that pauses between slices of its work and returns what it built. */
export type BuildSteps<T> = Generator<void, T, void>;

/** Lets queued events (a question arriving during a reload) run before the next slice of work. */
export const yieldToEventLoop = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs a build without pausing. */
export function runWhole<T>(steps: BuildSteps<T>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** Runs a build, letting the event loop through at each of its pauses. */
export async function runYielding<T>(steps: BuildSteps<T>): Promise<T> {
  let step = steps.next();
  while (!step.done) {
    await yieldToEventLoop();
    step = steps.next();
  }
  return step.value;
}

/**
 * Counts a build's work (articles, documents, training steps) and says when a slice is full: the build
 * pauses there (`if (slices.full()) yield;`). Counting work rather than time keeps where a build pauses
 * the same on every run.
 */
export class Slices {
  private done = 0;

  /** `size` units of work per slice (Infinity: one slice, as runWhole needs no pauses). */
  constructor(private readonly size: number) {}

  /** Counts `work` more units; true, and a new slice begun, once the current one has `size` or more. */
  full(work = 1): boolean {
    this.done += work;
    if (this.done < this.size) return false;
    this.done = 0;
    return true;
  }
}
