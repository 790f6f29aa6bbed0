// Result cards and the pager. Every card keeps its size whatever its thumbnail does (a square
// box reserved before the image loads: no layout shift); items without a picture get a card that
// says what they are (a sound with its player, a text with its words). A video's card shows its
// poster with two badges laid over the box (the best moment's time, the length), so they take
// no room of their own either.

import { el } from './dom.js';
import { spanText, timeText } from './values.js';

/** The words a card and the detail view show for an item: its caption, else its text, else its id. */
export function title(item) {
  return item.fields.caption || item.fields.title || item.text || item.id;
}

/** What fed a hit, in a few words: the fields of its strongest contributions. */
function matchedBy(hit) {
  const fields = [...new Set([...hit.explanation].sort((a, b) => b.contribution - a.contribution).map((c) => c.field))];
  return fields.slice(0, 3).join(', ');
}

/** What a card shows of a video: its best moment for the query (if the hit names one) and its length. */
function videoFacts(hit) {
  const best = hit.moments?.[0];
  const duration = hit.item.numbers?.duration;
  return { best: best ? spanText(best) : null, duration: duration ? timeText(duration) : null };
}

function thumbBox(item, facts) {
  const box = el('span', { class: 'thumb' });
  if (facts) {
    // Laid over the box (position: absolute): the card's size never depends on them. Their words
    // for a screen reader are part of the card's name: ", best moment 0:08–0:12, length 0:12".
    if (facts.best) {
      box.append(el('span', { class: 'badge moment-badge' }, el('span', { 'aria-hidden': 'true' }, '▶ '),
        el('span', { class: 'visually-hidden' }, ', best moment '), facts.best));
    }
    if (facts.duration) {
      box.append(el('span', { class: 'badge duration-badge' }, el('span', { class: 'visually-hidden' }, ', length '), facts.duration));
    }
  }
  if (item.thumbnail) {
    const img = el('img', { src: item.thumbnail, alt: '', loading: 'lazy', decoding: 'async', width: 256, height: 256 });
    img.addEventListener('error', () => { img.remove(); box.append(glyph(item)); box.classList.add('no-picture'); });
    box.append(img);
  } else {
    box.classList.add('no-picture');
    box.append(glyph(item));
  }
  return box;
}

function glyph(item) {
  const media = item.media || {};
  const kind = media.video ? 'video' : media.audio ? 'sound' : media.image ? 'picture' : 'text';
  const glyphs = { video: '▶', sound: '♪', picture: '▣', text: '¶' };
  return el('span', { class: `glyph glyph-${kind}`, 'aria-hidden': 'true' }, glyphs[kind]);
}

export function player(item) {
  if (!item.media?.audio) return null;
  return el('audio', { controls: true, preload: 'none', src: item.media.audio, 'aria-label': `Play ${title(item)}` });
}

/**
 * Renders one page of hits; `actions` gives open(hit), similar(hit) and add(hit, weight).
 */
export function renderHits(list, hits, offset, actions) {
  list.replaceChildren(...hits.map((hit, i) => {
    const item = hit.item;
    const video = Boolean(item.media?.video);
    const kind = video ? 'video' : item.media?.audio && !item.thumbnail ? 'sound' : item.thumbnail ? 'picture' : 'text';
    const li = el('li', { class: `card card-${kind}`, 'data-id': item.id });
    const name = `Result ${offset + i + 1}: `;
    // A video's card is named by its content, so that its visible badges are part of its name
    // ("Result 1: walk, video, best moment 0:08–0:12, length 0:12 — details"); the title comes
    // first in that name and shows below the poster (CSS order).
    const open = video
      ? el('button', { type: 'button', class: 'open', 'aria-haspopup': 'dialog', onclick: () => actions.open(hit) },
        el('span', { class: 'visually-hidden' }, name), el('span', { class: 'card-title' }, title(item)),
        el('span', { class: 'visually-hidden' }, ', video'), thumbBox(item, videoFacts(hit)),
        el('span', { class: 'visually-hidden' }, ' — details'))
      : el('button', {
        type: 'button', class: 'open', 'aria-haspopup': 'dialog', 'aria-label': `${name}${title(item)} — details`,
        onclick: () => actions.open(hit),
      }, thumbBox(item), el('span', { class: 'card-title' }, title(item)));
    li.append(open);
    // A video plays in the detail view, from its best moment; a sound plays in its card.
    const sound = video ? null : player(item);
    if (sound) li.append(sound);
    // The id, unless the title already is the id (an uncaptioned sound or picture).
    if (title(item) !== item.id) li.append(el('span', { class: 'id' }, item.id));
    li.append(el('span', { class: 'why' }, `score ${hit.score.toFixed(3)} · ${matchedBy(hit)}`));
    // Collapsed results: this hit stands for its group of copies.
    if (hit.collapsed && hit.collapsed.size > 1) {
      const others = hit.collapsed.size - 1;
      li.append(el('a', { class: 'copies', href: `/duplicates.html?level=${hit.collapsed.level}&group=${hit.collapsed.group}` },
        `+${others} ${others === 1 ? 'copy' : 'copies'}`));
    }
    li.append(el('span', { class: 'card-actions' },
      el('button', { type: 'button', class: 'small similar', textContent: 'Similar', 'aria-label': `Items similar to ${title(item)}`,
        onclick: () => actions.similar(hit) }),
      el('button', { type: 'button', class: 'small add-item', textContent: '+ Query', 'aria-label': `Add ${title(item)} to the query`,
        onclick: () => actions.add(hit, 1) }),
      el('button', { type: 'button', class: 'small less-item', textContent: '− Query',
        'aria-label': `Add ${title(item)} to the query as less like this`, onclick: () => actions.add(hit, -1) })));
    return li;
  }));
}

/** "Results 25–48 of 100", the pager's state and its buttons. */
export function renderPager(result, page, k, { summary, pager, info, prev, next }) {
  const pages = Math.max(1, Math.ceil(result.total / k));
  if (result.total === 0) {
    summary.textContent = 'No results. Try fewer filters or other words.';
  } else {
    const from = result.offset + 1;
    const to = result.offset + result.hits.length;
    summary.textContent = `Results ${from}–${to} of ${result.total}` + (result.total >= result.window
      ? ` (the ${result.window} best matches can be paged through)` : '');
  }
  pager.hidden = pages <= 1;
  info.textContent = `Page ${page} of ${pages}`;
  prev.disabled = page <= 1;
  next.disabled = page >= pages;
}
