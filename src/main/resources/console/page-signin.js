// Sign in with phone and password, or register (when the service's registration is open).
import { h, field } from './dom.js';
import { t } from './i18n.js';
import { api, session } from './api.js';
import { formMessage, busy } from './ui.js';

function input(attrs) {
  return h('input', { required: true, ...attrs });
}

export function render(main, { go, notice, params }) {
  let mode = params.get('mode') === 'register' ? 'register' : 'signin';
  const card = h('section', { class: 'auth-card', 'aria-labelledby': 'auth-title' });
  main.classList.add('centered');
  main.append(card);

  async function signIn(phone, upwd) {
    const data = await api('/imagepic/auth/login', { method: 'POST', body: { phone, upwd }, auth: false });
    session.start(data.token);
    go('/upload');
  }

  function draw() {
    card.replaceChildren();
    const tabs = h('div', { class: 'segmented', role: 'group', 'aria-label': t('signin.mode') },
      h('button', { type: 'button', 'aria-pressed': String(mode === 'signin'), onclick: () => switchTo('signin'), text: t('signin.tab') }),
      h('button', { type: 'button', 'aria-pressed': String(mode === 'register'), onclick: () => switchTo('register'), text: t('signin.registerTab') }));
    const message = formMessage();
    if (notice) message.ok(notice);
    const phone = input({ type: 'tel', name: 'phone', autocomplete: 'username', inputmode: 'numeric', pattern: '1[3-9][0-9]{9}', maxlength: 11 });
    const password = input({ type: 'password', name: 'password', autocomplete: mode === 'signin' ? 'current-password' : 'new-password', minlength: 6, maxlength: 20 });
    let form;
    if (mode === 'signin') {
      form = h('form', { novalidate: true, class: 'stack' },
        field(t('field.phone'), phone),
        field(t('field.password'), password),
        message.el,
        h('button', { type: 'submit', class: 'button primary wide', text: t('signin.submit') }));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        message.clear();
        try {
          await busy(form, () => signIn(phone.value.trim(), password.value));
        } catch (err) {
          message.error(err.status === 401 ? t('signin.wrong') : err);
          password.select();
        }
      });
    } else {
      const name = h('input', { type: 'text', name: 'name', autocomplete: 'name', maxlength: 64 });
      const team = h('input', { type: 'text', name: 'team', autocomplete: 'organization', maxlength: 64 });
      const email = input({ type: 'email', name: 'email', autocomplete: 'email' });
      form = h('form', { novalidate: true, class: 'stack' },
        field(t('field.name'), name),
        field(t('field.team'), team),
        field(t('field.email'), email),
        field(t('field.phone'), phone),
        field(t('field.password'), password, t('field.passwordRule')),
        message.el,
        h('button', { type: 'submit', class: 'button primary wide', text: t('signin.register') }));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        message.clear();
        try {
          await busy(form, async () => {
            await api('/imagepic/auth/register', {
              method: 'POST',
              auth: false,
              body: { name: name.value.trim(), tfs: team.value.trim(), email: email.value.trim(), phone: phone.value.trim(), upwd: password.value },
            });
            await signIn(phone.value.trim(), password.value);
          });
        } catch (err) {
          message.error(err.status === 403 ? t('signin.closed') : err.status === 409 ? t('signin.exists') : err);
        }
      });
    }
    card.append(
      h('h1', { id: 'auth-title', tabindex: '-1', text: mode === 'signin' ? t('signin.title') : t('signin.registerTitle') }),
      h('p', { class: 'intro', text: t('signin.intro') }),
      tabs, form);
  }

  function switchTo(next) {
    mode = next;
    notice = null;
    draw();
    card.querySelector(`.segmented [aria-pressed="true"]`).focus();
  }

  draw();
}
