// The page's whole query as one plain object, and its two translations: to a URL (so every query
// is a link, and back/forward work) and to the API's JSON request. Uploaded images, sounds and videos
// cannot live in a URL: they travel in history.state (which holds File objects) and the link
// leaves them out, saying so. What a part holds, and how it reads in a link and in a request, its
// type's descriptor says (part-types.js).

import { partType, partTypes } from './part-types.js';

const DEFAULT_K = 24;
/** The API's default window: the depth of the fused ranking a pager can reach. */
const WINDOW = 100;
/** The "show" row: all items, or only items holding a picture, a sound or a video (the API's "modalities"). */
export const MODALITIES = ['', 'image', 'audio', 'video'];
/** Part types that are uploads: kept in history.state, never in the URL. */
export const UPLOADS = new Set(partTypes().filter((d) => d.upload).map((d) => d.type));

export function emptyState() {
  return { parts: [], page: 1, k: DEFAULT_K, fusion: 'score', modality: '', filter: {}, ranges: {}, fields: [], open: null,
    collapse: 'near' };
}

let nextKey = 1;
/** A new part with a page-local key (stable across re-renders, never sent). */
export function newPart(type, values = {}) {
  const part = { key: nextKey++, type, weight: 1, ...values };
  for (const [name, value] of Object.entries(partType(type)?.defaults?.() ?? {})) {
    if (!part[name]) part[name] = value;
  }
  return part;
}

/** A copy safe to keep in history.state and to restore later (keys renewed on restore). */
export function cloneState(state) {
  return {
    ...state,
    parts: state.parts.map((p) => ({ ...p, colours: p.colours ? [...p.colours] : undefined })),
    filter: Object.fromEntries(Object.entries(state.filter).map(([k, v]) => [k, [...v]])),
    ranges: Object.fromEntries(Object.entries(state.ranges).map(([k, v]) => [k, { ...v }])),
    fields: [...state.fields],
  };
}

/** The state as query parameters: p=type:weight:value per part, f=key:value, r=key:min:max, page, k, fusion, show, fields, open. */
export function toSearchParams(state) {
  const params = new URLSearchParams();
  for (const part of state.parts) {
    const toLink = partType(part.type)?.toLink;
    if (!toLink || !isSearchable(part)) continue;
    params.append('p', `${part.type}:${part.weight}:${toLink(part)}`);
  }
  for (const [key, values] of Object.entries(state.filter)) {
    for (const v of values) params.append('f', `${key}:${v}`);
  }
  for (const [key, r] of Object.entries(state.ranges)) {
    params.append('r', `${key}:${r.min ?? ''}:${r.max ?? ''}`);
  }
  if (state.page > 1) params.set('page', String(state.page));
  if (state.k !== DEFAULT_K) params.set('k', String(state.k));
  if (state.fusion !== 'score') params.set('fusion', state.fusion);
  if (state.modality) params.set('show', state.modality);
  if (state.fields.length) params.set('fields', state.fields.join(','));
  if (state.collapse !== 'near') params.set('copies', state.collapse);
  if (state.open) params.set('open', state.open);
  return params;
}

/** "a:b:c:d" split at the first n-1 colons: values (ids, text) may hold colons themselves. */
function splitFirst(s, n) {
  const out = [];
  let rest = s;
  for (let i = 0; i < n - 1; i++) {
    const at = rest.indexOf(':');
    if (at < 0) return null;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  out.push(rest);
  return out;
}

function finiteOr(value, fallback) {
  const n = Number(value);
  return value !== '' && Number.isFinite(n) ? n : fallback;
}

/**
 * The state a URL describes. What cannot be read is skipped and reported in `problems`, so a
 * mangled link still opens the rest of its query and says what it dropped.
 */
export function fromSearchParams(params) {
  const state = emptyState();
  const problems = [];
  for (const p of params.getAll('p')) {
    const f = splitFirst(p, 3);
    const weight = f ? Number(f[1]) : NaN;
    // Uploads have no fromLink: a link never holds them.
    const fromLink = f && partType(f[0])?.fromLink;
    if (!fromLink || !Number.isFinite(weight)) {
      problems.push(`query part “${p}”`);
      continue;
    }
    const [type, , value] = f;
    const read = fromLink(value);
    if (read.problem) {
      problems.push(read.problem);
      continue;
    }
    state.parts.push(newPart(type, { weight, ...read.values }));
  }
  for (const f of params.getAll('f')) {
    const kv = splitFirst(f, 2);
    if (!kv || !kv[0]) { problems.push(`filter “${f}”`); continue; }
    (state.filter[kv[0]] ||= []).push(kv[1]);
  }
  for (const r of params.getAll('r')) {
    const parts = r.split(':');
    if (parts.length !== 3 || !parts[0]) { problems.push(`range “${r}”`); continue; }
    const range = {};
    if (parts[1] !== '') range.min = finiteOr(parts[1], undefined);
    if (parts[2] !== '') range.max = finiteOr(parts[2], undefined);
    if (range.min === undefined && range.max === undefined) { problems.push(`range “${r}”`); continue; }
    state.ranges[parts[0]] = range;
  }
  state.page = Math.max(1, Math.floor(finiteOr(params.get('page') ?? '', 1)));
  state.k = Math.min(200, Math.max(1, Math.floor(finiteOr(params.get('k') ?? '', DEFAULT_K))));
  // No page past the ranking's depth: the API refuses an offset beyond the window.
  state.page = Math.min(state.page, Math.floor(Math.max(WINDOW, state.k) / state.k) + 1);
  state.fusion = params.get('fusion') === 'rrf' ? 'rrf' : 'score';
  const show = params.get('show') ?? '';
  if (MODALITIES.includes(show)) state.modality = show;
  else problems.push(`show “${show}”`);
  state.fields = (params.get('fields') || '').split(',').filter(Boolean);
  state.open = params.get('open') || null;
  const copies = params.get('copies') ?? 'near';
  if (COLLAPSE.includes(copies)) state.collapse = copies;
  else problems.push(`copies “${copies}”`);
  return { state, problems };
}

/** How copies show in results: one per near or exact group, or all (the link's copies=). */
export const COLLAPSE = ['near', 'exact', 'none'];

/** The levels the server has duplicate groups for (/api/duplicates/levels), collapse's only choices. */
let collapsible = new Set();

export function setCollapsible(levels) {
  collapsible = new Set(levels.filter((l) => l !== 'similar'));
}

/** True when the query has something to search for: a part with a value. */
export function isSearchable(part) {
  return partType(part.type)?.complete(part) ?? false;
}

/** The API's JSON request for a state (parts without a value are left out; the caller checks there is one). */
export function toRequest(state) {
  const parts = state.parts.filter(isSearchable)
    .map((p) => ({ type: p.type, weight: p.weight, ...partType(p.type).request(p) }));
  const request = {
    parts, k: state.k, offset: (state.page - 1) * state.k, window: Math.max(WINDOW, state.k), fusion: state.fusion, facets: true,
  };
  if (state.modality) request.modalities = [state.modality];
  if (Object.keys(state.filter).length) request.filter = state.filter;
  if (Object.keys(state.ranges).length) request.ranges = state.ranges;
  if (state.fields.length) request.fields = state.fields;
  // One hit per group of copies: only at a level the server has groups for (else the API says 409).
  if (collapsible.has(state.collapse)) request.collapse = state.collapse;
  return request;
}
