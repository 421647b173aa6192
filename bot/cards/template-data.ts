/**
 * Shapes that many card templates take, declared once. A button is an Action.Execute in the template,
 * which adds an Action.Submit fallback with the same title and data; the data repeats the verb because
 * the fallback (clients without Universal Actions) only sends the data.
 */
export interface ButtonData {
  title: string;
  verb: string;
  data: Record<string, unknown> & { verb: string };
}

export interface FactData {
  title: string;
  value: string;
}

export interface ChoiceData {
  title: string;
  value: string;
}

export interface LinkData {
  title: string;
  url: string;
}

export function button(title: string, verb: string, data: Record<string, unknown> = {}): ButtonData {
  return { title, verb, data: { verb, ...data } };
}

/** A form template's input values: what the person typed or what is kept, and '' for an input left empty. */
export function inputValues<K extends string>(kept: Partial<Record<K, string | undefined>>, names: readonly K[]): Record<K, string> {
  return Object.fromEntries(names.map((name) => [name, kept[name] ?? ''])) as Record<K, string>;
}
