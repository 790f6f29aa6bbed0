// Filters from the results' metadata: keyword values taken from the whole fused ranking, each with
// the number of results ticking it gives (the API's count: the query's total with that value as its
// filter on the key, at most the ranking window), and each number's span. Ticking a value or setting
// a range re-runs the query with the filter applied inside the kNN search. Chosen values stay listed
// (and ticked) even when the facets no longer include them.

import { el } from './dom.js';
import { numberLabel, isDate, dateOf, secondsOf, boundText, valueNodes, isColour, colourName } from './values.js';

let uid = 0;
/** Whether the user unfolded the number ranges: kept across re-renders. */
let rangesOpen = false;

/** Values shown per key before "Show all". */
const SHOWN = 6;
/** Keys whose values the user unfolded: kept across re-renders. */
const unfolded = new Set();

function round(v) {
  return Math.abs(v) >= 100 ? Math.round(v) : Number(v.toPrecision(3));
}

/**
 * Renders the facets of `facets` (null before the first search) for the state's filter and
 * ranges; `onChange()` runs after the state was changed.
 */
export function renderFacets(container, empty, facets, state, onChange) {
  // After "Show all", focus the first value that was hidden (the button is gone).
  const unfold = (key) => {
    unfolded.add(key);
    renderFacets(container, empty, facets, state, onChange);
    container.querySelectorAll(`fieldset.facet[data-key="${CSS.escape(key)}"] input`)[SHOWN]?.focus();
  };
  container.replaceChildren();
  empty.hidden = Boolean(facets);
  if (!facets) return;
  const keys = new Set([...Object.keys(facets.keywords), ...Object.keys(state.filter)]);
  if (keys.size) container.append(el('p', { class: 'hint', id: 'facet-counts' }, 'Beside each value: how many results ticking it gives.'));
  for (const key of [...keys].sort()) {
    // The "Show" chips choose the kind of item: the same key as a facet would only contradict them.
    if (key === 'modality' && state.modality) continue;
    const counted = facets.keywords[key]?.values || [];
    const chosen = state.filter[key] || [];
    const values = [...counted];
    for (const v of chosen) if (!values.some((c) => c.value === v)) values.push({ value: v, count: 0 });
    if (!values.length) continue;
    const box = el('fieldset', { class: 'facet', 'data-key': key }, el('legend', {}, key.replaceAll('_', ' ')));
    // Long lists fold after a few values; a chosen value is always shown.
    const folded = !unfolded.has(key) && values.length > SHOWN + 1;
    for (const [i, { value, count }] of values.entries()) {
      if (folded && i >= SHOWN && !chosen.includes(value)) continue;
      const id = `facet-${++uid}`;
      const input = el('input', { type: 'checkbox', id, checked: chosen.includes(value), value });
      input.addEventListener('change', () => {
        const now = new Set(state.filter[key] || []);
        if (input.checked) now.add(value); else now.delete(value);
        if (now.size) state.filter[key] = [...now]; else delete state.filter[key];
        onChange();
      });
      box.append(el('div', { class: 'facet-value' }, input,
        el('label', { for: id }, ...valueNodes(value), el('span', { class: 'count' }, ` (${count})`))));
    }
    if (folded) {
      box.append(el('button', {
        type: 'button', class: 'small', textContent: `Show all ${values.length}`, 'aria-label': `Show all ${values.length} values of ${key}`,
        onclick: () => unfold(key),
      }));
    }
    const more = facets.keywords[key] ? facets.keywords[key].distinct - counted.length : 0;
    if (more > 0) box.append(el('p', { class: 'hint' }, `and ${more} rarer value${more > 1 ? 's' : ''}`));
    container.append(box);
  }
  const numbers = Object.entries(facets.numbers).filter(([, span]) => span.count > 0 && span.max > span.min);
  const rangeKeys = new Set([...numbers.map(([k]) => k), ...Object.keys(state.ranges)]);
  if (!rangeKeys.size) return;
  const ranges = el('details', { class: 'ranges', open: rangesOpen || Object.keys(state.ranges).length > 0 },
    el('summary', {}, 'Number ranges'));
  ranges.addEventListener('toggle', () => { rangesOpen = ranges.open; });
  for (const key of [...rangeKeys].sort()) {
    ranges.append(rangeRow(key, facets.numbers[key], state, onChange));
  }
  container.append(ranges);
}

