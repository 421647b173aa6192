/**
 * Form helpers for the feedback and announcement pages: a labelled control with its own error line
 * (aria-describedby, aria-invalid), and an error summary that lists every problem as a link to its field.
 * Client-side checks only spare a round trip; the server's problems are shown the same way.
 */
import type { FieldProblem } from './api.js';
import type { Dropdown, TextArea, TextInput } from '@fluentui/web-components';
import { labelDropdown, selectedValue, syncDropdownAria } from './controls.js';
import { append, clear, h, uid, type Child } from './dom.js';

/** A Fluent text control: it renders its own <label> and native control inside its shadow root. */
export type FluentTextControl = TextInput | TextArea;
export type Control = HTMLInputElement | HTMLTextAreaElement | FluentTextControl | Dropdown;

export function isFluentText(control: Element): control is FluentTextControl {
  return control.localName === 'fluent-text-input' || control.localName === 'fluent-textarea';
}

export function isDropdown(control: Element): control is Dropdown {
  return control.localName === 'fluent-dropdown';
}

/** What a control holds now: its text, or a dropdown's chosen value ('' when none). */
export function controlValue(control: Control): string {
  return isDropdown(control) ? selectedValue(control) : control.value;
}

/**
 * Labels a Fluent text control through its own label slot. Its inner native control is named by that
 * label; an outer <label for> would name only the host element, which has no role.
 */
export function labelFluentText(control: FluentTextControl, ...content: Child[]): void {
  if (control.localName === 'fluent-textarea') control.append(h('span', { slot: 'label' }, ...content));
  else append(control, content);
}

/** The native control inside a Fluent text control (rendered once it is connected). */
function innerControl(control: FluentTextControl): HTMLInputElement | HTMLTextAreaElement | null {
  return control.shadowRoot?.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea') ?? null;
}

export interface FormField {
  name: string;
  control: Control;
  wrapper: HTMLElement;
  setError(message: string | null): void;
}

export function formField(
  name: string,
  label: string,
  control: Control,
  options: { hint?: string; extraClass?: string; after?: Child } = {},
): FormField {
  control.id ||= uid(`field-${name.replace(/[^a-z0-9]/gi, '-')}`);
  control.setAttribute('name', name);
  const errorId = uid('error');
  const hintId = options.hint ? uid('hint') : null;
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const hint = options.hint ? h('p', { id: hintId, class: 'field-hint' }, options.hint) : null;
  const describedBy = () => [hintId, error.hidden ? null : errorId].filter(Boolean).join(' ');
  const fluent = isFluentText(control);
  if (fluent) labelFluentText(control, label);
  // A dropdown's combobox button is named by the label's id (a <label for> would name only the host).
  const labelId = isDropdown(control) ? uid('label') : null;
  if (labelId) labelDropdown(control as Dropdown, { labelledBy: labelId });
  const wrapper = h(
    'div',
    { class: `field${options.extraClass ? ` ${options.extraClass}` : ''}`, 'data-field': name },
    fluent ? null : h('label', { for: control.id, id: labelId }, label),
    hint,
    control,
    options.after,
    error,
  );
  const refresh = () => {
    const ids = describedBy();
    if (ids) control.setAttribute('aria-describedby', ids);
    else control.removeAttribute('aria-describedby');
    // IDs do not reach into a shadow root: the inner control gets the hint and error as elements.
    const inner = fluent ? innerControl(control) : null;
    if (inner && 'ariaDescribedByElements' in inner) {
      (inner as unknown as { ariaDescribedByElements: Element[] | null }).ariaDescribedByElements = [
        hint,
        error.hidden ? null : error,
      ].filter((e): e is HTMLParagraphElement => e !== null);
    }
    if (isDropdown(control)) syncDropdownAria(control);
  };
  refresh();
  return {
    name,
    control,
    wrapper,
    setError(message) {
      error.textContent = message ?? '';
      error.hidden = !message;
      for (const target of [control, fluent ? innerControl(control) : null]) {
        if (!target) continue;
        if (message) target.setAttribute('aria-invalid', 'true');
        else target.removeAttribute('aria-invalid');
      }
      refresh();
    },
  };
}

/** A live character count under a text control, e.g. "120 / 4000". */
export function charCounter(control: HTMLInputElement | HTMLTextAreaElement | FluentTextControl, max: number): HTMLElement {
  const counter = h('span', { class: 'char-count', 'aria-hidden': 'true' });
  const update = () => {
    counter.textContent = `${control.value.length} / ${max}`;
    counter.classList.toggle('over', control.value.length > max);
  };
  control.addEventListener('input', update);
  update();
  return counter;
}

/**
 * The summary box at the top of a form. show() lists the problems (each a link that focuses its field)
 * and moves focus to the box so screen-reader users hear it.
 */
export function problemSummary(title: string): {
  element: HTMLElement;
  show(problems: FieldProblem[], fields: FormField[]): void;
  hide(): void;
} {
  const titleId = uid('problems-title');
  const list = h('ul', {});
  let shownFor: FormField[] = [];
  const element = h(
    'div',
    { class: 'problem-summary', role: 'alert', tabindex: '-1', 'aria-labelledby': titleId, hidden: true },
    h('p', { id: titleId, class: 'problem-title' }, title),
    list,
  );
  return {
    element,
    show(problems, fields) {
      clear(list);
      shownFor = fields;
      for (const field of fields) field.setError(null);
      for (const problem of problems) {
        const field = fields.find((f) => f.name === problem.field);
        field?.setError(problem.message);
        list.appendChild(
          h(
            'li',
            {},
            field
              ? h(
                  'a',
                  {
                    href: `#${field.control.id}`,
                    onclick: (e: Event) => {
                      e.preventDefault();
                      field.control.focus();
                    },
                  },
                  problem.message,
                )
              : problem.message,
          ),
        );
      }
      element.hidden = problems.length === 0;
      if (problems.length) element.focus();
    },
    hide() {
      element.hidden = true;
      clear(list);
      for (const field of shownFor) field.setError(null);
    },
  };
}

/** A request id for idempotent POSTs: a double click or a retry is answered with the first result. */
export function newRequestId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
