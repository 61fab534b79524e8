// Upload: drop files on the page, paste a screenshot, or pick files. One request per file, so each has its
// own progress bar and its own error; at most three run at once.
import { h, field, formatSize } from './dom.js';
import { t, lang } from './i18n.js';
import {
  api, session, authHeaders, readEnvelope, reportUnauthorized, folderHeader, cleanFolder, ApiError, uploadLimits, retryAfterSeconds,
} from './api.js';
import { showImage } from './images.js';
import { copyButtons, errorText, linkKind, pageHeader } from './ui.js';

const SETTINGS_KEY = 'imagepic.upload';
const PARALLEL = 3;
// The queue outlives a re-render (language switch, navigation): uploads keep running.
const items = [];
let running = 0;
let nextId = 1;

// What happens to a name that exists: keep both (the new file gets a free name), replace, or don't upload.
const CONFLICTS = ['rename', 'replace', 'fail'];

function settings() {
  const defaults = { bucket: '', folder: '', naming: 'original', conflict: 'rename' };
  try {
    const saved = JSON.parse(localStorage.getItem(SETTINGS_KEY) || '{}');
    if (!CONFLICTS.includes(saved.conflict)) saved.conflict = saved.keep ? 'fail' : 'rename'; // before: a "don't replace" box
    delete saved.keep;
    return { ...defaults, ...saved };
  } catch {
    return defaults;
  }
}

// Media types browsers give a file that the service knows under another name.
const TYPE_ALIASES = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg', 'image/vnd.microsoft.icon': 'image/x-icon', 'image/ico': 'image/x-icon', 'image/x-ms-bmp': 'image/bmp' };

/** Why the service would refuse this file, told before sending it; null when it may go. */
function refusedBefore(item, limits) {
  if (!limits) return null;
  if (item.size > limits.maxFileSize) {
    return t('upload.overLimit', { size: formatSize(item.size, lang()), limit: formatSize(limits.maxFileSize, lang()) });
  }
  const type = TYPE_ALIASES[item.file.type] || item.file.type;
  if (type && Array.isArray(limits.types) && !limits.types.includes(type)) {
    return t('upload.notAllowedType', { type, types: limits.types.map((x) => x.replace('image/', '').replace('x-icon', 'ico').toUpperCase()).join(', ') });
  }
  return null;
}

function saveSettings(s) {
  localStorage.setItem(SETTINGS_KEY, JSON.stringify(s));
}

/** Screenshots arrive as "image.png": give them a name that will not replace the last one. */
function pastedName(file, index) {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const ext = (file.type.split('/')[1] || 'png').replace('jpeg', 'jpg').replace(/[^a-z0-9]/g, '');
  return `paste-${stamp}${index ? `-${index}` : ''}.${ext}`;
}

function statusText(item) {
  switch (item.status) {
    case 'queued': return t('upload.queued');
    case 'uploading': return item.total ? t('upload.progress', { percent: Math.floor((100 * item.loaded) / item.total) }) : t('upload.uploading');
    case 'done': return t('upload.done');
    default: return t('upload.failed');
  }
}

function drawItem(item) {
  const img = h('img', { alt: '', class: 'thumb-img' });
  const progress = h('progress', { max: 100, value: 0, 'aria-label': t('upload.progressOf', { name: item.name }) });
  const row = h('li', { class: 'upload-item', dataset: { status: item.status, name: item.name } },
    h('div', { class: 'thumb' }, img),
    h('div', { class: 'upload-info' },
      h('div', { class: 'upload-title' },
        h('span', { class: 'file-name', text: item.name, title: item.name }),
        h('span', { class: 'file-meta' }, formatSize(item.size, lang()), ' · ', h('span', { class: 'file-status' }))),
      progress,
      h('div', { class: 'upload-result' })));
  item.view = { row, img, progress };
  if (item.preview) img.src = item.preview;
  update(item);
  return row;
}

