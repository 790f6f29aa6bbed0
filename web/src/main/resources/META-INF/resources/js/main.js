// The search page: one state object (query-state.js) drives the composer, the request, the URL
// and the results. User actions change the state and call go(): the URL is pushed (a new
// history entry) or, while typing, replaced; the search runs, superseding any still in flight.
// Back/forward restore a state from history (or from the URL alone, for a link) and search again
// only when the query differs.

import * as api from './api.js';
import {
  emptyState, newPart, cloneState, toSearchParams, fromSearchParams, toRequest, isSearchable, UPLOADS, setCollapsible,
} from './query-state.js';
import { Composer, partForFile, describe } from './composer.js';
import { partType, partTypes, accept, uploadNouns } from './part-types.js';
import { renderHits, renderPager, title } from './results.js';
import { renderFacets, renderActive } from './facets.js';
import { showDetail } from './detail.js';
import { el } from './dom.js';
import { watchIndexing } from './indexing.js';

const $ = (id) => document.getElementById(id);
const TYPING_DELAY_MS = 300;

let state = emptyState();
let lastResult = null;
let lastQuery = null;
let typingTimer = null;
/** True while consecutive keystrokes share one history entry. */
let typingEntry = false;
/** Set while the dialog is closed because history moved, so closing does not move history again. */
let closingFromHistory = false;
let openedFrom = null;
/** The part types the API answers (/api/stats partTypes); null until it said. */
let offered = null;

const composer = new Composer($('parts'), { onChange: changed });

function setStatus(text, isError = false) {
  $('status').textContent = text;
  $('status').className = isError ? 'error' : '';
  $('status').setAttribute('role', isError ? 'alert' : 'status');
}

/** A change to the query: start at page 1 and search (debounced while typing). */
function changed(kind) {
  state.page = 1;
  state.open = null;
  clearTimeout(typingTimer);
  if (kind === 'typing') {
    // Busy from the keystroke on: the results shown no longer answer the text in the box.
    $('results').setAttribute('aria-busy', 'true');
    typingTimer = setTimeout(() => go(typingEntry ? 'replace' : 'push', true), TYPING_DELAY_MS);
  } else {
    go('push');
  }
}

function historyEntry() {
  return { state: cloneState(state) };
}

function url() {
  const q = toSearchParams(state).toString();
  return q ? `?${q}` : location.pathname;
}

function record(mode) {
  if (mode === 'push' && new URL(url(), location.href).href !== location.href) {
    history.pushState(historyEntry(), '', url());
  } else {
    history.replaceState(historyEntry(), '', url());
  }
  updateLinkNote([]);
}

async function go(mode, typing = false) {
  typingEntry = typing;
  record(mode);
  await runSearch();
}

function updateLinkNote(problems) {
  const notes = [];
  if (state.parts.some((p) => UPLOADS.has(p.type))) {
    notes.push('Uploaded files (images, sounds, videos) are not in this page’s link: the server does not keep them. To share such a '
      + 'query, use an indexed item instead (“Similar” or “+ Query” on a result).');
  }
  if (problems.length) notes.push(`Parts of the link could not be read and were left out: ${problems.join(', ')}.`);
  $('link-note').textContent = notes.join(' ');
  $('link-note').hidden = notes.length === 0;
}

function clearResults() {
  lastResult = null;
  lastQuery = null;
  $('results').replaceChildren();
  $('summary').textContent = '';
  $('pager').hidden = true;
  renderFacets($('facets'), $('filters-empty'), null, state, () => changed('edit'));
  // Filters stay removable when they leave nothing to show.
  renderActive($('active-filters'), state, () => changed('edit'));
}

