// How metadata values read on the page: number keys by name and unit, `taken` as a date (the API
// gives it in seconds since 1970 of the camera's own clock, read as UTC), and colours (#rrggbb,
// the palette keyword) as a swatch with a spoken name.

import { el } from './dom.js';

const NUMBER_LABELS = {
  width: 'width (px)', height: 'height (px)', aspect: 'aspect (width / height)', megapixels: 'megapixels',
  file_bytes: 'file size (bytes)', audio_file_bytes: 'sound file size (bytes)', duration: 'duration (s)',
  sample_rate: 'sample rate (Hz)', taken: 'date taken', taken_year: 'year taken', fps: 'frame rate (fps)',
  video_file_bytes: 'video file size (bytes)', has_sound: 'has sound (1 yes, 0 no)', moments: 'moments',
};

/** A numeric key's name for people: "width (px)", "date taken", "sharpness". */
export function numberLabel(key) {
  return NUMBER_LABELS[key] || key.replaceAll('_', ' ');
}

/** Number keys that hold a moment, in seconds since 1970 (UTC). */
export function isDate(key) {
  return key === 'taken';
}

/** "2019-03-01" for seconds since 1970 (UTC). */
export function dateOf(seconds) {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** "2019-03-01 14:22:05" for seconds since 1970 (UTC). */
export function dateTimeOf(seconds) {
  return new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

/** Seconds since 1970 (UTC) of a date input's "2019-03-01": its first second, or with `endOfDay` its last. */
export function secondsOf(date, endOfDay = false) {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(ms) ? ms / 1000 + (endOfDay ? 86399 : 0) : undefined;
}

/** A number as the detail view shows it: dates as dates, integers whole, the rest to 4 digits. */
export function numberText(key, v) {
  if (isDate(key)) return dateTimeOf(v);
  return Number.isInteger(v) ? String(v) : v.toPrecision(4);
}

/** A time in a video as players show it: "0:08", "12:30", "1:02:03" (seconds rounded). */
export function timeText(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
  const ss = String(sec).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A moment's stretch of a video: "0:08–0:12". */
export function spanText(moment) {
  return `${timeText(moment.start)}–${timeText(moment.end)}`;
}

/** A bound of a range as a filter chip says it. */
export function boundText(key, v) {
  return isDate(key) ? dateOf(v) : String(v);
}

export function isColour(value) {
  return /^#[0-9a-f]{6}$/i.test(value);
}

/** A rough English name for a colour: "white", "dark blue", "light pink", "grey". */
export function colourName(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  const d = max - min;
  const s = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
  if (l < 0.1) return 'black';
  if (l > 0.93) return 'white';
  if (s < 0.15) return l < 0.35 ? 'dark grey' : l > 0.7 ? 'light grey' : 'grey';
  let h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  h = (h * 60 + 360) % 360;
  const hue = h < 15 ? 'red' : h < 40 ? 'orange' : h < 68 ? 'yellow' : h < 160 ? 'green' : h < 195 ? 'cyan'
    : h < 255 ? 'blue' : h < 290 ? 'purple' : h < 340 ? 'pink' : 'red';
  if (hue === 'orange' && l < 0.35) return 'brown';
  return l < 0.3 ? `dark ${hue}` : l > 0.75 ? `light ${hue}` : hue;
}

/** A colour swatch that names its colour to a screen reader (its hex code is said by the text beside it). */
export function swatch(hex) {
  const name = colourName(hex);
  const box = el('span', { class: 'swatch', role: 'img', 'aria-label': name, title: name });
  box.style.backgroundColor = hex;
  return box;
}

/** A keyword value as text, with a swatch before it when it is a colour. */
export function valueNodes(value) {
  return isColour(value) ? [swatch(value), value] : [value];
}
