// The detail view of one item: the original (picture, sound or text), its caption, every
// metadata value, and why it ranks where it does — each field's contribution named by the query
// part it came from — with "similar" and "add to query" from there. A modal <dialog>: it keeps
// focus inside, Escape closes it, and focus returns to the card that opened it.

import { el } from './dom.js';
import { title, player } from './results.js';
import { numberText, valueNodes } from './values.js';

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
    group.append(el('tr', { class: c.contribution < 0 ? 'negative' : '' },
      el('td', {}, ...fieldName(c.field)), el('td', { class: 'num' }, String(c.rank)),
      el('td', { class: 'num' }, c.score.toFixed(3)), el('td', { class: 'num' }, c.evidence.toFixed(2)),
      el('td', { class: 'num' }, c.contribution.toFixed(4))));
  }
  return table;
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
  } else {
    why.append(el('p', { class: 'hint' }, 'This item is not among the current results, so there is nothing to explain.'));
  }
  body.append(why);
  if (!dialog.open) dialog.showModal();
  dialog.querySelector('#detail-close').focus();
}