async function runSearch() {
  const searchable = state.parts.filter(isSearchable);
  if (!searchable.length) {
    api.cancel();
    $('results').setAttribute('aria-busy', 'false');
    clearResults();
    setStatus('Type some text, or add an image, a sound, colours or look words.');
    return;
  }
  if (!searchable.some((p) => p.weight > 0)) {
    api.cancel();
    $('results').setAttribute('aria-busy', 'false');
    clearResults();
    setStatus('At least one part needs a weight above 0: parts below 0 only push results down.', true);
    return;
  }
  const request = toRequest(state);
  const query = JSON.stringify(request);
  setStatus('Searching…');
  $('results').setAttribute('aria-busy', 'true');
  const outcome = await api.search(request);
  if (!outcome) return; // a newer search replaced this one
  $('results').setAttribute('aria-busy', 'false');
  if (outcome.error) {
    clearResults();
    setStatus(withPartNames(outcome.error), true);
    return;
  }
  lastQuery = query;
  render(outcome.result);
}

function render(result) {
  lastResult = result;
  renderHits($('results'), result.hits, result.offset, {
    open: (hit) => openDetail(hit.item, hit, true), similar: (hit) => similar(hit.item), add: (hit, w) => addItem(hit.item, w),
  });
  renderPager(result, state.page, state.k,
    { summary: $('summary'), pager: $('pager'), info: $('page-info'), prev: $('prev'), next: $('next') });
  renderFacets($('facets'), $('filters-empty'), result.facets, state, () => changed('edit'));
  renderActive($('active-filters'), state, () => changed('edit'));
  const t = result.timingsMs;
  setStatus(`${result.total} results · encode ${t.encode.toFixed(1)} ms · knn ${t.knn.toFixed(1)} ms · fuse ${t.fuse.toFixed(1)} ms`);
  applyOpen();
}

/** The composer's index of the part the API numbered i (it sees only the parts with a value). */
function composerIndex(i) {
  return state.parts.indexOf(state.parts.filter(isSearchable)[i]);
}

/** Names of the parts the API saw, in its order (the explanation's part indices), numbered as the composer shows them. */
function partNames() {
  return state.parts.filter(isSearchable).map((p, i) => describe(p, composerIndex(i)));
}

/** The API's "part 0: …" (counted from 0 over the parts sent) as the composer's "Part 1 (look): …". */
function withPartNames(message) {
  return message.replace(/\bpart (\d+):/, (whole, i) => {
    const at = composerIndex(Number(i));
    return at < 0 ? whole : `Part ${at + 1} (${partType(state.parts[at].type)?.word ?? state.parts[at].type}):`;
  });
}

const detailActions = { similar: (item) => similar(item), add: (item, w) => addItem(item, w) };

function openDetail(item, hit, push) {
  if (!$('detail').open) openedFrom = document.activeElement;
  state.open = item.id;
  if (push) {
    history.pushState({ ...historyEntry(), pushedOpen: true }, '', url());
  }
  showDetail($('detail'), item, hit, partNames(), detailActions);
}

/** Shows the dialog the state asks for (from a link or history), or closes it. */
async function applyOpen() {
  const dialog = $('detail');
  if (!state.open) {
    if (dialog.open) {
      closingFromHistory = true;
      dialog.close();
    }
    return;
  }
  const hit = lastResult?.hits.find((h) => h.item.id === state.open) || null;
  if (hit) {
    showDetail(dialog, hit.item, hit, partNames(), detailActions);
    return;
  }
  const id = state.open;
  try {
    const item = await api.getJson(`/api/items/${id.split('/').map(encodeURIComponent).join('/')}`);
    if (state.open === id) showDetail(dialog, item, null, partNames(), detailActions);
  } catch (e) {
    setStatus(`Cannot show item ${id}: ${e.message}`, true);
  }
}

$('detail').addEventListener('close', () => {
  for (const media of $('detail').querySelectorAll('video, audio')) media.pause();
  const fromHistory = closingFromHistory;
  closingFromHistory = false;
  openedFrom?.isConnected && openedFrom.focus();
  openedFrom = null;
  if (fromHistory || !state.open) return;
  state.open = null;
  // Opened with a new history entry: closing goes back to the entry before it, as Back would.
  if (history.state?.pushedOpen) history.back();
  else history.replaceState(historyEntry(), '', url());
});
$('detail-close').addEventListener('click', () => $('detail').close());

