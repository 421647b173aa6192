/** Helpers for testing the builds that hand the event loop back between slices (bot/features/guidance/build-steps.ts). */

/**
 * Everything a built index holds, as JSON: Maps and Sets as entry lists, typed arrays as plain arrays,
 * minisearch indexes through their own toJSON; functions (closures made per build) drop out. Two builds
 * of one KB made the same index when their serialized states are equal.
 */
export function serializedState(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Map) return { map: [...v] };
    if (v instanceof Set) return { set: [...v] };
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return { typed: Array.from(v as unknown as ArrayLike<number>) };
    return v;
  });
}

/**
 * How many times a chain of immediate callbacks ran while `work` was awaited: 0 for work done in one
 * piece (its await resumes before any immediate callback), about one per pause for work done in slices.
 */
export async function eventLoopTurnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number }> {
  let turns = 0;
  let counting = true;
  const tick = () => {
    if (!counting) return;
    turns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    const result = await work();
    return { result, turns };
  } finally {
    counting = false;
  }
}
