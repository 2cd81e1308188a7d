/** A few DOM helpers: elements from data (text is always text — nothing here parses HTML), time formatting. */

type Child = Node | string | number | null | undefined | false;
type AttrValue = string | number | boolean | null | undefined | ((event: Event) => void);

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, AttrValue> = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (name === 'class') element.className = String(value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export function replace(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
}

/** "23 Nov 2026, 10:00" in the viewer's time zone, with the ISO text as a tooltip via <time>. */
export function time(iso: string | number | undefined | null): HTMLElement | string {
  if (iso === undefined || iso === null || iso === '') return '–';
  const date = typeof iso === 'number' ? new Date(iso * 1000) : new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return h('time', { datetime: date.toISOString(), title: date.toISOString() }, formatDate(date));
}

export function formatDate(date: Date): string {
  return date.toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** A polite live message under a form or section. */
export function notice(element: HTMLElement, text: string, kind: 'info' | 'error' | 'success' = 'info'): void {
  element.textContent = text;
  element.dataset.kind = kind;
  element.hidden = text === '';
}

export function badge(text: string, tone: string): HTMLElement {
  return h('span', { class: `badge badge-${tone}` }, text);
}
