// The detail view of one item: the original (picture, sound or text), its caption, every
// metadata value, and why it ranks where it does — each field's contribution named by the query
// part it came from — with "similar" and "add to query" from there. A modal <dialog>: it keeps
// focus inside, Escape closes it, and focus returns to the card that opened it.

import { el } from './dom.js';
import { title, player } from './results.js';

function definitionList(entries) {
  const dl = el('dl');
  for (const [k, v] of entries) dl.append(el('dt', {}, k), el('dd', {}, v));
  return dl;
}

function number(v) {
  return Number.isInteger(v) ? String(v) : v.toPrecision(4);
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
  if (media.image) {
    const w = item.numbers.width;
    const h = item.numbers.height;
    // The picture's own size reserves its box before it loads.
    figure.append(el('img', { src: media.image, alt: title(item), ...(w && h ? { width: w, height: h } : {}) }));
  } else if (!media.audio) {
    figure.append(el('p', { class: 'text-card' }, item.text || '(no text)'));
  }
  const sound = player(item);
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

  info.append(el('h3', {}, 'Why it ranks here'));
  if (hit) {
    info.append(el('p', {}, `Fused score ${hit.score.toFixed(4)}, the sum of these contributions. Evidence is the field score `
      + 'calibrated on this collection, in nats above what chance gives (0: as good as the best coincidence); per part, '
      + 'the strongest field about each kind of content counts:'));
    const table = el('table', { class: 'contributions' },
      el('thead', {}, el('tr', {}, ...['Query part', 'Field', 'Rank', 'Field score', 'Evidence', 'Contribution'].map((h) => el('th', { scope: 'col' }, h)))));
    const rows = el('tbody');
    // Grouped by part: the part's name heads its first row.
    const byPart = [...hit.explanation].sort((a, b) => a.part - b.part || b.contribution - a.contribution);
    for (const [i, c] of byPart.entries()) {
      const first = i === 0 || byPart[i - 1].part !== c.part;
      rows.append(el('tr', { class: (c.contribution < 0 ? 'negative' : '') + (first ? ' first' : '') },
        el('td', {}, first ? partNames[c.part] || `Part ${c.part + 1}` : ''), el('td', {}, c.field), el('td', {}, String(c.rank)),
        el('td', {}, c.score.toFixed(3)), el('td', {}, c.evidence.toFixed(2)), el('td', {}, c.contribution.toFixed(4))));
    }
    table.append(rows);
    info.append(table);
  } else {
    info.append(el('p', { class: 'hint' }, 'This item is not among the current results, so there is nothing to explain.'));
  }

  // Display fields that repeat a metadata value (a sidecar's "shop" is both) are shown once.
  const fields = Object.entries(item.fields).filter(([k, v]) => k !== 'caption' && item.metadata[k]?.join(', ') !== v);
  const metadata = Object.entries(item.metadata).map(([k, v]) => [k, v.join(', ')]);
  const numbers = Object.entries(item.numbers).map(([k, v]) => [k, number(v)]);
  if (fields.length + metadata.length + numbers.length) {
    info.append(el('h3', {}, 'Metadata'));
    info.append(definitionList([...fields, ...metadata, ...numbers]));
  }
  body.append(info);
  if (!dialog.open) dialog.showModal();
  dialog.querySelector('#detail-close').focus();
}
