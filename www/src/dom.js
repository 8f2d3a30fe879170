// Small DOM helpers shared by the panels. User text is only ever set as textContent, never as HTML.

/** The element with this id; throws when index.html lacks it (a bug, found at start-up). */
export function $(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`playground: #${id} missing from index.html`);
  return node;
}

/** Creates an element with a class and text (never HTML). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

export const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const objectName = (namespace, name) => (namespace ? `${namespace}/${name}` : name);

/** Replaces a <select>'s options. */
export function fillSelect(select, values, labels = values) {
  select.replaceChildren(
    ...values.map((v, i) => {
      const o = el("option", null, labels[i]);
      o.value = v;
      return o;
    }),
  );
}

export const errorText = (err) => (err instanceof Error ? err.message : String(err));
