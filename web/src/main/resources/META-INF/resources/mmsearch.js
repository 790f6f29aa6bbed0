// The search page: builds a multipart query (text, an optional image, an optional sound) or a
// "more like this" query, renders hits with their thumbnails or a player for sounds, and the
// per-field explanation the API returns.
(() => {
  const $ = (id) => document.getElementById(id);
  // The chosen file per medium; the form field, its weight field and the page's ids follow its name.
  const chosen = { image: null, audio: null };
  const prompts = { image: 'Drop an image here or click to choose one', audio: 'Drop a sound here or click to choose one' };

  async function problem(response) {
    try {
      const p = await response.json();
      return `${p.status} ${p.title}: ${p.detail}`;
    } catch (e) {
      return `${response.status} ${response.statusText}`;
    }
  }

  function setStatus(text, isError) {
    $('status').textContent = text;
    $('status').className = isError ? 'error' : '';
  }

  function render(result) {
    const list = $('results');
    list.replaceChildren();
    for (const hit of result.hits) {
      const li = document.createElement('li');
      li.dataset.id = hit.item.id;
      const media = hit.item.media || {};
      if (hit.item.thumbnail) {
        const img = document.createElement('img');
        img.src = hit.item.thumbnail;
        img.alt = hit.item.fields.caption || hit.item.id;
        img.loading = 'lazy';
        img.addEventListener('error', () => img.classList.add('missing'));
        li.append(img);
      } else {
        // No picture: a plain tile says what the item is instead of a broken image.
        const tile = document.createElement('div');
        tile.className = 'tile';
        tile.textContent = media.audio ? '♪' : '¶';
        tile.setAttribute('aria-hidden', 'true');
        li.append(tile);
      }
      if (media.audio) {
        const player = document.createElement('audio');
        player.controls = true;
        player.preload = 'none';
        player.src = media.audio;
        player.setAttribute('aria-label', `play ${hit.item.id}`);
        li.append(player);
      }
      const meta = document.createElement('div');
      meta.className = 'meta';
      const id = document.createElement('span');
      id.className = 'id';
      id.textContent = hit.item.id;
      const caption = document.createElement('span');
      caption.className = 'caption';
      caption.textContent = hit.item.text;
      const score = document.createElement('span');
      score.className = 'score';
      score.textContent = `score ${hit.score.toFixed(4)}`;
      const why = document.createElement('details');
      const summary = document.createElement('summary');
      summary.textContent = 'why';
      why.append(summary);
      for (const c of hit.explanation) {
        const line = document.createElement('div');
        line.textContent = `part ${c.part} · ${c.field} · rank ${c.rank} · ${c.score.toFixed(3)} → ${c.contribution.toFixed(4)}`;
        why.append(line);
      }
      const similar = document.createElement('button');
      similar.type = 'button';
      similar.className = 'similar';
      similar.textContent = 'more like this';
      similar.addEventListener('click', () => searchSimilar(hit.item.id));
      meta.append(id, caption, score, why, similar);
      li.append(meta);
      list.append(li);
    }
    const t = result.timingsMs;
    setStatus(`${result.hits.length} of ${result.total} ranked · encode ${t.encode.toFixed(1)} ms · knn ${t.knn.toFixed(1)} ms · fuse ${t.fuse.toFixed(1)} ms`);
  }

  // A server with an API key answers 401: ask for the key once and keep it in a cookie, which the
  // API accepts, so thumbnails and originals load too.
  function askForKey() {
    const key = window.prompt('This server needs an API key:');
    if (!key) return false;
    document.cookie = `mmsearch-api-key=${encodeURIComponent(key)}; path=/; SameSite=Strict`;
    return true;
  }

  async function run(makeRequest) {
    setStatus('searching…');
    try {
      let response = await makeRequest();
      if (response.status === 401 && askForKey()) {
        response = await makeRequest();
      }
      if (!response.ok) {
        $('results').replaceChildren();
        setStatus(await problem(response), true);
        return;
      }
      render(await response.json());
    } catch (e) {
      setStatus(`search failed: ${e.message}`, true);
    }
  }

  function search() {
    const form = new FormData();
    const text = $('text').value.trim();
    if (!text && !chosen.image && !chosen.audio) {
      setStatus('type some text, or choose an image or a sound', true);
      return;
    }
    if (text) {
      form.append('text', text);
      form.append('textWeight', $('text-weight').value);
    }
    for (const [medium, file] of Object.entries(chosen)) {
      if (file) {
        form.append(medium, file, file.name);
        form.append(`${medium}Weight`, $(`${medium}-weight`).value);
      }
    }
    form.append('k', $('k').value);
    form.append('fusion', $('fusion').value);
    run(() => fetch('/api/search', { method: 'POST', body: form }));
  }

  function searchSimilar(id) {
    const path = id.split('/').map(encodeURIComponent).join('/');
    run(() => fetch(`/api/similar/${path}?k=${encodeURIComponent($('k').value)}`));
  }

  function choose(medium, file) {
    chosen[medium] = file;
    const label = $(medium === 'image' ? 'drop-label' : `drop-${medium}-label`);
    label.replaceChildren();
    if (file) {
      const url = URL.createObjectURL(file);
      if (medium === 'image') {
        const preview = document.createElement('img');
        preview.src = url;
        preview.alt = '';
        label.append(preview);
      } else {
        const player = document.createElement('audio');
        player.controls = true;
        player.src = url;
        label.append(player);
      }
      label.append(document.createTextNode(file.name));
    } else {
      label.textContent = prompts[medium];
      $(medium).value = '';
    }
    $(`clear-${medium}`).hidden = !file;
  }

  $('query').addEventListener('submit', (e) => { e.preventDefault(); search(); });
  for (const medium of Object.keys(chosen)) {
    $(medium).addEventListener('change', (e) => choose(medium, e.target.files[0] || null));
    $(`clear-${medium}`).addEventListener('click', () => choose(medium, null));
    const drop = $(medium === 'image' ? 'drop' : `drop-${medium}`);
    drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      drop.classList.remove('over');
      if (e.dataTransfer.files.length) choose(medium, e.dataTransfer.files[0]);
    });
  }

  fetch('/api/stats').then((r) => (r.status === 401 && askForKey() ? fetch('/api/stats') : r)).then((r) => r.json()).then((s) => {
    $('stats').textContent = `${s.items} items · spaces: ${s.spaces.map((x) => x.name).join(', ')}`;
  }).catch(() => {});
})();
