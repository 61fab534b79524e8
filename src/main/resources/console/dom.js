// Small DOM helpers: elements are built with h(), never from HTML strings (the page's
// Content-Security-Policy requires Trusted Types for every HTML sink, and allows none).

/**
 * h('button', {class: 'primary', onclick: fn, 'aria-label': 'x'}, 'text', child...)
 * Attributes: class, text, dataset {..}, on<event> handlers, boolean or string attributes; false/null skip.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'checked') el.checked = el.defaultChecked = v; // form.reset() comes back to it
    else if (k === 'selected') el.selected = el.defaultSelected = v;
    else if (k === 'value' || k === 'disabled' || k === 'hidden') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let ids = 0;
/** A unique id, to tie labels to inputs. */
export function uid(prefix = 'f') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled form field: {label, input, hint?} wrapped in a div.field. */
export function field(label, input, hint) {
  if (!input.id) input.id = uid();
  const hintEl = hint ? h('p', { class: 'hint', id: `${input.id}-hint`, text: hint }) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: input.id, text: label }), input, hintEl);
}

export function formatSize(bytes, lang) {
  if (bytes === null || bytes === undefined) return '';
  const units = ['B', 'KB', 'MB', 'GB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u += 1;
  }
  const fmt = new Intl.NumberFormat(lang, { maximumFractionDigits: u === 0 ? 0 : 1 });
  return `${fmt.format(n)} ${units[u]}`;
}

export function formatDate(value, lang) {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
