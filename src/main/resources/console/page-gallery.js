// Gallery: a bucket's folders and images in a lazily loaded grid, filtered by name prefix, with a large
// view, copy-ready links, deletion (one or several, confirmed) and new uploads appearing live.
import { h, field, formatSize, formatDate } from './dom.js';
import { t, lang } from './i18n.js';
import { api, imageLink } from './api.js';
import { lazyImage, showImage, variant } from './images.js';
import { listen } from './events.js';
import { confirmAction, errorText, pageHeader, toast, variantCopyButtons } from './ui.js';

const PAGE_SIZE = 48;

export function render(main, { params }) {
  const state = {
    bucket: params.get('bucket') || '',
    folder: params.get('folder') || '',
    filter: '',
    page: 0,
    total: 0,
    loading: false,
    generation: 0,
    selected: new Set(),
  };
  let stopLive = null;

  const bucket = h('select', { name: 'bucket' });
  const filter = h('input', { type: 'search', name: 'filter', placeholder: t('gallery.filterPlaceholder'), autocomplete: 'off', spellcheck: 'false' });
  const live = h('span', { class: 'live-badge', dataset: { state: 'off' }, text: t('live.off') });
  const toolbar = h('form', { novalidate: true, class: 'toolbar card', role: 'search' },
    field(t('gallery.bucket'), bucket), field(t('gallery.filter'), filter), live);
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
    const check = h('input', { type: 'checkbox', 'aria-label': t('gallery.select', { name }) });
    check.addEventListener('change', () => {
      if (check.checked) state.selected.add(entry.name);
      else state.selected.delete(entry.name);
      updateSelection();
    });
    const img = h('img', { alt: name, loading: 'lazy' });
    const item = h('li', { class: `tile${fresh ? ' fresh' : ''}`, dataset: { key: entry.name } },
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
    summary.textContent = state.bucket ? t('gallery.summary', { shown: images, total: state.total }) : '';
    empty.hidden = !(state.bucket && !state.loading && images === 0 && folders.children.length === 0);
    empty.textContent = state.filter ? t('gallery.noMatch') : t('gallery.empty');
  }

  async function loadMore() {
    if (state.loading || !state.bucket) return;
    if (state.page > 0 && state.page * PAGE_SIZE >= state.total) return;
    state.loading = true;
    more.hidden = true;
    const mine = state.generation;
    try {
      const page = await api('/imagepic/object/listObjects', {
        method: 'POST',
        body: { bucketName: state.bucket, prefix: state.folder + state.filter, pageSize: PAGE_SIZE, pageNum: state.page + 1, recursive: false, withUploader: true },
      });
      if (mine !== state.generation) return;
      state.page += 1;
      state.total = page.total;
      for (const entry of page.lists) {
        if (entry.prefix) folders.append(folderItem(entry.prefix));
        else if (!grid.querySelector(`[data-key="${CSS.escape(entry.name)}"]`)) grid.append(tile(entry, false));
      }
    } catch (err) {
      if (mine === state.generation) summary.textContent = errorText(err);
    } finally {
      if (mine === state.generation) {
        state.loading = false;
        more.hidden = state.page * PAGE_SIZE >= state.total;
        showSummary();
      }
    }
  }

  function reload() {
    state.generation += 1;
    state.page = 0;
    state.total = 0;
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

  async function openViewer(entry) {
    const url = imageLink(state.bucket, entry.name);
    const img = h('img', { alt: entry.name, class: 'viewer-img' });
    const details = h('dl', { class: 'details' });
    const row = (k, v) => [h('dt', { text: k }), h('dd', { text: v })];
    details.append(...row(t('gallery.key'), entry.name), ...row(t('gallery.size'), formatSize(entry.size, lang())),
      ...row(t('gallery.modified'), formatDate(entry.lastModified, lang())),
      ...row(t('gallery.uploader'), entry.uploader || t('gallery.unknown')));
    const close = h('button', { type: 'button', class: 'button ghost', text: t('common.close') });
    const del = h('button', { type: 'button', class: 'button danger', text: t('common.delete') });
    const title = h('h2', { id: 'viewer-title', text: entry.name.split('/').pop() });
    const dialog = h('dialog', { class: 'dialog viewer', 'aria-labelledby': 'viewer-title' },
      h('div', { class: 'viewer-head' }, title, close),
      h('div', { class: 'viewer-body' }, h('div', { class: 'viewer-image' }, img),
        h('div', { class: 'viewer-side' }, details,
          variantCopyButtons(url, entry.name), h('div', { class: 'actions' }, del))));
    close.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => dialog.remove());
    del.addEventListener('click', async () => {
      if (await confirmAction(t('gallery.confirmDelete', { count: 1 }))) {
        dialog.close();
        await remove([entry.name]);
      }
    });
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
    if (!key || !key.startsWith(state.folder + state.filter)) return false;
    return !key.slice(state.folder.length).includes('/');
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
          grid.prepend(item);
          fillUploader(item, entry);
          state.total += 1;
          showSummary();
        } else if (e.type.startsWith('s3:ObjectRemoved')) {
          removeTile(e.key);
        }
      },
    });
  }

  bucket.addEventListener('change', () => {
    state.bucket = bucket.value;
    state.folder = '';
    openFolder('');
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
