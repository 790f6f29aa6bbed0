// The query composer: one row per part (text, image, sound, indexed item, colours, look words),
// each with a weight slider from -2 to 2 and a remove button. Rows edit the state in place and
// report what changed: 'typing' (search as you type, debounced by the caller) or 'edit'.

import { el } from './dom.js';
import { newPart, UPLOADS } from './query-state.js';

const LABELS = { text: 'Text', image: 'Image', audio: 'Sound', item: 'Item', palette: 'Colours', metadata: 'Look' };
const MAX_COLOURS = 8;

function label(part) {
  return LABELS[part.type] || part.type;
}

/** A short description of a part, for explanations ("text “red car”", "item photo.png"). */
export function describe(part, index) {
  const n = `Part ${index + 1}`;
  switch (part.type) {
    case 'text': return `${n} · text “${part.text}”`;
    case 'image': case 'audio': return `${n} · ${label(part).toLowerCase()} ${part.name || ''}`.trim();
    case 'item': return `${n} · like item ${part.id}`;
    case 'palette': return `${n} · colours ${part.colours.join(' ')}`;
    case 'metadata': return `${n} · look “${part.describe}”`;
    default: return n;
  }
}

function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** A part for a file (an image or a sound), or null for another kind of file. */
export async function partForFile(file) {
  const type = file.type.startsWith('image/') ? 'image'
    : (file.type.startsWith('audio/') || /\.(wav|flac|ogg|oga|mp3)$/i.test(file.name)) ? 'audio' : null;
  if (!type) return null;
  return newPart(type, { name: file.name || `pasted ${type}`, data: await readAsDataUrl(file) });
}

export class Composer {
  constructor(list, { onChange }) {
    this.list = list;
    this.onChange = onChange;
    this.parts = [];
  }

  /** Shows these parts (the state's own array: rows edit it in place). */
  show(parts, focusKey) {
    this.parts = parts;
    this.list.replaceChildren(...parts.map((p, i) => this.row(p, i)));
    if (focusKey !== undefined) {
      const row = this.list.querySelector(`[data-key="${focusKey}"]`);
      row?.querySelector('input:not([type=range]), .weight input')?.focus();
    }
  }

  add(part) {
    this.parts.push(part);
    this.show(this.parts, part.key);
    // A new text or look row is empty: nothing to search until the user types.
    if (UPLOADS.has(part.type) || part.type === 'item' || part.type === 'palette') this.onChange('edit');
  }

  remove(part) {
    const at = this.parts.indexOf(part);
    this.parts.splice(at, 1);
    this.show(this.parts);
    // Keep the keyboard user in the composer: focus the next row's remove button, else the add buttons.
    const rows = this.list.querySelectorAll('.remove');
    (rows[Math.min(at, rows.length - 1)] || document.querySelector('.add-parts button'))?.focus();
    this.onChange('edit');
  }

  row(part, index) {
    const li = el('li', { class: `part part-${part.type}`, 'data-key': String(part.key), 'data-type': part.type });
    const name = `${label(part)} (part ${index + 1})`;
    li.append(el('span', { class: 'part-type' }, label(part)));
    li.append(this.editor(part, name));
    li.append(this.weight(part, name));
    li.append(el('button', {
      type: 'button', class: 'remove', textContent: 'Remove', 'aria-label': `Remove ${name}`, onclick: () => this.remove(part),
    }));
    return li;
  }

  editor(part, name) {
    switch (part.type) {
      case 'text': {
        const input = el('input', {
          type: 'search', class: 'part-text', value: part.text || '', placeholder: 'Describe what you are looking for…',
          'aria-label': `${name}: text`,
        });
        input.addEventListener('input', () => { part.text = input.value; this.onChange('typing'); });
        return input;
      }
      case 'metadata': {
        const input = el('input', {
          type: 'text', class: 'part-look', value: part.describe || '', placeholder: 'e.g. bright, colourful, landscape',
          list: 'look-words', 'aria-label': `${name}: look words`,
        });
        input.addEventListener('input', () => { part.describe = input.value; this.onChange('typing'); });
        return input;
      }
      case 'image': case 'audio': {
        const box = el('span', { class: 'upload' });
        if (part.type === 'image') box.append(el('img', { src: part.data, alt: `query image ${part.name}`, width: 48, height: 48 }));
        else box.append(el('audio', { controls: true, src: part.data, 'aria-label': `play query sound ${part.name}` }));
        box.append(el('span', { class: 'file-name' }, part.name));
        return box;
      }
      case 'item': {
        const box = el('span', { class: 'upload' });
        if (part.thumbnail) box.append(el('img', { src: part.thumbnail, alt: '', width: 48, height: 48 }));
        box.append(el('span', { class: 'file-name' }, `like ${part.id}`));
        return box;
      }
      case 'palette': return this.colours(part, name);
      default: return el('span', {}, part.type);
    }
  }

  colours(part, name) {
    const box = el('span', { class: 'colours', role: 'group', 'aria-label': `${name}: colours` });
    part.colours.forEach((c, i) => {
      const input = el('input', { type: 'color', value: c, 'aria-label': `Colour ${i + 1} of ${name}` });
      input.addEventListener('change', () => { part.colours[i] = input.value; this.onChange('edit'); });
      box.append(input);
      if (part.colours.length > 1) {
        box.append(el('button', {
          type: 'button', class: 'small', textContent: '−', 'aria-label': `Remove colour ${i + 1} of ${name}`,
          onclick: () => { part.colours.splice(i, 1); this.show(this.parts); this.onChange('edit'); },
        }));
      }
    });
    if (part.colours.length < MAX_COLOURS) {
      box.append(el('button', {
        type: 'button', class: 'small', textContent: '+ colour', 'aria-label': `Add a colour to ${name}`,
        onclick: () => {
          part.colours.push('#3060d0');
          this.show(this.parts);
          this.list.querySelector(`[data-key="${part.key}"] input[type=color]:last-of-type`)?.focus();
          this.onChange('edit');
        },
      }));
    }
    return box;
  }

  weight(part, name) {
    const id = `weight-${part.key}`;
    const output = el('output', { for: id, class: 'weight-value' }, format(part.weight));
    const input = el('input', {
      type: 'range', id, min: '-2', max: '2', step: '0.1', value: String(part.weight),
      'aria-label': `Weight of ${name}`, 'aria-describedby': 'weight-help', 'aria-valuetext': valueText(part.weight),
    });
    // Each arrow key moves the slider 0.1 and fires a change: searched like typing (debounced, one history entry).
    input.addEventListener('input', () => {
      part.weight = Number(input.value);
      output.textContent = format(part.weight);
      input.setAttribute('aria-valuetext', valueText(part.weight));
      li(input).classList.toggle('negative', part.weight < 0);
      this.onChange('typing');
    });
    const wrap = el('span', { class: 'weight' }, el('span', { class: 'weight-label', 'aria-hidden': 'true' }, 'weight'), input, output);
    queueMicrotask(() => li(input)?.classList.toggle('negative', part.weight < 0));
    return wrap;
  }
}

function li(node) {
  return node.closest('li');
}

function format(w) {
  return (w > 0 ? '+' : '') + w.toFixed(1) + (w < 0 ? ' less like this' : w === 0 ? ' ignored' : '');
}

function valueText(w) {
  return w < 0 ? `${w.toFixed(1)}, less like this` : w === 0 ? '0, ignored' : `${w.toFixed(1)}, more like this`;
}
