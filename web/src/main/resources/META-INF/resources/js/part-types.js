// The query part types the page knows, one descriptor each: everything the page does with a part
// of a type (its row, its add button, its line in a link, its JSON for the API) is asked of its
// descriptor, so a new part type is one more entry here. Which types a query may use right now
// is the API's to say (/api/stats partTypes): the page shows add buttons only for those.
//
// A descriptor:
//   type        the API's name for it (also the link's and the row's data-type)
//   label       shown on the row ("Colours") and on its add button ("+ Colours")
//   word        how messages name it ("Part 2 (look): …"); the type unless given
//   addButton   false: no add button (item parts come from results: "Similar", "+ Query")
//   startsEmpty true: a new row has nothing to search until the user types in it
//   upload      { mime, extensions, noun, preview(part) } for a file the user gives: kept in
//               history.state, never in a link; the file picker and drop/paste accept files whose
//               MIME type starts with mime, or whose name ends with one of the extensions; noun
//               names such a file in a sentence ("a sound")
//   defaults()  values a new part starts with (each only where the part has none)
//   summary(part)           the part in words, after "Part n · "
//   toLink(part)            the link's value for it (absent for uploads)
//   fromLink(value)         { values } for a link's value, or { problem } naming what is unreadable
//   complete(part)          true when the part has a value to search for
//   request(part)           its fields in the API's JSON request, besides type and weight
//   editor(part, name, composer)  the row's editor; name is the row's accessible name

import { el } from './dom.js';

const MAX_COLOURS = 8;

function define(descriptor) {
  return { word: descriptor.type, addButton: true, startsEmpty: false, ...descriptor };
}

function uploadEditor(part) {
  return el('span', { class: 'upload' }, partType(part.type).upload.preview(part), el('span', { class: 'file-name' }, part.name));
}

function uploadSummary(part) {
  return `${partType(part.type).label.toLowerCase()} ${part.name || ''}`.trim();
}

function paletteEditor(part, name, composer) {
  const box = el('span', { class: 'colours', role: 'group', 'aria-label': `${name}: colours` });
  part.colours.forEach((c, i) => {
    const input = el('input', { type: 'color', value: c, 'aria-label': `Colour ${i + 1} of ${name}` });
    input.addEventListener('change', () => { part.colours[i] = input.value; composer.onChange('edit'); });
    box.append(input);
    if (part.colours.length > 1) {
      box.append(el('button', {
        type: 'button', class: 'small', textContent: '−', 'aria-label': `Remove colour ${i + 1} of ${name}`,
        onclick: () => { part.colours.splice(i, 1); composer.show(composer.parts); composer.onChange('edit'); },
      }));
    }
  });
  if (part.colours.length < MAX_COLOURS) {
    box.append(el('button', {
      type: 'button', class: 'small', textContent: '+ colour', 'aria-label': `Add a colour to ${name}`,
      onclick: () => {
        part.colours.push('#3060d0');
        composer.show(composer.parts);
        composer.list.querySelector(`[data-key="${part.key}"] input[type=color]:last-of-type`)?.focus();
        composer.onChange('edit');
      },
    }));
  }
  return box;
}

