// Shared pieces of the console's pages: notices, confirmation, copying, plain-word errors, link formats.
import { h, formatDate } from './dom.js';
import { t, lang } from './i18n.js';
import { ApiError } from './api.js';

/** A short notice in the live region (read out by screen readers). */
export function toast(message, kind = 'info') {
  const region = document.getElementById('toasts');
  if (!region) return;
  const note = h('div', { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status', text: message });
  region.append(note);
  setTimeout(() => note.remove(), kind === 'error' ? 8000 : 3000);
}

/** Asks before something that cannot be undone; resolves true when confirmed. Focus starts on Cancel. */
export function confirmAction(message, confirmLabel) {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', class: 'button', text: t('common.cancel') });
    const ok = h('button', { type: 'button', class: 'button danger', text: confirmLabel || t('common.delete') });
    const text = h('p', { id: 'confirm-text', text: message });
    const dialog = h('dialog', { class: 'dialog confirm', 'aria-labelledby': 'confirm-text' },
      text, h('div', { class: 'actions' }, cancel, ok));
    let answer = false;
    cancel.addEventListener('click', () => dialog.close());
    ok.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/** Copies text to the clipboard; falls back on a selected text area where the Clipboard API is refused. */
export async function copyText(text, what) {
  let done = false;
  try {
    await navigator.clipboard.writeText(text);
    done = true;
  } catch {
    const area = h('textarea', { class: 'visually-hidden', readonly: true, 'aria-hidden': 'true' });
    area.value = text;
    document.body.append(area);
    area.select();
    try {
      done = document.execCommand('copy');
    } catch {
      done = false;
    }
    area.remove();
  }
  toast(done ? t('copy.done', { what: what || t('copy.text') }) : t('copy.failed'), done ? 'info' : 'error');
  return done;
}

/** Link formats a page can paste: the URL, Markdown, an HTML <img>, BBCode. */
export const LINK_FORMATS = [
  { id: 'url', label: 'URL', make: (url) => url },
  { id: 'markdown', label: 'Markdown', make: (url, name) => `![${name.replace(/[[\]\\]/g, '\\$&')}](${url})` },
  { id: 'html', label: 'HTML', make: (url, name) => `<img src="${escapeAttr(url)}" alt="${escapeAttr(name)}">` },
  { id: 'bbcode', label: 'BBCode', make: (url) => `[img]${url}[/img]` },
];

function escapeAttr(s) {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One button per link format; each copies the link given (the upload answer's own link). */
export function copyButtons(url, name) {
  const base = name.split('/').pop();
  return h('div', { class: 'copy-group', role: 'group', 'aria-label': t('copy.as', { name: base }) },
    LINK_FORMATS.map((f) => h('button', {
      type: 'button',
      class: 'button small',
      dataset: { format: f.id },
      'aria-label': t('copy.format', { format: f.label, name: base }),
      onclick: () => copyText(f.make(url, base), f.label),
    }, f.label)));
}

/**
 * What a link is, said next to it: "permanent" (a public-read bucket: it works for anyone, for good) or
 * "signed, expires <date>" (it works for anyone until then).
 */
export function linkKind(urlType, expires) {
  const signed = urlType === 'signed';
  return h('span', {
    class: `link-kind ${signed ? 'link-signed' : 'link-permanent'}`,
    dataset: { kind: signed ? 'signed' : 'permanent', expires: signed && expires ? String(expires) : '' },
    text: signed ? t('link.signed', { date: formatDate(expires, lang()) }) : t('link.permanent'),
  });
}

/** A lifetime in seconds in words: 3600 -> "1 hour", 86400 -> "1 day". */
export function lifetimeText(seconds) {
  if (seconds === 86400) return t('time.day');
  if (seconds % 86400 === 0) return t('time.days', { n: seconds / 86400 });
  if (seconds === 3600) return t('time.hour');
  if (seconds % 3600 === 0) return t('time.hours', { n: seconds / 3600 });
  return t('time.minutes', { n: Math.max(1, Math.round(seconds / 60)) });
}

/** Widths a public bucket serves without a signed link (the service's default allow-list, Next.js's sizes). */
const PUBLIC_SIZES = [16, 32, 48, 64, 96, 128, 256, 384, 640, 750, 828, 1080, 1200, 1920, 2048, 3840];
const WIDTHS = [256, 640, 1080, 1920];
const FORMATS = ['auto', 'webp', 'avif', 'jpg', 'png'];

/** The link of one width and format; the 2× width is the smallest allowed one at least twice as wide (as Next.js picks). */
function variantLink(url, width, format, scale) {
  const q = new URLSearchParams();
  if (width) q.set('w', String(scale === 2 ? PUBLIC_SIZES.find((s) => s >= width * 2) || width : width));
  if (format === 'auto') q.set('auto', 'format');
  else if (format) q.set('fm', format);
  const query = q.toString();
  return query ? `${url}?${query}` : url;
}

/**
 * The link field and copy buttons of an image, with a width and a format to choose: URL, Markdown, BBCode of
 * that variant, and HTML with srcset for 1× and 2× screens.
 */
export function variantCopyButtons(url, name, sign) {
  const base = name.split('/').pop();
  const width = h('select', { name: 'variant-width', 'aria-label': t('copy.width') },
    h('option', { value: '', text: t('copy.originalSize') }),
    WIDTHS.map((w) => h('option', { value: String(w), text: `${w} px` })));
  const format = h('select', { name: 'variant-format', 'aria-label': t('copy.imageFormat') },
    h('option', { value: '', text: t('copy.originalFormat') }),
    FORMATS.map((f) => h('option', { value: f, text: f === 'auto' ? t('copy.autoFormat') : f.toUpperCase() })));
  const field = h('input', { type: 'text', class: 'link-field', readonly: true, value: url, 'aria-label': t('gallery.link') });
  // A private bucket's links are signed with their transform (sign(query) answers {url, expires}): made when a
  // choice changes, so a copy button copies at once.
  const signed = {};
  const chosen = (scale) => (sign ? signed[scale] || '' : variantLink(url, Number(width.value) || 0, format.value, scale));
  const query = (scale) => variantLink('', Number(width.value) || 0, format.value, scale).replace(/^\?/, '');
  const update = async () => {
    if (sign) {
      const [one, two] = await Promise.all([sign(query(1)), sign(query(2))]);
      signed[1] = one.url;
      signed[2] = two.url;
    }
    field.value = chosen(1);
  };
  width.addEventListener('change', update);
  format.addEventListener('change', update);
  const make = (f) => {
    if (f.id !== 'html' || !width.value) return f.make(chosen(1), base);
    return `<img src="${escapeAttr(chosen(1))}" srcset="${escapeAttr(chosen(1))} 1x, ${escapeAttr(chosen(2))} 2x" alt="${escapeAttr(base)}">`;
  };
  const panel = h('div', { class: 'variant-links' },
    field,
    h('div', { class: 'variant-choice' }, width, format),
    h('div', { class: 'copy-group', role: 'group', 'aria-label': t('copy.as', { name: base }) },
      LINK_FORMATS.map((f) => h('button', {
        type: 'button',
        class: 'button small',
        dataset: { format: f.id },
        'aria-label': t('copy.format', { format: f.label, name: base }),
        onclick: () => copyText(make(f), f.label),
      }, f.label))));
  panel.update = update; // signs again (the lifetime changed); resolves when the links are there
  return panel;
}

/** The failure in plain words, with the service's reason where it adds something. */
export function errorText(err) {
  if (!(err instanceof ApiError)) return t('err.unexpected');
  const plain = {
    0: 'err.network', 400: 'err.invalid', 401: 'err.unauthorized', 403: 'err.forbidden', 404: 'err.notFound',
    408: 'err.timeout', 409: 'err.conflict', 413: 'err.tooLarge', 415: 'err.notImage', 429: 'err.tooMany',
    502: 'err.unavailable', 503: 'err.unavailable',
  }[err.status];
  const text = plain ? t(plain) : t('err.status', { status: err.status });
  const detail = [400, 403, 404, 409].includes(err.status) && err.reason ? ` (${err.reason})` : '';
  return text + detail;
}

/** A page heading; focus moves here after navigation so keyboard and screen-reader users start at the top. */
export function pageHeader(title, intro, ...extra) {
  return h('div', { class: 'page-header' },
    h('div', {}, h('h1', { tabindex: '-1', text: title }), intro ? h('p', { class: 'intro', text: intro }) : null),
    extra.length ? h('div', { class: 'page-tools' }, extra) : null);
}

/** A status line under a form: role=alert for errors so they are read out. */
export function formMessage() {
  const el = h('p', { class: 'form-message', role: 'status' });
  return {
    el,
    error(err) {
      el.className = 'form-message error';
      el.setAttribute('role', 'alert');
      el.textContent = typeof err === 'string' ? err : errorText(err);
    },
    ok(text) {
      el.className = 'form-message ok';
      el.setAttribute('role', 'status');
      el.textContent = text;
    },
    info(text) {
      el.className = 'form-message info';
      el.setAttribute('role', 'status');
      el.textContent = text;
    },
    clear() {
      el.className = 'form-message';
      el.textContent = '';
    },
  };
}

/** Disables a form's controls while a call runs. */
export async function busy(form, work) {
  const controls = [...form.querySelectorAll('button, input, select, textarea')].filter((c) => !c.disabled);
  controls.forEach((c) => { c.disabled = true; });
  form.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    controls.forEach((c) => { c.disabled = false; });
    form.removeAttribute('aria-busy');
  }
}

/** A secret shown once (service token, webhook secret), with a copy button. */
/**
 * Shows a secret once in its slot (a token, a webhook's signing secret, an invite link, a temporary password): the
 * panel with its copy button, anything extra, and a button that clears the slot; the secret's field takes the focus.
 */
export function showSecret(slot, title, secret, note, extra) {
  slot.replaceChildren(...[secretPanel(title, secret, note), extra].filter(Boolean),
    h('button', { type: 'button', class: 'button ghost small', text: t('common.done'), onclick: () => slot.replaceChildren() }));
  slot.querySelector('input').focus();
}

function secretPanel(title, secret, note) {
  const input = h('input', { type: 'text', readonly: true, class: 'secret', value: secret, 'aria-label': title });
  return h('div', { class: 'secret-panel', role: 'region', 'aria-label': title },
    h('h2', { text: title }),
    h('p', { class: 'warning', text: note }),
    h('div', { class: 'secret-row' }, input,
      h('button', { type: 'button', class: 'button primary', onclick: () => copyText(secret, title) }, t('copy.button'))));
}
