// Gallery: a bucket's folders (always first) and images in a lazily loaded grid, by name or newest first,
// filtered by a part of the name (or its start), with a large view, links that work for others (permanent,
// or signed for a lifetime chosen), deletion where allowed (confirmed) and new uploads appearing live.
import { h, field, formatSize, formatDate } from './dom.js';
import { t, lang } from './i18n.js';
import { api, imageLink, uploadLimits } from './api.js';
import { lazyImage, showImage, variant } from './images.js';
import { listen } from './events.js';
import { confirmAction, errorText, lifetimeText, linkKind, pageHeader, toast, variantCopyButtons } from './ui.js';

const PAGE_SIZE = 48;
/** Lifetimes offered for a signed link (seconds), up to the service's maximum. */
const LIFETIMES = [3600, 86400, 7 * 86400];

export function render(main, { params }) {
  const state = {
    bucket: params.get('bucket') || '',
    folder: params.get('folder') || '',
    filter: '',
    match: 'contains',
    order: 'name',
    policy: 'private',
    page: 0,
    total: 0,
    loading: false,
    generation: 0,
    selected: new Set(),
  };
  let stopLive = null;

  const bucket = h('select', { name: 'bucket' });
  const filter = h('input', { type: 'search', name: 'filter', placeholder: t('gallery.filterPlaceholder'), autocomplete: 'off', spellcheck: 'false' });
  const match = h('select', { name: 'match' },
    h('option', { value: 'contains', text: t('gallery.match.contains') }),
    h('option', { value: 'prefix', text: t('gallery.match.prefix') }));
  const order = h('select', { name: 'order' },
    h('option', { value: 'name', text: t('gallery.order.name') }),
    h('option', { value: 'newest', text: t('gallery.order.newest') }));
  const live = h('span', { class: 'live-badge', dataset: { state: 'off' }, text: t('live.off') });
  const toolbar = h('form', { novalidate: true, class: 'toolbar card', role: 'search' },
    field(t('gallery.bucket'), bucket), field(t('gallery.filter'), filter), field(t('gallery.match'), match),
    field(t('gallery.order'), order), live);
  toolbar.addEventListener('submit', (e) => e.preventDefault());
  const crumbs = h('nav', { class: 'crumbs', 'aria-label': t('gallery.folders') });
  const deleteSelected = h('button', { type: 'button', class: 'button danger small', disabled: true });
  const summary = h('p', { class: 'summary', role: 'status' });
  const folders = h('ul', { class: 'folder-list', 'aria-label': t('gallery.folders') });
  const grid = h('ul', { class: 'grid', 'aria-label': t('gallery.images') });
  const more = h('button', { type: 'button', class: 'button', text: t('gallery.more'), hidden: true });
  const sentinel = h('div', { class: 'sentinel', 'aria-hidden': 'true' });
  const empty = h('p', { class: 'empty', hidden: true });

  main.append(pageHeader(t('gallery.title'), t('gallery.intro')), toolbar,
    h('div', { class: 'list-header' }, crumbs, deleteSelected), summary, folders, grid, empty,
    h('div', { class: 'more' }, more), sentinel);

  function syncLocation() {
    const q = new URLSearchParams();
    if (state.bucket) q.set('bucket', state.bucket);
    if (state.folder) q.set('folder', state.folder);
    history.replaceState(null, '', `#/gallery${q.toString() ? `?${q}` : ''}`);
  }

  function updateSelection() {
    deleteSelected.disabled = state.selected.size === 0;
    deleteSelected.textContent = t('gallery.deleteSelected', { count: state.selected.size });
  }

  function drawCrumbs() {
    crumbs.replaceChildren();
    const parts = state.folder.split('/').filter(Boolean);
    const list = h('ol', {});
    const link = (label, folder, current) => h('li', {}, current
      ? h('span', { 'aria-current': 'location', text: label })
      : h('button', { type: 'button', class: 'link-button', text: label, onclick: () => openFolder(folder) }));
    list.append(link(state.bucket || '—', '', parts.length === 0));
    parts.forEach((p, i) => list.append(link(p, `${parts.slice(0, i + 1).join('/')}/`, i === parts.length - 1)));
    crumbs.append(list);
  }

  function tile(entry, fresh) {
    const name = entry.name.slice(state.folder.length);
    // only what this person may delete gets a box (the listing says; unknown: the service decides)
    const check = entry.removable === false ? null : h('input', { type: 'checkbox', 'aria-label': t('gallery.select', { name }) });
    if (check) {
      check.addEventListener('change', () => {
        if (check.checked) state.selected.add(entry.name);
        else state.selected.delete(entry.name);
        updateSelection();
      });
    }
    const img = h('img', { alt: name, loading: 'lazy' });
    const item = h('li', { class: `tile${fresh ? ' fresh' : ''}`, dataset: { key: entry.name, removable: String(entry.removable !== false) } },
      h('button', { type: 'button', class: 'tile-open', 'aria-label': t('gallery.open', { name }), onclick: () => openViewer(entry) }, img),
      h('div', { class: 'tile-info' },
        h('label', { class: 'tile-check' }, check, h('span', { class: 'file-name', title: name, text: name })),
        h('span', { class: 'file-meta', text: `${formatSize(entry.size, lang())} · ${formatDate(entry.lastModified, lang())}` }),
        uploaderLine(entry)));
    // a thumbnail (preset thumb, ~256 px), not the original: a page of tiles costs kilobytes, not megabytes
    const original = imageLink(state.bucket, entry.name);
    lazyImage(img, variant(original, 'preset=thumb'), original);
    return item;
  }

  function uploaderLine(entry) {
    return h('span', {
      class: 'file-meta file-uploader',
      title: t('gallery.uploader'),
      dataset: { uploader: entry.uploader || '' },
      text: entry.uploader ? t('gallery.by', { name: entry.uploader }) : '',
    });
  }

  /** A tile added from the event stream: its uploader is asked for (events carry ids, not names). */
  async function fillUploader(item, entry) {
    try {
      const page = await api('/imagepic/object/listObjects', {
        method: 'POST',
        body: { bucketName: state.bucket, prefix: entry.name, pageSize: 1, pageNum: 1, recursive: false, withUploader: true },
      });
      const found = page.lists.find((e) => e.name === entry.name);
      if (found && found.uploader) {
        entry.uploader = found.uploader;
        item.querySelector('.file-uploader').replaceWith(uploaderLine(entry));
      }
      if (found && found.removable === false) {
        entry.removable = false;
        const box = item.querySelector('.tile-check input');
        if (box) box.remove();
        item.dataset.removable = 'false';
      }
    } catch {
      // the tile shows without it
    }
  }

  function folderItem(prefix) {
    const label = prefix.slice(state.folder.length).replace(/\/$/, '');
    return h('li', {}, h('button', { type: 'button', class: 'folder', onclick: () => openFolder(prefix) },
      h('span', { 'aria-hidden': 'true', class: 'folder-icon' }, '▸'), ' ', label));
  }

  function showSummary() {
    const images = grid.children.length;
    let text = state.bucket ? t('gallery.summary', { shown: images, total: state.total }) : '';
    if (state.truncated) text += ` · ${t('gallery.truncated', { shown: images })}`;
    summary.textContent = text;
    empty.hidden = !(state.bucket && !state.loading && images === 0 && folders.children.length === 0);
    const noMatch = state.match === 'prefix' ? t('gallery.noMatchPrefix') : t('gallery.noMatch');
    empty.textContent = state.filter ? noMatch : t('gallery.empty');
  }

  async function loadMore() {
    if (state.loading || !state.bucket) return;
    if (state.page > 0 && (state.truncated || state.page * PAGE_SIZE >= state.objects)) return;
    state.loading = true;
    more.hidden = true;
    const mine = state.generation;
    try {
      const byPrefix = state.match === 'prefix';
      const page = await api('/imagepic/object/listObjects', {
        method: 'POST',
        body: {
          bucketName: state.bucket, prefix: state.folder + (byPrefix ? state.filter : ''), pageSize: PAGE_SIZE, pageNum: state.page + 1,
          recursive: false, withUploader: true, foldersFirst: true, order: state.order, contains: byPrefix ? undefined : state.filter || undefined,
        },
      });
      if (mine !== state.generation) return;
      state.page += 1;
      state.total = page.total;
      state.objects = page.total - (page.folders || 0);
      state.truncated = page.truncated === true;
      for (const entry of page.lists) {
        if (entry.prefix) folders.append(folderItem(entry.prefix));
        else if (!grid.querySelector(`[data-key="${CSS.escape(entry.name)}"]`)) grid.append(tile(entry, false));
      }
    } catch (err) {
      if (mine === state.generation) summary.textContent = errorText(err);
    } finally {
      if (mine === state.generation) {
        state.loading = false;
        more.hidden = state.truncated || state.page * PAGE_SIZE >= state.objects;
        showSummary();
      }
    }
  }

  function reload() {
    state.generation += 1;
    state.page = 0;
    state.total = 0;
    state.objects = 0;
    state.truncated = false;
    state.loading = false;
    state.selected.clear();
    updateSelection();
    grid.replaceChildren();
    folders.replaceChildren();
    drawCrumbs();
    syncLocation();
    loadMore();
  }

  function openFolder(prefix) {
    state.folder = prefix;
    filter.value = '';
    state.filter = '';
    reload();
    startLive();
  }

  function removeTile(key) {
    const el = grid.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (el) {
      el.remove();
      state.total = Math.max(0, state.total - 1);
    }
    state.selected.delete(key);
    updateSelection();
    showSummary();
  }

  async function remove(keys) {
    let failed = 0;
    let lastError = null;
    for (const key of keys) {
      try {
        await api('/imagepic/object/removeObject', { method: 'POST', body: { bucketName: state.bucket, objectName: key } });
        removeTile(key);
      } catch (err) {
        failed += 1;
        lastError = err;
      }
    }
    if (failed) toast(t('gallery.deleteFailed', { count: failed, reason: errorText(lastError) }), 'error');
    else toast(t('gallery.deleted', { count: keys.length }));
  }

  deleteSelected.addEventListener('click', async () => {
    const keys = [...state.selected];
    if (await confirmAction(t('gallery.confirmDelete', { count: keys.length }))) await remove(keys);
  });

  /**
   * The links others can open, in the width and format chosen: permanent for a public bucket, else signed (with
   * their transform) for the lifetime chosen, and said which with the date they stop working.
   */
  function sharePanel(entry) {
    const url = imageLink(state.bucket, entry.name);
    const kind = h('p', { class: 'link-note' });
    if (state.policy === 'public-read') {
      kind.append(linkKind('permanent'));
      return h('div', { class: 'share' }, variantCopyButtons(url, entry.name), kind);
    }
    const lifetime = h('select', { name: 'lifetime' });
    const failure = h('p', { class: 'upload-error', role: 'alert', hidden: true });
    const sign = async (transform) => {
      const signed = await api('/imagepic/image/signedUrl', {
        method: 'POST',
        body: { bucketName: state.bucket, objectName: entry.name, expiry: Number(lifetime.value), transform: transform || undefined },
      });
      kind.replaceChildren(linkKind('signed', signed.expires));
      return signed;
    };
    const links = variantCopyButtons(url, entry.name, sign);
    const refresh = () => links.update().then(() => { failure.hidden = true; }).catch((err) => {
      failure.textContent = errorText(err);
      failure.hidden = false;
    });
    uploadLimits().then((limits) => {
      const max = limits ? limits.maxLinkLifetime : LIFETIMES[LIFETIMES.length - 1];
      const offered = LIFETIMES.filter((s) => s <= max);
      if (!offered.length) offered.push(max);
      lifetime.append(...offered.map((s) => h('option', { value: s, text: lifetimeText(s), selected: s === 86400 })));
      refresh();
    });
    lifetime.addEventListener('change', refresh);
    links.querySelectorAll('select').forEach((s) => s.addEventListener('change', () => { failure.hidden = true; }));
    return h('div', { class: 'share' }, field(t('gallery.lifetime'), lifetime, t('gallery.lifetimeHint')), links, kind, failure);
  }

  async function openViewer(entry) {
    const url = imageLink(state.bucket, entry.name);
    const img = h('img', { alt: entry.name, class: 'viewer-img' });
    const details = h('dl', { class: 'details' });
    const row = (k, v) => [h('dt', { text: k }), h('dd', { text: v })];
    details.append(...row(t('gallery.key'), entry.name), ...row(t('gallery.size'), formatSize(entry.size, lang())),
      ...row(t('gallery.modified'), formatDate(entry.lastModified, lang())),
      ...row(t('gallery.uploader'), entry.uploader || t('gallery.unknown')));
    const close = h('button', { type: 'button', class: 'button ghost', text: t('common.close') });
    const del = entry.removable === false ? null : h('button', { type: 'button', class: 'button danger', text: t('common.delete') });
    const title = h('h2', { id: 'viewer-title', text: entry.name.split('/').pop() });
    const dialog = h('dialog', { class: 'dialog viewer', 'aria-labelledby': 'viewer-title' },
      h('div', { class: 'viewer-head' }, title, close),
      h('div', { class: 'viewer-body' }, h('div', { class: 'viewer-image' }, img),
        h('div', { class: 'viewer-side' }, details, sharePanel(entry), del ? h('div', { class: 'actions' }, del) : null)));
    close.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => dialog.remove());
    if (del) {
      del.addEventListener('click', async () => {
        if (await confirmAction(t('gallery.confirmDelete', { count: 1 }))) {
          dialog.close();
          await remove([entry.name]);
        }
      });
    }
    document.body.append(dialog);
    dialog.showModal();
    close.focus();
    showImage(img, variant(url, 'preset=view'), url).catch(() => {});
    try {
      const stat = await api('/imagepic/object/statObject', { method: 'POST', body: { bucketName: state.bucket, objectName: entry.name } });
      const meta = stat.metaData || {};
      const type = Object.entries(meta).find(([k]) => k.toLowerCase() === 'content-type');
      if (type) details.append(...row(t('gallery.type'), type[1]));
    } catch {
      // the details above are enough
    }
  }

  function belongsHere(key) {
    if (!key || !key.startsWith(state.folder)) return false;
    const name = key.slice(state.folder.length);
    if (name.includes('/')) return false;
    if (!state.filter) return true;
    return state.match === 'prefix' ? name.startsWith(state.filter) : name.toLowerCase().includes(state.filter.toLowerCase());
  }

  function startLive() {
    if (stopLive) stopLive();
    stopLive = null;
    if (!state.bucket) return;
    const watched = state.bucket;
    stopLive = listen({
      bucket: watched,
      onStatus: (s) => {
        live.dataset.state = s;
        live.textContent = t(`live.${s}`);
      },
      onEvent: (e) => {
        if (e.bucket !== watched || watched !== state.bucket) return;
        if (e.type.startsWith('s3:ObjectCreated') && belongsHere(e.key)) {
          if (grid.querySelector(`[data-key="${CSS.escape(e.key)}"]`)) return;
          const entry = { name: e.key, size: e.size, lastModified: e.time };
          const item = tile(entry, true);
          grid.prepend(item); // the newest: first in either order (by name it stays until the next reload)
          fillUploader(item, entry);
          state.total += 1;
          showSummary();
        } else if (e.type.startsWith('s3:ObjectRemoved')) {
          removeTile(e.key);
        }
      },
    });
  }

  /** Whether images of the bucket are public (permanent links) or private (signed links). */
  async function loadPolicy() {
    const watched = state.bucket;
    try {
      const p = await api('/imagepic/policy/getBucketPolicy', { query: { bucketName: watched } });
      if (watched === state.bucket) state.policy = p.policy;
    } catch {
      if (watched === state.bucket) state.policy = 'private';
    }
  }

  bucket.addEventListener('change', () => {
    state.bucket = bucket.value;
    state.folder = '';
    loadPolicy();
    openFolder('');
  });
  match.addEventListener('change', () => {
    state.match = match.value;
    if (state.filter) reload();
  });
  order.addEventListener('change', () => {
    state.order = order.value;
    reload();
  });
  let typing = null;
  filter.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      state.filter = filter.value;
      reload();
    }, 250);
  });
  more.addEventListener('click', loadMore);
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) loadMore();
  }, { rootMargin: '600px' });
  observer.observe(sentinel);
  updateSelection();

  api('/imagepic/bucket/listBuckets').then((buckets) => {
    if (!buckets.length) {
      bucket.append(h('option', { value: '', text: t('upload.noBuckets') }));
      showSummary();
      return;
    }
    if (!buckets.some((b) => b.name === state.bucket)) {
      state.bucket = buckets[0].name;
      state.folder = '';
    }
    buckets.forEach((b) => bucket.append(h('option', { value: b.name, text: b.name, selected: b.name === state.bucket })));
    loadPolicy();
    reload();
    startLive();
  }).catch((err) => {
    summary.textContent = errorText(err);
  });

  return () => {
    observer.disconnect();
    clearTimeout(typing);
    if (stopLive) stopLive();
    document.querySelectorAll('dialog').forEach((d) => d.remove());
  };
}