const REGISTRY = new Map([
  define({
    type: 'text',
    label: 'Text',
    startsEmpty: true,
    summary: (part) => `text “${part.text}”`,
    toLink: (part) => part.text || '',
    fromLink: (value) => ({ values: { text: value } }),
    complete: (part) => Boolean(part.text && part.text.trim()),
    request: (part) => ({ text: part.text.trim() }),
    editor(part, name, composer) {
      const input = el('input', {
        type: 'search', class: 'part-text', value: part.text || '', placeholder: 'Describe what you are looking for…',
        'aria-label': `${name}: text`,
      });
      input.addEventListener('input', () => { part.text = input.value; composer.onChange('typing'); });
      return input;
    },
  }),
  define({
    type: 'image',
    label: 'Image',
    upload: {
      mime: 'image/',
      extensions: [],
      noun: 'an image',
      preview: (part) => el('img', { src: part.data, alt: `query image ${part.name}`, width: 48, height: 48 }),
    },
    summary: uploadSummary,
    complete: (part) => Boolean(part.data),
    request: (part) => ({ data: part.data }),
    editor: uploadEditor,
  }),
  define({
    type: 'audio',
    label: 'Sound',
    upload: {
      mime: 'audio/',
      extensions: ['wav', 'flac', 'ogg', 'oga', 'mp3'],
      noun: 'a sound',
      preview: (part) => el('audio', { controls: true, src: part.data, 'aria-label': `play query sound ${part.name}` }),
    },
    summary: uploadSummary,
    complete: (part) => Boolean(part.data),
    request: (part) => ({ data: part.data }),
    editor: uploadEditor,
  }),
  define({
    type: 'video',
    label: 'Video',
    upload: {
      mime: 'video/',
      extensions: ['mp4', 'm4v', 'mov', 'webm', 'mkv'],
      noun: 'a video',
      // A still of its first frame (no controls: the part is a query, not something to watch here).
      preview: (part) => el('video', { src: part.data, muted: true, preload: 'metadata', width: 48, height: 48,
        'aria-label': `query video ${part.name}` }),
    },
    summary: uploadSummary,
    complete: (part) => Boolean(part.data),
    request: (part) => ({ data: part.data }),
    editor: uploadEditor,
  }),
  define({
    type: 'item',
    label: 'Item',
    addButton: false,
    summary: (part) => `like item ${part.id}`,
    toLink: (part) => part.id,
    fromLink: (value) => ({ values: { id: value } }),
    complete: (part) => Boolean(part.id),
    request: (part) => ({ id: part.id }),
    editor(part) {
      const box = el('span', { class: 'upload' });
      if (part.thumbnail) box.append(el('img', { src: part.thumbnail, alt: '', width: 48, height: 48 }));
      box.append(el('span', { class: 'file-name' }, `like ${part.id}`));
      return box;
    },
  }),
  define({
    type: 'palette',
    label: 'Colours',
    defaults: () => ({ colours: ['#d03030'] }),
    summary: (part) => `colours ${part.colours.join(' ')}`,
    toLink: (part) => part.colours.join(','),
    fromLink(value) {
      const colours = value.split(',').filter((c) => /^#[0-9a-fA-F]{6}$/.test(c));
      return colours.length ? { values: { colours } } : { problem: `colours “${value}”` };
    },
    complete: (part) => part.colours.length > 0,
    request: (part) => ({ colours: part.colours }),
    editor: paletteEditor,
  }),
  define({
    type: 'metadata',
    label: 'Look',
    word: 'look',
    startsEmpty: true,
    summary: (part) => `look “${part.describe}”`,
    toLink: (part) => part.describe || '',
    fromLink: (value) => ({ values: { describe: value } }),
    complete: (part) => Boolean(part.describe && part.describe.trim()),
    request: (part) => ({ describe: part.describe.trim() }),
    editor(part, name, composer) {
      const input = el('input', {
        type: 'text', class: 'part-look', value: part.describe || '', placeholder: 'e.g. bright, colourful, landscape',
        list: 'look-words', 'aria-label': `${name}: look words`,
      });
      input.addEventListener('input', () => { part.describe = input.value; composer.onChange('typing'); });
      return input;
    },
  }),
].map((d) => [d.type, d]));

/** The descriptor of a part type, or undefined for a type the page does not know. */
export function partType(type) {
  return REGISTRY.get(type);
}

/** All descriptors, in the order of the add buttons. */
export function partTypes() {
  return [...REGISTRY.values()];
}

/**
 * The upload type a file is (the first whose MIME prefix or file extension it has) among the
 * offered types (all when not given), or undefined.
 */
export function uploadTypeOf(file, offered) {
  return partTypes().find(({ type, upload }) => upload && (!offered || offered.has(type)) && (file.type.startsWith(upload.mime)
    || upload.extensions.some((ext) => (file.name || '').toLowerCase().endsWith(`.${ext}`))));
}

/** The file picker's accept attribute for an upload type ("audio/*,.wav,…"). */
export function accept(descriptor) {
  return [`${descriptor.upload.mime}*`, ...descriptor.upload.extensions.map((ext) => `.${ext}`)].join(',');
}

/** Upload types' nouns, joined for a sentence: "an image, a sound or a video". */
export function uploadNouns(types) {
  const nouns = types.map((t) => partType(t).upload.noun);
  return nouns.length > 1 ? `${nouns.slice(0, -1).join(', ')} or ${nouns.at(-1)}` : nouns.join('');
}
