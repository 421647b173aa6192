/**
 * Builders for the Fluent controls the pages use, so every page gets the same kinds with the same
 * accessibility wiring. Text still enters only as text nodes (dom.ts).
 */
import type { Badge, Button, Checkbox, Dropdown, DropdownOption, Listbox, MessageBar, TextArea, TextInput } from '@fluentui/web-components';
import { h, type Attrs, type Child } from './dom.js';

// The tags registered by fluent.ts, so h('fluent-…') is typed. (Type-only: importing this module does not
// register anything, which keeps the views importable in Node unit tests.)
declare global {
  interface HTMLElementTagNameMap {
    'fluent-button': Button;
    'fluent-badge': Badge;
    'fluent-text-input': TextInput;
    'fluent-textarea': TextArea;
    'fluent-checkbox': Checkbox;
    'fluent-dropdown': Dropdown;
    'fluent-listbox': Listbox;
    'fluent-option': DropdownOption;
    'fluent-message-bar': MessageBar;
  }
}

/** primary: the page's main action; secondary: everything else; danger: the confirming step of a destructive action. */
export type ButtonKind = 'primary' | 'secondary' | 'danger';

/**
 * A Fluent button. `type` defaults to "button" (a Fluent submit button submits its form through
 * requestSubmit(), so the form's submit handler runs as before). The explicit role repeats what the
 * component sets through ElementInternals, for tools that read only attributes (axe-core, Playwright's
 * getByRole).
 */
export function actionButton(kind: ButtonKind, attrs: Attrs, ...children: Child[]): Button {
  const button = h(
    'fluent-button',
    { type: 'button', role: 'button', ...attrs, appearance: kind === 'primary' ? 'primary' : null },
    ...children,
  );
  if (kind === 'danger') button.classList.add('button-danger');
  return button;
}

/**
 * What a state badge says, independent of the page: neutral (new, draft, open), active (in progress,
 * waiting), success, danger, warning, and muted (closed, cancelled, duplicate; outlined with a dashed
 * border in app.css, so shape and not colour alone tells it apart).
 */
export type BadgeTone = 'neutral' | 'active' | 'success' | 'danger' | 'warning' | 'muted';

const BADGE_LOOK: Record<BadgeTone, { appearance: string; color: string }> = {
  neutral: { appearance: 'tint', color: 'informative' },
  active: { appearance: 'tint', color: 'brand' },
  success: { appearance: 'tint', color: 'success' },
  danger: { appearance: 'tint', color: 'danger' },
  warning: { appearance: 'tint', color: 'warning' },
  muted: { appearance: 'outline', color: 'informative' },
};

/** A Fluent badge for a state (feedback status, announcement status, delivery, step …). */
export function stateBadge(tone: BadgeTone, attrs: Attrs, ...children: Child[]): Badge {
  const look = BADGE_LOOK[tone];
  return h('fluent-badge', { ...attrs, appearance: look.appearance, color: look.color, 'data-tone': tone }, ...children);
}

/** The tone of a state name shared by the pages' vocabularies; unknown states are neutral. */
export function toneOf(state: string): BadgeTone {
  switch (state) {
    case 'under_review':
    case 'planned':
    case 'pending_approval':
    case 'scheduled':
    case 'assigned':
    case 'in_progress':
    case 'unanswered':
      return 'active';
    case 'done':
    case 'published':
    case 'delivered':
    case 'answered':
      return 'success';
    case 'rejected':
    case 'retracted':
    case 'failed':
    case 'downvoted':
      return 'danger';
    case 'duplicate':
    case 'closed':
    case 'cancelled':
    case 'unconfirmed':
    case 'not_applicable':
      return 'muted';
    default:
      return 'neutral';
  }
}

/**
 * Re-enables a Fluent button at once. FAST reflects `disabled` back to the attribute only on its next
 * update, and a form-associated element that still has the attribute cannot take focus, so a focus()
 * right after `disabled = false` would be lost.
 */
export function enableButton(button: Button): void {
  button.disabled = false;
  button.removeAttribute('disabled');
}

/**
 * A Fluent text input. Its value is `undefined` until it is connected unless set, so it starts as the
 * given value or '' like a native input (the pages read `.value.trim()` and count `.value.length`).
 */
