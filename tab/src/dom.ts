/**
 * A tiny element builder. Text only ever enters the page as text nodes (never innerHTML), so data from
 * the API cannot become markup.
 */
export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  applyAttrs(element, attrs);
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function svg(tag: string, attrs: Attrs = {}, ...children: Child[]): SVGElement {
  const element = document.createElementNS(SVG_NS, tag);
  applyAttrs(element, attrs);
  append(element, children);
  return element;
}

function applyAttrs(element: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') {
      element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function clear(element: Element): void {
  while (element.firstChild) element.removeChild(element.firstChild);
}

/** How a toast is coloured: success green, destructive outcomes (deleted, removed, retracted) and errors red. */
export type ToastKind = 'info' | 'success' | 'destructive' | 'error';

/** The Fluent message bar intent of each kind (its icon-less layout; app.css keeps Teams' strong toast colours). */
const TOAST_INTENT: Record<ToastKind, string> = { info: 'info', success: 'success', destructive: 'error', error: 'error' };

/**
 * Announces a message to screen readers and shows it in the toast area: the <fluent-message-bar
 * id="announcer"> of index.html, a status live region (its role is also an attribute for tools that read
 * only attributes).
 */
export function announce(message: string, kind: ToastKind = 'info'): void {
  const region = document.getElementById('announcer');
  if (!region) return;
  clear(region);
  region.className = `toast toast-${kind}`;
  region.setAttribute('intent', TOAST_INTENT[kind]);
  region.appendChild(document.createTextNode(message));
  region.hidden = false;
}

export function hideAnnouncement(): void {
  const region = document.getElementById('announcer');
  if (region) region.hidden = true;
}

let idCounter = 0;
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