function similar(item) {
  if ($('detail').open) {
    closingFromHistory = true;
    $('detail').close();
  }
  state.parts.splice(0, state.parts.length, newPart('item', { id: item.id, thumbnail: item.thumbnail }));
  composer.show(state.parts);
  changed('edit');
  $('results-heading').focus();
}

function addItem(item, weight) {
  if ($('detail').open) {
    closingFromHistory = true;
    $('detail').close();
  }
  composer.add(newPart('item', { id: item.id, thumbnail: item.thumbnail, weight }));
  setStatus(`Added ${title(item)} to the query${weight < 0 ? ' as “less like this”' : ''}.`);
}

// --- page controls -------------------------------------------------------------------------

$('query').addEventListener('submit', (e) => {
  e.preventDefault();
  clearTimeout(typingTimer);
  state.page = 1;
  go('push');
});

function turnPage(delta) {
  state.page += delta;
  state.open = null;
  go('push').then(() => $('results-heading').focus());
}
$('prev').addEventListener('click', () => turnPage(-1));
$('next').addEventListener('click', () => turnPage(1));

// One add button per part type that has one ("+ Text"), and a hidden file picker per upload type
// ("#image-file"), before the Search button; start() hides the buttons the API does not answer.
for (const { type, label } of partTypes().filter((d) => d.addButton)) {
  $('go').before(el('button', {
    type: 'button', class: 'add', 'data-add': type, textContent: `+ ${label}`,
    onclick: () => (UPLOADS.has(type) ? $(`${type}-file`).click() : composer.add(newPart(type))),
  }));
}
for (const type of UPLOADS) {
  $('go').before(el('input', {
    id: `${type}-file`, type: 'file', accept: accept(partType(type)), hidden: true,
    onchange: async (e) => {
      await addFiles([...e.target.files]);
      e.target.value = '';
    },
  }));
}

async function addFiles(files) {
  for (const file of files) {
    const part = await partForFile(file, offered);
    if (part) composer.add(part);
    else setStatus(`${file.name || 'That file'} is not ${uploadNouns([...UPLOADS].filter((t) => !offered || offered.has(t)))}.`, true);
  }
}

document.addEventListener('paste', (e) => {
  const files = [...(e.clipboardData?.files || [])];
  if (files.length) {
    e.preventDefault();
    addFiles(files);
  }
});
document.addEventListener('dragover', (e) => {
  if ([...e.dataTransfer.types].includes('Files')) {
    e.preventDefault();
    document.body.classList.add('dropping');
  }
});
document.addEventListener('dragleave', (e) => { if (!e.relatedTarget) document.body.classList.remove('dropping'); });
document.addEventListener('drop', (e) => {
  document.body.classList.remove('dropping');
  if (e.dataTransfer.files.length) {
    e.preventDefault();
    addFiles([...e.dataTransfer.files]);
  }
});

$('fusion').addEventListener('change', () => { state.fusion = $('fusion').value; changed('edit'); });
$('collapse').addEventListener('change', () => { state.collapse = $('collapse').value; changed('edit'); });
for (const chip of document.querySelectorAll('#show button')) {
  chip.addEventListener('click', () => {
    state.modality = chip.dataset.show;
    // The chip and a ticked "modality" facet would be two filters on one key: the chip wins.
    if (state.modality) delete state.filter.modality;
    syncControls();
    changed('edit');
  });
}
$('k').addEventListener('change', () => { state.k = Number($('k').value); changed('edit'); });

