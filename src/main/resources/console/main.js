// The console's shell: top bar, navigation, language switch and a hash router (#/upload, #/gallery?bucket=x)
// that loads each page's module when it is first opened, so the first page load stays small.
import { h, clear } from './dom.js';
import { t, lang, setLang, loadLang } from './i18n.js';
import { api, session, onUnauthorized } from './api.js';
import { releaseImages } from './images.js';

// Pages: the admin ones are listed and reachable for admins only (the API checks again).
const ROUTES = {
  '/signin': { title: 'nav.signin', open: true, load: () => import('./page-signin.js') },
  '/upload': { title: 'nav.upload', nav: true, load: () => import('./page-upload.js') },
  '/gallery': { title: 'nav.gallery', nav: true, load: () => import('./page-gallery.js') },
  '/buckets': { title: 'nav.buckets', nav: true, admin: true, load: () => import('./page-buckets.js') },
  '/users': { title: 'nav.users', nav: true, admin: true, load: () => import('./page-users.js') },
  '/tokens': { title: 'nav.tokens', nav: true, admin: true, load: () => import('./page-tokens.js') },
  '/webhooks': { title: 'nav.webhooks', nav: true, admin: true, load: () => import('./page-webhooks.js') },
  '/activity': { title: 'nav.activity', nav: true, admin: true, load: () => import('./page-activity.js') },
  '/connect': { title: 'nav.connect', nav: true, admin: true, load: () => import('./page-connect.js') },
  '/account': { title: 'nav.account', load: () => import('./page-account.js') },
};
const HOME = '/upload';

const app = document.getElementById('app');
let leave = null;
let sequence = 0;
let notice = null;
// A page that sends the person on (sign-in done, signed out) moves focus to the next page's heading, as a link
// does: its own form was disabled meanwhile, so focus would otherwise fall to <body>.
let moveFocus = false;

/** Goes to a page: go('/gallery', {bucket: 'x'}). */
export function go(path, params) {
  moveFocus = true;
  const query = params ? `?${new URLSearchParams(params)}` : '';
  const hash = `#${path}${query}`;
  if (location.hash === hash) route();
  else location.hash = hash;
}

function current() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : HOME;
  const [path, query] = raw.split('?');
  return { path: ROUTES[path] ? path : HOME, params: new URLSearchParams(query || '') };
}

function navLink(path, r, active) {
  return h('li', {}, h('a', {
    href: `#${path}`,
    class: path === active ? 'active' : null,
    'aria-current': path === active ? 'page' : null,
    text: t(r.title),
  }));
}

