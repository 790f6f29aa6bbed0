// The detail view of one item: the original (picture, sound, video or text), its caption, every
// metadata value, and why it ranks where it does — each field's contribution named by the query
// part it came from, and the moment of a video it matched — with "similar" and "add to query"
// from there. A video plays from the hit's best moment, and lists all its moments as buttons that
// play from there. A picture with text read in it shows the lines' boxes over it and the lines
// below, the words the query matched marked. A modal <dialog>: it keeps focus inside, Escape closes it, and focus returns
// to the card that opened it.

import { el } from './dom.js';
import { title, player } from './results.js';
import { numberText, valueNodes, spanText, timeText } from './values.js';

/** A definition list; a value is text or a list of nodes. */
function definitionList(entries) {
  const dl = el('dl');
  for (const [k, v] of entries) dl.append(el('dt', {}, k), el('dd', {}, ...[v].flat()));
  return dl;
}

/** Keyword values, colours with their swatches, separated by commas. */
function keywordNodes(values) {
  return values.flatMap((v, i) => [...(i ? [', '] : []), ...valueNodes(v)]);
}

/** A field name that may break after its dots only ("clip.<wbr>image"), never inside a word. */
function fieldName(field) {
  return field.split('.').flatMap((p, i) => (i ? [el('wbr'), `.${p}`] : [p]));
}

const COLUMNS = ['Field', 'Rank', 'Field score', 'Evidence', 'Contribution'];

/**
 * The contributions, one row group per query part headed by the part's name, so the table has
 * no column of mostly empty cells and fits a phone's width.
 */
function contributionTable(hit, partNames) {
  const table = el('table', { class: 'contributions' },
    el('thead', {}, el('tr', {}, ...COLUMNS.map((h, i) => el('th', { scope: 'col', class: i ? 'num' : '' }, h)))));
  const byPart = [...hit.explanation].sort((a, b) => a.part - b.part || b.contribution - a.contribution);
  let group = null;
  for (const [i, c] of byPart.entries()) {
    if (i === 0 || byPart[i - 1].part !== c.part) {
      group = el('tbody', {}, el('tr', { class: 'part-row' },
        el('th', { scope: 'rowgroup', colSpan: COLUMNS.length }, partNames[c.part] || `Part ${c.part + 1}`)));
      table.append(group);
    }
    // A list that matched a moment of a video says which: "clip.image · 0:08–0:12".
    const field = c.moment ? [...fieldName(c.field), ' · ', el('span', { class: 'span-time' }, spanText(c.moment))] : fieldName(c.field);
    group.append(el('tr', { class: c.contribution < 0 ? 'negative' : '' },
      el('td', {}, ...field), el('td', { class: 'num' }, String(c.rank)),
      el('td', { class: 'num' }, c.score.toFixed(3)), el('td', { class: 'num' }, c.evidence.toFixed(2)),
      el('td', { class: 'num' }, c.contribution.toFixed(4))));
  }
  return table;
}

const SVG = 'http://www.w3.org/2000/svg';

