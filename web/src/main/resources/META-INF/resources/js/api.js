// Talking to the API: one search in flight at a time (a new one aborts the old, and an answer
// that arrives late is dropped by its sequence number), problem+json turned into a sentence, and
// the API key asked for once when the server wants one.

/** The sentence for a failed response: the problem's title and detail, or the HTTP status. */
async function problemText(response) {
  let p = null;
  try {
    p = await response.json();
  } catch (e) {
    // Not JSON (a proxy's page, an empty body): the status line says what we know.
  }
  if (p && (p.title || p.detail)) {
    const hint = HINTS[response.status];
    return `${p.title || response.statusText}: ${p.detail || ''}${hint ? ` — ${hint}` : ''}`.trim();
  }
  return `${response.status} ${response.statusText || 'error'}`;
}

/** What the user can do about a status, added to the server's words. */
const HINTS = {
  401: 'this server needs an API key; reload the page to enter it',
  404: 'the item may have been removed from the index',
  413: 'the file is too large for this server',
  415: 'this file type cannot be searched with',
  422: 'the file could not be read',
  429: 'the server is busy; try again in a moment',
  503: 'the server is not ready; try again in a moment',
};

// A server with an API key answers 401: ask for the key once and keep it in a cookie, which the
// API accepts, so thumbnails and originals load too.
function askForKey() {
  const key = window.prompt('This server needs an API key:');
  if (!key) return false;
  document.cookie = `mmsearch-api-key=${encodeURIComponent(key)}; path=/; SameSite=Strict`;
  return true;
}

export async function getJson(url) {
  let response = await fetch(url);
  if (response.status === 401 && askForKey()) response = await fetch(url);
  if (!response.ok) throw new Error(await problemText(response));
  return response.json();
}

let controller = null;
let sequence = 0;

/**
 * Runs a search; resolves to {result} or {error}, or to null when a newer search replaced it
 * (aborted, or answered after a newer one was sent): the caller then does nothing.
 */
export async function search(request) {
  controller?.abort();
  controller = new AbortController();
  const mine = ++sequence;
  const send = () => fetch('/api/search', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(request),
    signal: controller.signal,
  });
  try {
    let response = await send();
    if (response.status === 401 && mine === sequence && askForKey()) response = await send();
    if (mine !== sequence) return null;
    if (!response.ok) {
      const error = await problemText(response);
      return mine === sequence ? { error } : null;
    }
    const result = await response.json();
    return mine === sequence ? { result } : null;
  } catch (e) {
    if (e.name === 'AbortError' || mine !== sequence) return null;
    return { error: `The search did not reach the server (${e.message}).` };
  }
}

/** Stops the search in flight (the query became empty). */
export function cancel() {
  controller?.abort();
  sequence++;
}
