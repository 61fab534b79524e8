// The signed-in account: who it is, password change, sign-out.
import { h, field } from './dom.js';
import { t } from './i18n.js';
import { api, session } from './api.js';
import { formMessage, busy, pageHeader } from './ui.js';

export function render(main, { go }) {
  const me = session.me;
  const old = h('input', { type: 'password', name: 'old', required: true, autocomplete: 'current-password' });
  const next = h('input', { type: 'password', name: 'new', required: true, autocomplete: 'new-password', minlength: 6, maxlength: 20 });
  const again = h('input', { type: 'password', name: 'again', required: true, autocomplete: 'new-password' });
  const message = formMessage();
  const form = h('form', { novalidate: true, class: 'card stack narrow', 'aria-label': t('account.change') },
    h('h2', { text: t('account.change') }),
    field(t('account.old'), old), field(t('account.new'), next, t('field.passwordRule')), field(t('account.again'), again),
    message.el,
    h('div', {}, h('button', { type: 'submit', class: 'button primary', text: t('account.changeButton') })));
  const signOut = h('button', { type: 'button', class: 'button', text: t('nav.signout') });
  main.append(pageHeader(t('account.title'), null),
    h('dl', { class: 'details card narrow' },
      h('dt', { text: t('field.phone') }), h('dd', { text: me.name }),
      h('dt', { text: t('account.role') }), h('dd', { text: me.admin ? t('account.admin') : t('account.member') })),
    form, h('div', { class: 'narrow' }, signOut));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.clear();
    if (next.value !== again.value) {
      message.error(t('account.mismatch'));
      again.focus();
      return;
    }
    try {
      const kept = session.kept;
      await busy(form, async () => {
        const data = await api('/imagepic/auth/change', { method: 'POST', auth: false, body: { phone: me.name, opwd: old.value, npwd: next.value } });
        const who = session.me;
        // earlier tokens and kept sessions stop working: carry on with the fresh token, and keep this device
        // signed in with a new session
        if (kept) await session.signIn(me.name, next.value, true);
        else session.start(data.token);
        session.me = who;
      });
      form.reset();
      message.ok(t('account.changed'));
    } catch (err) {
      message.error(err.status === 401 ? t('account.wrongOld') : err);
    }
  });
  signOut.addEventListener('click', async () => {
    await session.signOut();
    go('/signin');
  });
}
