// How far the index is loaded, while an indexing job still runs beside the server (mmsearch demo
// serves a large folder before it is all indexed): /api/stats `indexing`, shown in the header and
// asked again every few seconds until the job's last commit, then every half minute (a job started
// later, the item count). Results cover the items finished so far, so the line says so; when the
// job ends, a button searches again over everything.

import * as api from './api.js';

const $ = (id) => document.getElementById(id);

/** How often the page asks again while the job runs: about the pace the job commits at. */
const POLL_MS = 3000;

/** A running job that has not committed for this long is said to have stopped moving; asked again less often then. */
const STALLED_SECONDS = 300;
const STALLED_POLL_MS = 30000;

/** How often the page asks while no job runs. */
const IDLE_POLL_MS = 30000;

const number = (n) => n.toLocaleString('en');

/** The sentence for a running job's progress (as /api/stats gives it). */
export function progressText(p) {
  const of = p.listed >= 0 ? ` of ${number(p.listed)}` : '';
  const failed = p.failed > 0 ? `, ${number(p.failed)} skipped` : '';
  if (p.sinceCommitSeconds >= STALLED_SECONDS) {
    return `Indexing has not moved for ${Math.round(p.sinceCommitSeconds / 60)} min at ${number(p.finished)}${of} files${failed}: `
      + 'if it was stopped, run mmsearch index again to finish.';
  }
  // Files added after the job counted them can take finished past listed: never over 100%.
  const percent = p.listed > 0 ? ` (${Math.min(100, Math.floor((100 * p.finished) / p.listed))}%)` : '';
  return `Indexing: ${number(p.finished)}${of} files${percent}${failed}; results cover those so far.`;
}

/**
 * Shows `stats.indexing` and keeps it current: every few seconds while a job runs, every half
 * minute otherwise.
 *
 * @param stats the page's first /api/stats answer
 * @param onStats called with each newer answer (the header's item count)
 * @param searchAgain called when the user asks to search again once the job is done
 */
export function watchIndexing(stats, { onStats, searchAgain }) {
  const box = $('indexing');
  const bar = $('indexing-bar');
  const text = $('indexing-text');
  const again = $('indexing-again');
  let wasRunning = false;
  const show = (p) => {
    if (p && p.running) {
      wasRunning = true;
      box.hidden = false;
      again.hidden = true;
      if (p.listed > 0) {
        bar.max = p.listed;
        bar.value = Math.min(p.finished, p.listed);
      } else {
        bar.removeAttribute('value');
      }
      bar.hidden = false;
      text.textContent = progressText(p);
      return p.sinceCommitSeconds >= STALLED_SECONDS ? STALLED_POLL_MS : POLL_MS;
    }
    if (wasRunning) {
      // Seen running, now done: the results on the page may predate the last items. The note stays
      // until the user searches again.
      wasRunning = false;
      bar.hidden = true;
      text.textContent = `Indexing finished: ${p ? number(p.finished) : 'all'} files${p && p.failed > 0 ? `, ${number(p.failed)} skipped` : ''}.`;
      again.hidden = false;
      box.hidden = false;
    }
    return IDLE_POLL_MS;
  };
  again.onclick = () => {
    box.hidden = true;
    searchAgain();
  };
  const poll = async () => {
    try {
      const next = await api.getJson('/api/stats');
      onStats(next);
      setTimeout(poll, show(next.indexing));
    } catch (e) {
      // The server may be restarting; the next round asks again.
      setTimeout(poll, IDLE_POLL_MS);
    }
  };
  setTimeout(poll, show(stats.indexing));
}
