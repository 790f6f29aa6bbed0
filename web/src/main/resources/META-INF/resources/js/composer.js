// The query composer: one row per part (text, image, sound, video, indexed item, colours, look words),
// each with a weight slider from -2 to 2 and a remove button. Rows edit the state in place and
// report what changed: 'typing' (search as you type, debounced by the caller) or 'edit'. Each
// row's label and editor come from its type's descriptor (part-types.js).

import { el } from './dom.js';
import { newPart } from './query-state.js';
import { partType, uploadTypeOf } from './part-types.js';

function label(part) {
  return partType(part.type)?.label || part.type;
}

/** A short description of a part, for explanations ("text “red car”", "item photo.png"). */
export function describe(part, index) {
  const n = `Part ${index + 1}`;
  const type = partType(part.type);
  return type ? `${n} · ${type.summary(part)}` : n;
}

function readAsDataUrl(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** A part for a file of an offered upload type (an image, a sound, a video), or null for another kind of file. */
export async function partForFile(file, offered) {
  const type = uploadTypeOf(file, offered)?.type;
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
    // A new row of a type that starts empty (text, look) has nothing to search until the user types.
    const type = partType(part.type);
    if (type && !type.startsEmpty) this.onChange('edit');
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
    return partType(part.type)?.editor(part, name, this) ?? el('span', {}, part.type);
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
