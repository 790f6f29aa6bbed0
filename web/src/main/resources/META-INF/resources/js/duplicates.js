// The duplicates view: the groups `mmsearch duplicates` found, a level at a time (chips for the
// levels /api/duplicates/levels lists), each group's members side by side with the one suggested
// to keep marked and the reason said. The level and the page are in the link (?level=near&page=2);
// ?group=N (from a result card's "+3 copies") opens the page holding group N and scrolls to it.

import { getJson } from './api.js';
import { el } from './dom.js';

const $ = (id) => document.getElementById(id);
const PER_PAGE = 20;

let levels = [];
let level = null;
let page = 1;

function setStatus(text, isError = false) {
  $('dup-status').textContent = text;
  $('dup-status').className = isError ? 'error' : '';
  $('dup-status').setAttribute('role', isError ? 'alert' : 'status');
}

/** "1024 × 768 px · 182 KB" (pictures) or "3.2 s · 48 KB" (sounds): what a member's size is. */
function size(item) {
  const n = item.numbers || {};
  const facts = [];
  if (n.width && n.height) facts.push(`${n.width} × ${n.height} px`);
  if (n.duration) facts.push(`${n.duration.toFixed(1)} s`);
  const bytes = n.file_bytes || n.audio_file_bytes;
  if (bytes) facts.push(bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
  return facts.join(' · ');
}

function member(item, keep) {
  const box = el('span', { class: 'thumb' });
  if (item.thumbnail) box.append(el('img', { src: item.thumbnail, alt: '', loading: 'lazy', width: 256, height: 256 }));
  else box.append(el('span', { class: 'glyph', 'aria-hidden': 'true' }, item.media?.audio ? '♪' : '▣'));
  const li = el('li', { class: keep ? 'member keep' : 'member', 'data-id': item.id }, box,
    el('span', { class: 'card-title' }, item.id), el('span', { class: 'id' }, size(item)));
  if (keep) li.append(el('span', { class: 'keep-badge' }, 'Keep'));
  if (item.media?.audio && !item.thumbnail) li.append(el('audio', { controls: true, preload: 'none', src: item.media.audio }));
  li.append(el('a', { href: item.original || item.thumbnail || '#', class: 'small-link' }, 'Original'));
  return li;
}

function group(g) {
  const head = el('h2', { id: `group-${g.group}`, tabindex: '-1' }, `Group ${g.group} · ${g.size} ${g.size === 1 ? 'item' : 'items'}`);
  const keep = el('p', { class: 'keep-reason' }, el('b', {}, 'Keep '), el('span', { class: 'keep-id' }, g.keep), ` — ${g.reason}`);
  const li = el('li', { class: 'group', 'data-group': String(g.group) }, head, keep,
    el('ul', { class: 'members', 'aria-label': `Members of group ${g.group}` }, ...g.members.map((m) => member(m, m.id === g.keep))));
  // A large group shows its first members only (the API's limit); say how many more there are.
  if (g.members.length < g.size) li.append(el('p', { class: 'hint' }, `Showing ${g.members.length} of ${g.size} members.`));
  return li;
}

function link() {
  const params = new URLSearchParams();
  params.set('level', level);
  if (page > 1) params.set('page', String(page));
  return `?${params}`;
}

async function show(focusGroup = null) {
  for (const chip of document.querySelectorAll('#levels button')) chip.setAttribute('aria-pressed', String(chip.dataset.level === level));
  setStatus('Loading…');
  $('groups').setAttribute('aria-busy', 'true');
  let answer;
  try {
    answer = await getJson(`/api/duplicates?level=${level}&offset=${(page - 1) * PER_PAGE}&limit=${PER_PAGE}`);
  } catch (e) {
    $('groups').replaceChildren();
    $('groups').setAttribute('aria-busy', 'false');
    setStatus(e.message, true);
    return;
  }
  const total = answer.level.groups;
  $('groups').replaceChildren(...answer.groups.map(group));
  $('groups').setAttribute('aria-busy', 'false');
  $('level-summary').textContent = `${total} groups holding ${answer.level.itemsInGroups} of ${answer.level.items} items`;
  setStatus(answer.level.stale ? 'The index changed since these groups were found: run mmsearch duplicates again.' : '');
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  $('dup-pager').hidden = pages < 2;
  $('dup-page-info').textContent = `Page ${page} of ${pages}`;
  $('dup-prev').disabled = page <= 1;
  $('dup-next').disabled = page >= pages;
  if (focusGroup) document.getElementById(`group-${focusGroup}`)?.focus();
}

function go(newLevel, newPage) {
  level = newLevel;
  page = newPage;
  history.pushState(null, '', link());
  show();
}

async function start() {
  const params = new URLSearchParams(location.search);
  try {
    levels = (await getJson('/api/duplicates/levels')).map((l) => l.level);
  } catch (e) {
    setStatus(`Cannot reach the index: ${e.message}`, true);
    return;
  }
  if (!levels.length) {
    setStatus('No groups yet: run mmsearch duplicates --index INDEX --level near (or exact, similar) on this index.');
    return;
  }
  for (const chip of document.querySelectorAll('#levels button')) {
    chip.hidden = !levels.includes(chip.dataset.level);
    chip.addEventListener('click', () => go(chip.dataset.level, 1));
  }
  $('dup-prev').addEventListener('click', () => go(level, page - 1));
  $('dup-next').addEventListener('click', () => go(level, page + 1));
  const asked = params.get('level');
  level = levels.includes(asked) ? asked : levels.includes('near') ? 'near' : levels[0];
  const focus = Number.parseInt(params.get('group') ?? '', 10);
  page = Number.isFinite(focus) && focus > 0 ? Math.ceil(focus / PER_PAGE)
    : Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  history.replaceState(null, '', link());
  await show(Number.isFinite(focus) ? focus : null);
}

window.addEventListener('popstate', () => {
  const params = new URLSearchParams(location.search);
  level = levels.includes(params.get('level')) ? params.get('level') : level;
  page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  show();
});

start();
