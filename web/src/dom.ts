// A tiny element builder. Text always goes through textContent, never
// innerHTML, so nothing from the API can inject markup.

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'class') el.className = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child);
  }
  return el;
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...(children.filter((c) => c !== null && c !== undefined && c !== false) as (Node | string)[]));
}

// A message in place of content: "Loading…", "No drops recorded", ...
export function notice(text: string, kind: 'loading' | 'empty' = 'empty'): HTMLElement {
  return h('p', { class: `notice ${kind}` }, text);
}

// A table from column titles and rows of cells; `rowClass` marks special rows.
// On a phone-sized screen each row becomes a block of labelled cells
// (style.css, data-label), so no column is cut off.
export function table(
  name: string,
  columns: { title: string; numeric?: boolean }[],
  rows: { cells: (string | Node)[]; rowClass?: string }[],
): HTMLElement {
  const cls = (c?: { numeric?: boolean }) => (c?.numeric ? 'num' : undefined);
  const head = h('tr', {}, ...columns.map((c) => h('th', { class: cls(c), scope: 'col' }, c.title)));
  const body = rows.map((r) =>
    h('tr', { class: r.rowClass }, ...r.cells.map((cell, i) => h('td', { class: cls(columns[i]), 'data-label': columns[i]?.title }, cell))),
  );
  return h('div', { class: `table-wrap ${name}` }, h('table', {}, h('thead', {}, head), h('tbody', {}, ...body)));
}
