import type { UserText } from './card.js';

/**
 * A catalog sentence built around text a person typed, e.g. `withUserText(t.youAsked, userText(question))`.
 * The catalog's own words are trusted and the typed part must already be `UserText`, so the sentence as a
 * whole may fill a template field typed `UserText` (the compiler refuses raw input as `typed`).
 */
export function withUserText<Rest extends unknown[]>(
  format: (typed: string, ...rest: Rest) => string,
  typed: UserText,
  ...rest: Rest
): UserText {
  return format(typed, ...rest) as UserText;
}

/** Lines of `UserText` as a Markdown bullet list: the markers are ours, each line's text was escaped. */
export function userTextList(lines: readonly UserText[]): UserText {
  return lines.map((line) => `- ${line}`).join('\n') as UserText;
}