/** A line's text with the ranges the query matched as <mark>s. */
export function markedLine(text, ranges) {
  const out = [];
  let at = 0;
  for (const [start, end] of ranges || []) {
    if (start > at) out.push(text.slice(at, start));
    out.push(el('mark', {}, text.slice(start, end)));
    at = end;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/**
 * The picture with the boxes of the text read in it drawn over it (an SVG in the picture's own
 * pixels, so it scales with it); the lines the query matched are marked.
 */
function pictureWithText(img, item, hit) {
  const w = item.numbers.width;
  const h = item.numbers.height;
  if (!item.pictureText?.length || !w || !h) return img;
  const matched = new Set((hit?.pictureTextMatches || []).map((m) => m.line));
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  svg.setAttribute('class', 'text-boxes');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('preserveAspectRatio', 'none');
  item.pictureText.forEach((line, i) => {
    const polygon = document.createElementNS(SVG, 'polygon');
    const b = line.box;
    polygon.setAttribute('points', [0, 2, 4, 6].map((k) => `${b[k]},${b[k + 1]}`).join(' '));
    polygon.setAttribute('class', matched.has(i) ? 'text-box matched' : 'text-box');
    polygon.setAttribute('data-line', String(i));
    svg.append(polygon);
  });
  return el('div', { class: 'picture-with-text' }, img, svg);
}

/** The text read in the picture, line by line, the query's matches marked. */
function pictureTextSection(item, hit) {
  if (!item.pictureText?.length) return null;
  const matches = new Map((hit?.pictureTextMatches || []).map((m) => [m.line, m.matches]));
  return el('section', { class: 'picture-text', 'aria-labelledby': 'picture-text-heading' },
    el('h3', { id: 'picture-text-heading' }, 'Text in the picture'),
    el('ol', { class: 'text-lines' }, ...item.pictureText.map((line, i) =>
      el('li', { class: matches.has(i) ? 'matched' : '' }, ...markedLine(line.text, matches.get(i))))));
}

const MOMENT_MARKS = ['best match', '2nd best', '3rd best'];

/**
 * A video's player, and its moments as buttons (every moment of the item, in time order; the
 * hit's best moments marked). The player starts at the best moment once its metadata is there
 * (before that a seek would be lost), or at 0 when no moment is best; a moment's button seeks
 * there and plays. The moment playing is aria-current="time".
 */
function videoPlayer(item, hit) {
  const w = item.numbers.width;
  const h = item.numbers.height;
  const video = el('video', {
    controls: true, preload: 'metadata', src: item.media.video, 'aria-label': `Video: ${title(item)}`,
    ...(item.thumbnail ? { poster: item.thumbnail } : {}), ...(w && h ? { width: w, height: h } : {}),
  });
  const best = hit?.moments || [];
  let startAt = best[0]?.start ?? 0;
  video.addEventListener('loadedmetadata', () => { if (startAt > 0) video.currentTime = startAt; }, { once: true });
  const moments = item.moments || [];
  if (!moments.length) return { video, list: null };

  // The hit's moments, best first (the API gives at most three).
  const marks = new Map(best.map((m, rank) => [m.moment, MOMENT_MARKS[rank] ?? `${rank + 1}th best`]));
  const buttons = moments.map((m, i) => {
    const mark = marks.get(m.moment);
    const isBest = mark !== undefined;
    // Named by its content, so the visible time is part of the name: "Play from 0:08–0:12, moment 3 of 3, best match".
    const button = el('button', {
      type: 'button', class: `moment${isBest ? ' best' : ''}`, 'data-moment': m.moment,
      'data-start': m.start, 'data-end': m.end,
      onclick: () => {
        startAt = m.start;
        // Before the metadata, the seek waits for it (the listener above); after, it happens now.
        if (video.readyState >= HTMLMediaElement.HAVE_METADATA) video.currentTime = m.start;
        video.play().catch(() => {}); // refused autoplay or a newer seek: the player stays where it is
      },
    },
    el('img', { src: m.thumbnail, alt: '', loading: 'lazy', decoding: 'async', ...(w && h ? { width: w, height: h } : {}) }),
    el('span', { class: 'moment-time' }, el('span', { class: 'visually-hidden' }, 'Play from '), spanText(m),
      el('span', { class: 'visually-hidden' }, `, moment ${i + 1} of ${moments.length}${isBest ? ', ' : ''}`)),
    isBest ? el('span', { class: 'badge best-badge' }, mark) : null);
    return el('li', {}, button);
  });
  video.addEventListener('timeupdate', () => {
    const t = video.currentTime;
    for (const li of buttons) {
      const b = li.firstChild;
      if (Number(b.dataset.start) <= t && t < Number(b.dataset.end)) b.setAttribute('aria-current', 'time');
      else b.removeAttribute('aria-current');
    }
  });
  const list = el('section', { class: 'moments', 'aria-labelledby': 'moments-heading' },
    el('h3', { id: 'moments-heading' }, 'Moments'),
    best.length ? el('p', { class: 'hint' }, 'Marked: the moments that match the query best. A moment plays from its start.') : null,
    el('ol', { class: 'moment-list' }, ...buttons));
  return { video, list };
}

/**
 * Fills and opens the dialog for an item. `hit` has the explanation when the item is among the
 * current results (null otherwise); `partNames[i]` names query part i; actions: similar(item),
 * add(item, weight).
 */
export function showDetail(dialog, item, hit, partNames, actions) {
  dialog.querySelector('#detail-title').textContent = title(item);
  const body = dialog.querySelector('#detail-body');
  body.replaceChildren();
  const media = item.media || {};
  const figure = el('figure', { class: 'original' });
  let moments = null;
  if (media.video) {
    const { video, list } = videoPlayer(item, hit);
    figure.append(video);
    moments = list;
  } else if (media.image) {
    const w = item.numbers.width;
    const h = item.numbers.height;
    // The picture's own size reserves its box before it loads.
    const img = el('img', { src: media.image, alt: title(item), ...(w && h ? { width: w, height: h } : {}) });
    figure.append(pictureWithText(img, item, hit));
  } else if (!media.audio) {
    figure.append(el('p', { class: 'text-card' }, item.text || '(no text)'));
  }
  const sound = media.video ? null : player(item);
  if (sound) figure.append(sound);
  figure.append(el('figcaption', {}, item.text || ''));
  body.append(figure);

  const info = el('div', { class: 'detail-info' });
  info.append(el('p', { class: 'id' }, `Id: ${item.id}`));
  const actionsRow = el('p', { class: 'detail-actions' },
    el('button', { type: 'button', id: 'detail-similar', textContent: 'Similar items', onclick: () => actions.similar(item) }),
    el('button', { type: 'button', class: 'secondary', textContent: 'Add to query', onclick: () => actions.add(item, 1) }),
    el('button', { type: 'button', class: 'secondary', textContent: 'Add as “less like this”', onclick: () => actions.add(item, -1) }));
  if (item.original) actionsRow.append(el('a', { href: item.original, download: '', textContent: 'Original file' }));
  info.append(actionsRow);
  // A video's moments beside its player (below it on a phone), before the metadata.
  if (moments) info.append(moments);
  const read = pictureTextSection(item, hit);
  if (read) info.append(read);

  // Display fields that repeat a metadata value (a sidecar's "shop" is both) are shown once.
  const fields = Object.entries(item.fields).filter(([k, v]) => k !== 'caption' && item.metadata[k]?.join(', ') !== v);
  const metadata = Object.entries(item.metadata).map(([k, v]) => [k, keywordNodes(v)]);
  const numbers = Object.entries(item.numbers).map(([k, v]) => [k, numberText(k, v)]);
  if (fields.length + metadata.length + numbers.length) {
    info.append(el('h3', {}, 'Metadata'));
    info.append(definitionList([...fields, ...metadata, ...numbers]));
  }
  body.append(info);

  // The explanation spans the dialog's width: its table has five columns.
  const why = el('section', { class: 'why-here', 'aria-labelledby': 'why-heading' }, el('h3', { id: 'why-heading' }, 'Why it ranks here'));
  if (hit) {
    why.append(el('p', {}, `Fused score ${hit.score.toFixed(4)}, the sum of these contributions. Evidence is the field score `
      + 'calibrated on this collection, in nats above what chance gives (0: as good as the best coincidence); per part, '
      + 'the strongest field about each kind of content counts:'));
    why.append(el('div', { class: 'table-box' }, contributionTable(hit, partNames)));
    if (hit.pictureTextMatches?.length) {
      why.append(el('p', { class: 'matched-text' }, 'Matched in the picture’s text: ',
        ...hit.pictureTextMatches.flatMap((m, i) => [...(i ? [' · '] : []), '“', ...markedLine(m.text, m.matches), '”'])));
    }
  } else {
    why.append(el('p', { class: 'hint' }, 'This item is not among the current results, so there is nothing to explain.'));
  }
  body.append(why);
  if (!dialog.open) dialog.showModal();
  dialog.querySelector('#detail-close').focus();
}