function syncControls() {
  $('fusion').value = state.fusion;
  $('collapse').value = state.collapse;
  for (const chip of document.querySelectorAll('#show button')) {
    chip.setAttribute('aria-pressed', String(chip.dataset.show === state.modality));
  }
  if (![...$('k').options].some((o) => Number(o.value) === state.k)) $('k').append(new Option(String(state.k)));
  $('k').value = String(state.k);
  for (const box of document.querySelectorAll('#field-choice input')) box.checked = state.fields.includes(box.value);
}

// --- history --------------------------------------------------------------------------------

function restore(entry) {
  const s = cloneState(entry.state);
  s.parts = s.parts.map(({ key, ...p }) => newPart(p.type, p));
  return s;
}

window.addEventListener('popstate', (e) => {
  clearTimeout(typingTimer);
  typingEntry = false;
  const parsed = e.state ? { state: restore(e.state), problems: [] } : fromSearchParams(new URLSearchParams(location.search));
  state = parsed.state;
  composer.show(state.parts);
  syncControls();
  updateLinkNote(parsed.problems);
  if (lastQuery !== null && lastQuery === JSON.stringify(toRequest(state))) applyOpen();
  else runSearch().then(() => { if (!state.open) applyOpen(); });
});

// --- start ------------------------------------------------------------------------------------

function fieldChoices(stats) {
  const box = $('field-choice');
  const names = [...stats.fields.map((f) => f.field), 'text'];
  for (const name of names) {
    const id = `field-${name.replace(/\W/g, '-')}`;
    const input = el('input', { type: 'checkbox', id, value: name, checked: state.fields.includes(name) });
    input.addEventListener('change', () => {
      state.fields = [...box.querySelectorAll('input:checked')].map((i) => i.value);
      changed('edit');
    });
    box.append(el('span', { class: 'field-option' }, input, el('label', { for: id }, name === 'text' ? 'text (BM25 words)' : name)));
  }
}

async function start() {
  const parsed = fromSearchParams(new URLSearchParams(location.search));
  state = parsed.state;
  if (!state.parts.length) state.parts.push(newPart('text'));
  composer.show(state.parts);
  syncControls();
  updateLinkNote(parsed.problems);
  history.replaceState(historyEntry(), '', url());
  if (window.matchMedia('(max-width: 800px)').matches) $('filters').open = false;
  try {
    const stats = await api.getJson('/api/stats');
    // Set only when it changes: the line is a live region, read out on each change.
    const statsLine = (s) => {
      const line = `${s.items} items · spaces: ${s.spaces.map((x) => x.name).join(', ')}`;
      if ($('stats').textContent !== line) $('stats').textContent = line;
    };
    statsLine(stats);
    watchIndexing(stats, { onStats: statsLine, searchAgain: () => { if (state.parts.some(isSearchable)) runSearch(); } });
    offered = new Set(stats.partTypes);
    for (const button of document.querySelectorAll('[data-add]')) button.hidden = !offered.has(button.dataset.add);
    // A "show" chip per medium the API has (its part type and its modality share the name).
    for (const chip of document.querySelectorAll('#show button')) chip.hidden = Boolean(chip.dataset.show) && !offered.has(chip.dataset.show);
    $('look-words').replaceChildren(...stats.lookWords.map((w) => new Option(w)));
    fieldChoices(stats);
    // Copies collapse (near by default) where `mmsearch duplicates` made groups; the duplicates view is linked then.
    const levels = (await api.getJson('/api/duplicates/levels')).map((l) => l.level);
    setCollapsible(levels);
    $('collapse-choice').hidden = !levels.some((l) => l !== 'similar');
    $('duplicates-link').hidden = levels.length === 0;
  } catch (e) {
    setStatus(`Cannot reach the index: ${e.message}`, true);
  }
  if (state.parts.some(isSearchable)) {
    await runSearch();
  } else {
    setStatus('Type some text, or add an image, a sound, colours or look words.');
    document.querySelector('#parts input')?.focus();
  }
}

start();
