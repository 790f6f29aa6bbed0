// One helper to build elements: el('button', { class: 'small', 'aria-label': 'Remove', onclick }, 'text', child…).
// ARIA, data and a few HTML attributes (for, list, role, scope) are set as attributes, the rest as
// properties; null and undefined children are skipped.

const ATTRIBUTES = new Set(['for', 'list', 'role', 'scope']);

export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('aria-') || k.startsWith('data-') || ATTRIBUTES.has(k)) e.setAttribute(k, v);
    else e[k] = v;
  }
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
}