function update(item) {
  if (!item.view) return;
  const { row, img, progress } = item.view;
  row.dataset.status = item.status;
  row.dataset.progressEvents = String(item.progressEvents);
  row.querySelector('.file-status').textContent = statusText(item);
  const percent = item.status === 'done' ? 100 : item.total ? Math.floor((100 * item.loaded) / item.total) : 0;
  progress.value = percent;
  progress.hidden = item.status === 'failed';
  const result = row.querySelector('.upload-result');
  if (item.status === 'done' && !result.firstChild) {
    const url = item.result.url;
    const stored = item.result.key.split('/').pop();
    result.append(
      h('input', { type: 'text', class: 'link-field', readonly: true, value: url, 'aria-label': t('upload.linkOf', { name: item.name }) }),
      copyButtons(url, item.result.key),
      h('p', { class: 'link-note' }, linkKind(item.result.urlType, item.result.urlExpiresAt),
        stored !== item.name ? h('span', { class: 'saved-as', dataset: { key: item.result.key }, text: t('upload.savedAs', { name: stored }) }) : null));
    // The preview is the link itself, fetched as the page would (with the token for a private bucket).
    showImage(img, url).then(() => { img.dataset.source = 'link'; }).catch(() => {});
  } else if (item.status === 'failed' && !result.firstChild) {
    result.append(h('p', { class: 'upload-error', role: 'alert', text: item.refusal || errorText(item.error) }));
  }
}

async function send(item) {
  item.status = 'uploading'; // taken off the queue now: the check below waits for the limits
  update(item);
  const refusal = refusedBefore(item, await uploadLimits());
  if (refusal) {
    item.refusal = refusal; // nothing is sent: the service would refuse it after the whole file travelled
    item.status = 'failed';
    update(item);
    return;
  }
  await new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/imagepic/object/putObject');
    const headers = { bucket: item.bucket, naming: item.naming, conflict: item.conflict };
    if (item.folder) headers.folder = folderHeader(item.folder);
    for (const [k, v] of Object.entries(authHeaders(headers))) xhr.setRequestHeader(k, v);
    xhr.upload.addEventListener('progress', (e) => {
      item.loaded = e.loaded;
      item.total = e.lengthComputable ? e.total : item.size;
      item.progressEvents += 1;
      update(item);
    });
    xhr.addEventListener('load', async () => {
      try {
        item.result = await readEnvelope(xhr.status, xhr.responseText, retryAfterSeconds(xhr.getResponseHeader('retry-after')));
        item.status = 'done';
      } catch (err) {
        item.error = err;
        item.status = 'failed';
        if (err.status === 401) reportUnauthorized();
      }
      update(item);
      resolve();
    });
    const fail = () => {
      item.error = new ApiError(0, null);
      item.status = 'failed';
      update(item);
      resolve();
    };
    xhr.addEventListener('error', fail);
    xhr.addEventListener('abort', fail);
    const body = new FormData();
    body.append('file', item.file, item.name);
    item.status = 'uploading';
    update(item);
    xhr.send(body);
  });
}

function pump() {
  while (running < PARALLEL) {
    const item = items.find((i) => i.status === 'queued');
    if (!item) return;
    running += 1;
    send(item).finally(() => {
      running -= 1;
      pump();
    });
  }
}

