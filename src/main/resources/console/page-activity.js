// Admin: the live event stream, newest first.
import { h, field, formatSize, formatDate } from './dom.js';
import { t, lang } from './i18n.js';
import { api } from './api.js';
import { listen } from './events.js';
import { pageHeader } from './ui.js';

const KEEP = 200;

export function render(main) {
  const bucket = h('select', { name: 'bucket' }, h('option', { value: '', text: t('activity.allBuckets') }));
  const live = h('span', { class: 'live-badge', dataset: { state: 'off' }, text: t('live.off') });
  const pause = h('button', { type: 'button', class: 'button small', 'aria-pressed': 'false', text: t('activity.pause') });
  const clearButton = h('button', { type: 'button', class: 'button ghost small', text: t('activity.clear') });
  const toolbar = h('form', { novalidate: true, class: 'toolbar card' }, field(t('activity.bucket'), bucket), live, pause, clearButton);
  toolbar.addEventListener('submit', (e) => e.preventDefault());
  const list = h('ol', { class: 'events', 'aria-label': t('activity.events'), 'aria-live': 'polite' });
  const empty = h('p', { class: 'empty', text: t('activity.waiting') });
  main.append(pageHeader(t('activity.title'), t('activity.intro')), toolbar, empty, list);

  let paused = false;
  let stop = null;
  const held = [];
  // Events carry the account's id (a service token's name for tokens): shown as the gallery shows uploaders,
  // the account's name, or its phone with the middle digits hidden.
  const names = new Map();
  const asked = new Set();
  let reading = null;

  function masked(phone) {
    return phone && phone.length >= 8 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
  }

  function readNames() {
    if (!reading) {
      reading = api('/imagepic/auth/users').then((users) => {
        users.forEach((u) => names.set(u.id, (u.name && u.name.trim()) || masked(u.phone)));
      }).catch(() => {}).finally(() => { reading = null; });
    }
    return reading;
  }

  /** The name for an id; an id not known yet is looked up once (an account made since the page opened). */
  function who(id, shown) {
    if (!id) return;
    if (names.has(id)) {
      shown.textContent = names.get(id);
      return;
    }
    shown.textContent = id;
    if (asked.has(id)) return;
    asked.add(id);
    readNames().then(() => {
      if (names.has(id)) document.querySelectorAll(`.event-user[data-user="${CSS.escape(id)}"]`).forEach((el) => { el.textContent = names.get(id); });
    });
  }

  function item(e) {
    const kind = e.type.includes('Removed') ? 'removed' : 'created';
    const where = e.key ? `${e.bucket}/${e.key}` : e.bucket;
    const user = e.user ? h('span', { class: 'event-user', dataset: { user: e.user } }) : null;
    if (user) who(e.user, user);
    return h('li', { class: `event event-${kind}`, dataset: { type: e.type, key: e.key || '' } },
      h('time', { datetime: e.time, text: formatDate(e.time, lang()) }),
      h('span', { class: 'badge', text: t(`activity.type.${e.type}`) || e.type }),
      h('span', { class: 'event-where mono', text: where }),
      h('span', { class: 'event-meta' },
        e.size !== null && e.size !== undefined ? formatSize(e.size, lang()) : null,
        e.size !== null && e.size !== undefined && e.user ? ' · ' : null,
        user));
  }

  function show(e) {
    empty.hidden = true;
    list.prepend(item(e));
    while (list.children.length > KEEP) list.lastChild.remove();
  }

  function start() {
    if (stop) stop();
    stop = listen({
      bucket: bucket.value || undefined,
      onStatus: (s) => {
        live.dataset.state = s;
        live.textContent = t(`live.${s}`);
      },
      onEvent: (e) => {
        if (paused) held.push(e);
        else show(e);
      },
    });
  }

  pause.addEventListener('click', () => {
    paused = !paused;
    pause.setAttribute('aria-pressed', String(paused));
    pause.textContent = paused ? t('activity.resume') : t('activity.pause');
    if (!paused) held.splice(0).forEach(show);
  });
  clearButton.addEventListener('click', () => {
    list.replaceChildren();
    empty.hidden = false;
  });
  bucket.addEventListener('change', start);
  readNames();
  api('/imagepic/bucket/listBuckets').then((all) => {
    bucket.append(...all.map((b) => h('option', { value: b.name, text: b.name })));
  }).catch(() => {});
  start();
  return () => {
    if (stop) stop();
  };
}
