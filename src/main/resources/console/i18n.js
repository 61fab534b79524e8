// Chinese and English. The browser's language decides at first; the switch in the top bar is remembered
// in localStorage (a preference, not a secret). Only the texts of the language in use are loaded.
const LANG_KEY = 'imagepic.lang';
const LOADERS = {
  zh: () => import('./text-zh.js'),
  en: () => import('./text-en.js'),
};

function initial() {
  const saved = localStorage.getItem(LANG_KEY);
  if (saved === 'zh' || saved === 'en') return saved;
  const preferred = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'zh'];
  for (const l of preferred) {
    const code = l.toLowerCase();
    if (code.startsWith('zh')) return 'zh';
    if (code.startsWith('en')) return 'en';
  }
  return 'en';
}

let current = initial();
let texts = {};

export function lang() {
  return current;
}

/** The language sent to the API, so its reasons (data.err) come back in the same language. */
export function apiLanguage() {
  return current === 'zh' ? 'zh-CN' : 'en';
}

/** Loads the texts of a language and makes it the current one (remembered for the next visit). */
export async function setLang(next, remember = true) {
  const chosen = next === 'zh' ? 'zh' : 'en';
  texts = (await LOADERS[chosen]()).default;
  current = chosen;
  if (remember) localStorage.setItem(LANG_KEY, current);
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
}

/** Loads the language chosen before, or the browser's. */
export function loadLang() {
  return setLang(current, false);
}

/** The text for key, with {name} placeholders filled in; the key itself when missing. */
export function t(key, vars) {
  const text = texts[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name) => (vars[name] ?? m)) : text;
}