function shell(active) {
  const me = session.me;
  const main = h('main', { id: 'main', tabindex: '-1', dataset: { page: active } });
  const skip = h('a', {
    class: 'skip-link',
    href: '#main',
    text: t('nav.skip'),
    onclick: (e) => {
      e.preventDefault();
      main.focus();
    },
  });
  const other = lang() === 'zh' ? 'en' : 'zh';
  const switcher = h('button', {
    type: 'button',
    class: 'button ghost lang-switch',
    lang: other === 'zh' ? 'zh-CN' : 'en',
    'aria-label': t('lang.switch', { to: other === 'zh' ? '中文' : 'English' }),
    dataset: { lang: other },
    onclick: async () => {
      await setLang(other);
      await route();
      document.querySelector('.lang-switch').focus(); // the keyboard stays where it was
    },
  }, other === 'zh' ? '中文' : 'EN');
  const icon = document.querySelector('link[rel=icon]');
  const brand = h('a', { class: 'brand', href: `#${HOME}` },
    h('img', { src: icon ? icon.href : '', alt: '', width: 28, height: 28 }), h('span', { text: 'imagepic' }));
  const nav = me ? h('nav', { class: 'main-nav', id: 'main-nav', 'aria-label': t('nav.label') },
    h('ul', {}, Object.entries(ROUTES)
      .filter(([, r]) => r.nav && (!r.admin || me.admin))
      .map(([path, r]) => navLink(path, r, active)),
    // on a phone the top bar has no room for these: the menu holds them
    h('li', { class: 'menu-only' }, h('a', { href: '#/account', class: active === '/account' ? 'active' : null, text: t('nav.account') })),
    h('li', { class: 'menu-only' }, h('button', { type: 'button', class: 'link-button nav-signout', onclick: signOut, text: t('nav.signout') })))) : null;
  // Phones: the navigation folds into a menu, so every page stays one tap away (no sideways scrolling).
  const menu = me ? h('button', {
    type: 'button', class: 'button ghost menu-button', 'aria-expanded': 'false', 'aria-controls': 'main-nav',
    onclick: (e) => {
      const open = nav.classList.toggle('open');
      e.currentTarget.setAttribute('aria-expanded', String(open));
    },
  }, h('span', { class: 'menu-icon', 'aria-hidden': 'true' }, '☰'), h('span', { text: t('nav.menu') })) : null;
  if (nav) {
    nav.addEventListener('click', (e) => { // a choice made: the menu folds (also for the page already shown)
      if (!e.target.closest('a, button')) return;
      nav.classList.remove('open');
      menu.setAttribute('aria-expanded', 'false');
    });
  }
  const account = me ? h('div', { class: 'account' },
    h('a', {
      href: '#/account',
      class: `account-link${active === '/account' ? ' active' : ''}`,
      'aria-current': active === '/account' ? 'page' : null,
      title: t('nav.account'),
      'aria-label': `${t('nav.account')}: ${me.name}`,
    }, me.name),
    h('button', { type: 'button', class: 'button ghost', onclick: signOut, text: t('nav.signout') })) : null;
  const header = h('header', { class: 'topbar' }, skip,
    h('div', { class: 'topbar-row' }, brand, h('div', { class: 'topbar-tools' }, switcher, account, menu)), nav);
  clear(app);
  app.append(header, main, h('div', { id: 'toasts', class: 'toasts', 'aria-live': 'polite' }));
  return main;
}

async function signOut() {
  await session.signOut();
  notice = t('signin.signedOut');
  go('/signin');
}

async function route() {
  const mine = ++sequence;
  const { path, params } = current();
  const r = ROUTES[path];
  if (!session.token) session.me = null; // the token went (another tab, storage cleared): so did who it was
  if (!session.token && session.kept) {
    await session.refresh(); // a new tab, or a browser started again: the kept session signs it in
    if (mine !== sequence) return;
  }
  if (!r.open && !session.token) {
    go('/signin');
    return;
  }
  if (session.token && !session.me) {
    try {
      session.me = await api('/imagepic/auth/me');
    } catch {
      session.end();
      if (mine === sequence) go('/signin');
      return;
    }
  }
  if (path === '/signin' && session.me && session.token) {
    go(HOME);
    return;
  }
  let page;
  try {
    page = await r.load();
  } catch {
    page = null;
  }
  if (mine !== sequence) return; // another navigation started meanwhile
  if (leave) leave();
  leave = null;
  releaseImages();
  const hadFocus = moveFocus || (document.activeElement && document.activeElement !== document.body);
  moveFocus = false;
  const main = shell(path);
  document.title = `${t(r.title)} · imagepic`;
  if (!page) {
    main.append(h('p', { class: 'form-message error', role: 'alert', text: t('err.loadPage') }));
    return;
  }
  if (r.admin && !session.me.admin) {
    main.append(h('div', { class: 'empty' }, h('h1', { tabindex: '-1', text: t(r.title) }), h('p', { text: t('err.adminOnly') })));
    return;
  }
  const context = { params, go, notice };
  notice = null;
  leave = page.render(main, context) || null;
  if (hadFocus) {
    const heading = main.querySelector('h1');
    if (heading) heading.focus();
  }
}

onUnauthorized(() => {
  if (!session.token) return;
  session.end();
  notice = t('signin.expired');
  go('/signin');
});
session.listen({
  // signed out in another tab of this browser: here too
  ended: () => {
    notice = t('signin.signedOut');
    go('/signin');
  },
  // signed in in another tab while this one showed the sign-in page
  token: () => {
    if (current().path === '/signin') go(HOME);
  },
});

window.addEventListener('hashchange', () => {
  if (location.hash.startsWith('#/') || location.hash === '') route();
});
await loadLang();
route();