export function render(main) {
  const s = settings();
  const bucket = h('select', { name: 'bucket', required: true });
  const folder = h('input', { type: 'text', name: 'folder', value: s.folder, placeholder: t('upload.folderPlaceholder'), autocomplete: 'off', spellcheck: 'false' });
  const naming = h('select', { name: 'naming' },
    h('option', { value: 'original', text: t('upload.namingOriginal'), selected: s.naming === 'original' }),
    h('option', { value: 'hash', text: t('upload.namingHash'), selected: s.naming === 'hash' }));
  const conflict = h('select', { name: 'conflict' },
    CONFLICTS.map((c) => h('option', { value: c, text: t(`upload.conflict.${c}`), selected: s.conflict === c })));
  const hints = { rename: t('upload.conflictHint.rename'), replace: t('upload.conflictHint.replace'), fail: t('upload.conflictHint.fail') };
  const conflictField = field(t('upload.conflict'), conflict, hints[s.conflict]);
  const options = h('form', { novalidate: true, class: 'upload-options card', 'aria-label': t('upload.options') },
    field(t('upload.bucket'), bucket),
    field(t('upload.folder'), folder, t('upload.folderHint')),
    field(t('upload.naming'), naming, t('upload.namingHint')),
    conflictField);
  options.addEventListener('submit', (e) => e.preventDefault());
  const remember = () => saveSettings({ bucket: bucket.value, folder: cleanFolder(folder.value), naming: naming.value, conflict: conflict.value });
  options.addEventListener('change', remember);
  conflict.addEventListener('change', () => {
    const hint = conflictField.querySelector('.hint');
    hint.textContent = hints[conflict.value];
    hint.classList.toggle('warning-text', conflict.value === 'replace');
  });

  const picker = h('input', { type: 'file', id: 'file-picker', class: 'visually-hidden file-picker', multiple: true, accept: 'image/*' });
  const drop = h('div', { class: 'dropzone', id: 'dropzone' },
    h('div', { class: 'dropzone-icon', 'aria-hidden': 'true' }, '⇪'),
    h('p', { class: 'dropzone-title', text: t('upload.dropTitle') }),
    h('p', { class: 'dropzone-hint', text: t('upload.dropHint') }),
    picker,
    h('label', { for: 'file-picker', class: 'button primary', text: t('upload.pick') }));
  const list = h('ul', { class: 'upload-list', 'aria-label': t('upload.queue') });
  const clearDone = h('button', { type: 'button', class: 'button ghost small', text: t('upload.clear') });
  const notice = h('p', { class: 'form-message', role: 'status' });

  main.append(pageHeader(t('upload.title'), t('upload.intro')), options, notice, drop,
    h('div', { class: 'list-header' }, h('h2', { text: t('upload.queue') }), clearDone), list);
  items.forEach((item) => list.append(drawItem(item)));

  function add(files, fromPaste) {
    if (!bucket.value) {
      notice.className = 'form-message error';
      notice.textContent = t('upload.noBucket');
      return;
    }
    remember();
    const at = { bucket: bucket.value, folder: cleanFolder(folder.value), naming: naming.value, conflict: conflict.value };
    [...files].forEach((file, index) => {
      const item = {
        id: nextId++, file, name: fromPaste ? pastedName(file, index) : file.name, size: file.size,
        status: 'queued', loaded: 0, total: 0, progressEvents: 0, ...at,
        preview: file.type.startsWith('image/') ? URL.createObjectURL(file) : null,
      };
      items.unshift(item);
      list.prepend(drawItem(item));
    });
    pump();
  }

  picker.addEventListener('change', () => {
    add(picker.files, false);
    picker.value = '';
  });
  clearDone.addEventListener('click', () => {
    for (let i = items.length - 1; i >= 0; i -= 1) {
      if (items[i].status === 'done' || items[i].status === 'failed') {
        if (items[i].preview) URL.revokeObjectURL(items[i].preview);
        items[i].view.row.remove();
        items.splice(i, 1);
      }
    }
  });

  let depth = 0;
  const onDragEnter = (e) => {
    if (![...(e.dataTransfer?.types || [])].includes('Files')) return;
    depth += 1;
    drop.classList.add('dragging');
  };
  const onDragLeave = () => {
    depth = Math.max(0, depth - 1);
    if (!depth) drop.classList.remove('dragging');
  };
  const onDragOver = (e) => {
    if ([...(e.dataTransfer?.types || [])].includes('Files')) e.preventDefault();
  };
  const onDrop = (e) => {
    if (!e.dataTransfer || !e.dataTransfer.files.length) return;
    e.preventDefault();
    depth = 0;
    drop.classList.remove('dragging');
    add(e.dataTransfer.files, false);
  };
  const onPaste = (e) => {
    const files = [...(e.clipboardData?.files || [])].filter((f) => f.type.startsWith('image/'));
    if (!files.length) return; // text pasted into the folder field stays text
    e.preventDefault();
    add(files, true);
  };
  document.addEventListener('dragenter', onDragEnter);
  document.addEventListener('dragleave', onDragLeave);
  document.addEventListener('dragover', onDragOver);
  document.addEventListener('drop', onDrop);
  document.addEventListener('paste', onPaste);

  uploadLimits().then((limits) => {
    if (limits) drop.append(h('p', { class: 'dropzone-limits', text: t('upload.limits', { limit: formatSize(limits.maxFileSize, lang()) }) }));
  });
  api('/imagepic/bucket/listBuckets').then((buckets) => {
    if (!buckets.length) {
      bucket.append(h('option', { value: '', text: t('upload.noBuckets') }));
      notice.textContent = session.me && session.me.admin ? t('upload.createFirst') : t('upload.askAdmin');
      if (session.me && session.me.admin) notice.append(' ', h('a', { href: '#/buckets', text: t('nav.buckets') }));
      return;
    }
    buckets.forEach((b) => bucket.append(h('option', { value: b.name, text: b.name, selected: b.name === s.bucket })));
  }).catch((err) => {
    notice.className = 'form-message error';
    notice.textContent = errorText(err);
  });

  return () => {
    document.removeEventListener('dragenter', onDragEnter);
    document.removeEventListener('dragleave', onDragLeave);
    document.removeEventListener('dragover', onDragOver);
    document.removeEventListener('drop', onDrop);
    document.removeEventListener('paste', onPaste);
    items.forEach((item) => { item.view = null; });
  };
}
