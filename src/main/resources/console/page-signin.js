// Sign in with phone and password, or register as the service's registration mode allows: open (anyone),
// invite (with the code of an admin's invite, which its link carries) or closed (admins create accounts).
import { h, field } from './dom.js';
import { t } from './i18n.js';
import { api, session } from './api.js';
import { formMessage, busy } from './ui.js';

function input(attrs) {
  return h('input', { required: true, ...attrs });
}

/** The mode the service answers; 'open' (the seed's) when it cannot tell: registering then explains itself. */
async function registrationMode() {
  try {
    const data = await api('/imagepic/auth/registration', { auth: false });
    return ['open', 'invite', 'closed'].includes(data.mode) ? data.mode : 'open';
  } catch {
    return 'open';
  }
}

export function render(main, { go, notice, params }) {
  const inviteCode = params.get('invite') || '';
  let mode = params.get('mode') === 'register' || inviteCode ? 'register' : 'signin';
  let registration = null;
  let countdown = null;
  const card = h('section', { class: 'auth-card', 'aria-labelledby': 'auth-title', 'aria-busy': 'true' });
  main.classList.add('centered');
  main.append(card);

  async function signIn(phone, upwd, keep) {
    await session.signIn(phone, upwd, keep);
    go('/upload');
  }

  function signInForm(message, phone, password) {
    const keep = h('input', { type: 'checkbox', name: 'keep', checked: true });
    const form = h('form', { novalidate: true, class: 'stack' },
      field(t('field.phone'), phone),
      field(t('field.password'), password),
      h('div', { class: 'field checkbox' }, h('label', {}, keep, ' ', t('signin.keep'))),
      message.el,
      h('button', { type: 'submit', class: 'button primary wide', text: t('signin.submit') }),
      registration === 'closed' ? h('p', { class: 'hint', dataset: { registration: 'closed' }, text: t('signin.closedNote') }) : null);
    const submit = form.querySelector('button[type=submit]');
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (submit.disabled) return;
      message.clear();
      try {
        await busy(form, () => signIn(phone.value.trim(), password.value, keep.checked));
      } catch (err) {
        if (err.status === 429 && err.retryAfter) {
          lockedOut(message, submit, err);
        } else {
          message.error(err.status === 401 ? t('signin.wrong') : err);
        }
        password.select();
      }
    });
    return form;
  }

  /** Too many attempts: the service's reason, and a countdown from its Retry-After until a try may succeed. */
  function lockedOut(message, submit, err) {
    clearInterval(countdown);
    const until = Date.now() + err.retryAfter * 1000;
    const left = h('span', { class: 'countdown', dataset: { seconds: String(err.retryAfter) } });
    message.error(err.reason || t('err.tooMany'));
    message.el.append(' ', left);
    submit.disabled = true;
    const tick = () => {
      const seconds = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      left.dataset.seconds = String(seconds);
      left.textContent = seconds > 0 ? t('signin.retryIn', { seconds }) : t('signin.retryNow');
      if (seconds === 0) {
        clearInterval(countdown);
        submit.disabled = false;
      }
    };
    tick();
    countdown = setInterval(tick, 1000);
  }

  function registerForm(message, phone, password) {
    const name = h('input', { type: 'text', name: 'name', autocomplete: 'name', maxlength: 64 });
    const team = h('input', { type: 'text', name: 'team', autocomplete: 'organization', maxlength: 64 });
    const email = input({ type: 'email', name: 'email', autocomplete: 'email' });
    // Invite mode: the code is needed. Open mode: an invite link's code is used up too (so the admin sees it
    // used), and a person without one registers as anyone may.
    const needsInvite = registration === 'invite';
    const invite = needsInvite || inviteCode
      ? h('input', { type: 'text', name: 'invite', value: inviteCode, autocomplete: 'off', spellcheck: 'false', maxlength: 128, required: needsInvite })
      : null;
    const form = h('form', { novalidate: true, class: 'stack' },
      needsInvite ? h('p', { class: 'hint', dataset: { registration: 'invite' }, text: t('signin.inviteOnly') }) : null,
      invite ? field(t('signin.invite'), invite, needsInvite ? t('signin.inviteHint') : t('signin.inviteOptional')) : null,
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
      if (needsInvite && !invite.value.trim()) {
        message.error(t('signin.inviteHint'));
        invite.focus();
        return;
      }
      const body = { name: name.value.trim(), tfs: team.value.trim(), email: email.value.trim(), phone: phone.value.trim(), upwd: password.value };
      if (invite && invite.value.trim()) body.invite = invite.value.trim();
      try {
        await busy(form, async () => {
          await api('/imagepic/auth/register', { method: 'POST', auth: false, body });
          await signIn(body.phone, body.upwd, true);
        });
      } catch (err) {
        const badInvite = needsInvite ? t('signin.badInvite') : t('signin.badInviteOpen');
        if (err.status === 403) message.error(body.invite ? badInvite : t('signin.closed'));
        else message.error(err.status === 409 ? t('signin.exists') : err);
      }
    });
    return form;
  }

  function draw() {
    card.replaceChildren();
    if (registration === 'closed') mode = 'signin';
    const tabs = registration === 'closed' ? null : h('div', { class: 'segmented', role: 'group', 'aria-label': t('signin.mode') },
      h('button', { type: 'button', 'aria-pressed': String(mode === 'signin'), onclick: () => switchTo('signin'), text: t('signin.tab') }),
      h('button', { type: 'button', 'aria-pressed': String(mode === 'register'), onclick: () => switchTo('register'), text: t('signin.registerTab') }));
    const message = formMessage();
    if (notice) message.info(notice); // news about the session (signed out, expired): information, not success
    const phone = input({ type: 'tel', name: 'phone', autocomplete: 'username', inputmode: 'numeric', pattern: '1[3-9][0-9]{9}', maxlength: 11 });
    const password = input({ type: 'password', name: 'password', autocomplete: mode === 'signin' ? 'current-password' : 'new-password', minlength: 6, maxlength: 20 });
    const form = mode === 'signin' ? signInForm(message, phone, password) : registerForm(message, phone, password);
    card.append(
      h('h1', { id: 'auth-title', tabindex: '-1', text: mode === 'signin' ? t('signin.title') : t('signin.registerTitle') }),
      h('p', { class: 'intro', text: t('signin.intro') }),
      tabs, form);
  }

  function switchTo(next) {
    mode = next;
    notice = null;
    draw();
    card.querySelector('.segmented [aria-pressed="true"]').focus();
  }

  registrationMode().then((m) => {
    if (!main.isConnected) return;
    registration = m;
    card.dataset.registration = m;
    card.removeAttribute('aria-busy');
    const hadFocus = card.contains(document.activeElement);
    draw();
    if (hadFocus) card.querySelector('h1').focus();
  });
  return () => clearInterval(countdown);
}
