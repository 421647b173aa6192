/**
 * A readable preview of an Adaptive Card the server rendered (announcements): text blocks, containers,
 * fact sets, hidden language sections and button titles, drawn with our own elements. It is not a full
 * Adaptive Card renderer — just enough to check what readers will see. Text stays text (no innerHTML);
 * the backslashes the bot puts before Markdown characters in user text are taken out again.
 */
import { h, type Child } from './dom.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** `\*` → `*`: the escapes only stop Teams from reading user text as Markdown. */
export function unescapeCardText(text: string): string {
  return text.replace(/\\([\\`*_{}[\]()#+!|~<>\-=.0-9])/g, '$1');
}

function textBlock(element: Json): HTMLElement {
  const classes = ['card-text'];
  if (element.weight === 'Bolder') classes.push('card-text-bold');
  if (element.isSubtle === true) classes.push('card-text-subtle');
  if (element.size === 'Small') classes.push('card-text-small');
  if (element.size === 'Medium' || element.size === 'Large' || element.style === 'heading') classes.push('card-text-heading');
  if (element.color === 'Good') classes.push('card-text-good');
  if (element.color === 'Attention') classes.push('card-text-attention');
  return h('p', { class: classes.join(' ') }, unescapeCardText(str(element.text)));
}

function actionTitles(actions: Json[]): HTMLElement | null {
  const titles = actions.map((a) => str(a.title)).filter(Boolean);
  if (!titles.length) return null;
  // Shown, not usable: the preview's buttons do nothing, so they are plain labels.
  return h('p', { class: 'card-actions' }, ...titles.map((title) => h('span', { class: 'card-action' }, title)));
}

function elements(items: Json[], hiddenNote: string): Child[] {
  return items.map((element) => render(element, hiddenNote));
}

function render(element: Json, hiddenNote: string): Child {
  switch (element.type) {
    case 'TextBlock':
      return textBlock(element);
    case 'RichTextBlock':
      return h('p', { class: 'card-text' }, ...list(element.inlines).map((inline) => unescapeCardText(str(inline.text))));
    case 'FactSet':
      return h(
        'dl',
        { class: 'card-facts' },
        ...list(element.facts).flatMap((fact) => [
          h('dt', {}, unescapeCardText(str(fact.title))),
          h('dd', {}, unescapeCardText(str(fact.value))),
        ]),
      );
    case 'Container': {
      const style = str(element.style);
      const hidden = element.isVisible === false;
      return h(
        'div',
        { class: `card-container${style ? ` card-style-${style}` : ''}${hidden ? ' card-collapsed' : ''}` },
        hidden ? h('p', { class: 'card-text card-text-subtle card-text-small' }, hiddenNote) : null,
        ...elements(list(element.items), hiddenNote),
      );
    }
    case 'ColumnSet':
      return h(
        'div',
        { class: 'card-columns' },
        ...list(element.columns).map((column) => h('div', { class: 'card-column' }, ...elements(list(column.items), hiddenNote))),
      );
    case 'ActionSet':
      return actionTitles(list(element.actions));
    case 'Image':
      return element.altText ? h('p', { class: 'card-text card-text-subtle' }, `[${str(element.altText)}]`) : null;
    default:
      return null;
  }
}

/** The preview of `card`; `hiddenNote` labels sections readers open with a toggle (other languages). */
export function cardPreview(card: unknown, label: string, hiddenNote: string): HTMLElement {
  const root = isObject(card) ? card : {};
  return h(
    'div',
    { class: 'card-preview', role: 'group', 'aria-label': label },
    ...elements(list(root.body), hiddenNote),
    actionTitles(list(root.actions)),
  );
}