export function textInput(attrs: Attrs, value = ''): TextInput {
  const input = h('fluent-text-input', attrs);
  input.value = value;
  return input;
}

/** A Fluent textarea; `rows` sets its minimum height (classes rows-2 … rows-8 in app.css). */
export function textArea(rows: 2 | 3 | 5 | 6 | 8, attrs: Attrs, value = ''): TextArea {
  const area = h('fluent-textarea', { resize: 'vertical', ...attrs, class: `rows-${rows}` });
  area.value = value;
  return area;
}

/**
 * A Fluent checkbox, named by a <label for> next to it (a form-associated element is labelable).
 * `checked` and `value` work like a native checkbox's, and it fires change and input events.
 */
export function checkbox(attrs: Attrs): Checkbox {
  return h('fluent-checkbox', attrs);
}

/** One choice of a dropdown: the value the page reads and the text the user sees. */
export interface Choice {
  value: string;
  label: string;
  disabled?: boolean;
}

/** How a dropdown is named: the id of its visible label, or a label of its own (rows of a table). */
export type DropdownName = { labelledBy: string } | { label: string };

/**
 * A Fluent dropdown (fluent-dropdown + fluent-listbox + fluent-option) in place of a <select>.
 * Like a native select, the first choice is selected when `selected` matches none (unless a
 * `placeholder` attribute asks for an empty start). Read it with selectedValue(); it fires `change` when
 * the user picks a choice. Fluent draws its focusable part, a <button role="combobox">, into the light
 * DOM once connected; that button gets the name (labelDropdown), so no aria-label is left on the host,
 * which has no role. `name` may be left out when formField() (forms.ts) labels it.
 */
export function dropdown(
  attrs: Attrs,
  choices: readonly Choice[],
  selected: string | null = null,
  name: DropdownName | null = null,
): Dropdown {
  const start = choices.some((c) => c.value === selected) ? selected : attrs.placeholder ? null : (choices[0]?.value ?? null);
  const options = choices.map((c) =>
    h('fluent-option', { value: c.value, selected: c.value === start, disabled: c.disabled ?? false }, c.label),
  );
  const element = h('fluent-dropdown', attrs, h('fluent-listbox', {}, ...options));
  // A dropdown built for formField() (forms.ts) is named there, by the label it draws.
  if (name) labelDropdown(element, name);
  return element;
}

/** The value of the selected choice, '' when none is (also while the dropdown is disabled, unlike Dropdown.value). */
export function selectedValue(element: Dropdown): string {
  for (const option of element.querySelectorAll('fluent-option')) if (option.selected) return option.value;
  return '';
}

/** The ARIA attributes the host carries for forms.ts (error and hint) that belong on the combobox button. */
const MIRRORED = ['aria-describedby', 'aria-invalid'] as const;

/**
 * Names a dropdown's combobox button (and says it is collapsed) and keeps aria-describedby/aria-invalid on
 * it in step with the host.
 * Fluent inserts (and on a type change re-inserts) the button in insertControl(); wrapping that instance
 * method names each new button as it appears.
 */
export function labelDropdown(element: Dropdown, name: DropdownName): void {
  const apply = () => {
    const control = element.control as HTMLElement | undefined;
    if (!control) return;
    if ('labelledBy' in name) control.setAttribute('aria-labelledby', name.labelledBy);
    else control.setAttribute('aria-label', name.label);
    // A combobox must say whether it is expanded; Fluent binds aria-expanded to `open`, which stays
    // undefined (no attribute) until the list is first opened, so it starts as "false" here.
    if (!control.hasAttribute('aria-expanded')) control.setAttribute('aria-expanded', 'false');
    syncDropdownAria(element);
  };
  // insertControl is protected in the typings; this instance-level wrapper only adds to what it does.
  const insertable = element as unknown as { insertControl(): void };
  const insert = insertable.insertControl.bind(element);
  insertable.insertControl = () => {
    insert();
    apply();
  };
  apply();
}

/** Copies the host's aria-describedby and aria-invalid to the combobox button (called by forms.ts after a change). */
export function syncDropdownAria(element: Dropdown): void {
  const control = element.control as HTMLElement | undefined;
  if (!control) return;
  for (const attribute of MIRRORED) {
    const value = element.getAttribute(attribute);
    if (value === null) control.removeAttribute(attribute);
    else control.setAttribute(attribute, value);
  }
}