/**
 * One number's row: its name on a line of its own (never cut inside a word), then the lowest and
 * highest accepted value — dates for `taken`, numbers with the ranking's span as placeholders.
 */
function rangeRow(key, span, state, onChange) {
  const r = state.ranges[key] || {};
  const name = numberLabel(key);
  const date = isDate(key);
  const nameId = `range-name-${++uid}`;
  const spanText = span ? `${span.count} of the results have it, ${boundText(key, round(span.min))} to ${boundText(key, round(span.max))}` : '';
  const row = el('div', { class: `range${date ? ' range-date' : ''}`, role: 'group', 'aria-labelledby': nameId, 'data-key': key },
    el('span', { id: nameId, class: 'range-name', title: spanText }, name));
  for (const end of ['min', 'max']) {
    const input = el('input', {
      type: date ? 'date' : 'number', id: `range-${++uid}`, 'aria-label': `${end === 'min' ? 'Lowest' : 'Highest'} ${name}`,
    });
    if (date) {
      input.value = r[end] === undefined ? '' : dateOf(r[end]);
    } else {
      input.step = 'any';
      input.value = r[end] ?? '';
      input.placeholder = span ? String(round(span[end])) : '';
    }
    input.addEventListener('change', () => {
      const range = { ...(state.ranges[key] || {}) };
      const v = input.value === '' ? undefined : date ? secondsOf(input.value, end === 'max') : Number(input.value);
      if (v === undefined || !Number.isFinite(v)) delete range[end]; else range[end] = v;
      if (range.min === undefined && range.max === undefined) delete state.ranges[key]; else state.ranges[key] = range;
      onChange();
    });
    if (date) row.append(el('span', { class: 'range-to', 'aria-hidden': 'true' }, end === 'min' ? 'from' : 'to'));
    row.append(input);
    if (!date && end === 'min') row.append(el('span', { class: 'range-to', 'aria-hidden': 'true' }, '–'));
  }
  return row;
}

/** The filters in force as removable chips ("shop: north ✕", "width ≥ 100 ✕") and "Clear filters". */
export function renderActive(list, state, onChange) {
  const chips = [];
  const chip = (text, remove, label = `${text} ✕`, spoken = `Remove filter ${text}`) => {
    const button = el('button', { type: 'button', class: 'secondary', 'aria-label': spoken }, ...[label].flat());
    button.addEventListener('click', () => { remove(); onChange(); });
    chips.push(el('li', {}, button));
  };
  for (const [key, values] of Object.entries(state.filter)) {
    for (const v of values) {
      chip(`${key.replaceAll('_', ' ')}: ${v}`, () => {
        state.filter[key] = state.filter[key].filter((x) => x !== v);
        if (!state.filter[key].length) delete state.filter[key];
      }, ...(isColour(v) ? [[`${key.replaceAll('_', ' ')}: `, ...valueNodes(v), ' ✕'],
        `Remove filter ${key.replaceAll('_', ' ')}: ${colourName(v)} ${v}`] : []));
    }
  }
  for (const [key, r] of Object.entries(state.ranges)) {
    const name = numberLabel(key);
    const [min, max] = [r.min, r.max].map((v) => (v === undefined ? undefined : boundText(key, v)));
    const text = min !== undefined && max !== undefined ? `${min} ≤ ${name} ≤ ${max}`
      : min !== undefined ? `${name} ≥ ${min}` : `${name} ≤ ${max}`;
    chip(text, () => { delete state.ranges[key]; });
  }
  if (chips.length > 1) {
    chip('', () => {
      for (const k of Object.keys(state.filter)) delete state.filter[k];
      for (const k of Object.keys(state.ranges)) delete state.ranges[k];
    }, 'Clear filters', 'Remove every filter');
  }
  list.replaceChildren(...chips);
}
