// Admin: accounts and invites. Invite someone (the link is shown once, with a copy button), list accounts,
// grant or revoke admin rights, disable or enable an account, reset a password (a temporary one, shown once).
import { h, field, formatDate } from './dom.js';
import { t, lang } from './i18n.js';
import { api, session } from './api.js';
import { confirmAction, errorText, formMessage, busy, pageHeader, showSecret, toast } from './ui.js';

export function render(main, { go }) {
  const note = h('input', { type: 'text', name: 'note', maxlength: 64, autocomplete: 'off' });
  const expires = h('input', { type: 'date', name: 'expires' });
  const modeNote = h('p', { class: 'hint', hidden: true });
  const message = formMessage();
  const form = h('form', { novalidate: true, class: 'card stack form-card', 'aria-label': t('users.invite') },
    h('h2', { text: t('users.invite') }),
    h('p', { class: 'hint', text: t('users.inviteIntro') }), modeNote,
    h('div', { class: 'field-row' }, field(t('users.note'), note, t('users.noteHint')), field(t('users.expires'), expires, t('users.expiresHint'))),
    message.el,
    h('div', {}, h('button', { type: 'submit', class: 'button primary', text: t('users.inviteButton') })));
  const newName = h('input', { type: 'text', name: 'name', autocomplete: 'off', maxlength: 64 });
  const newTeam = h('input', { type: 'text', name: 'team', autocomplete: 'off', maxlength: 64 });
  const newEmail = h('input', { type: 'email', name: 'email', required: true, autocomplete: 'off' });
  const newPhone = h('input', { type: 'tel', name: 'phone', required: true, inputmode: 'numeric', pattern: '1[3-9][0-9]{9}', maxlength: 11, autocomplete: 'off' });
  const newPassword = h('input', { type: 'password', name: 'password', required: true, autocomplete: 'new-password', minlength: 6, maxlength: 20 });
  const createMessage = formMessage();
  const create = h('form', { novalidate: true, class: 'card stack form-card create-account', 'aria-label': t('users.create') },
    h('h2', { text: t('users.create') }),
    h('p', { class: 'hint', text: t('users.createIntro') }),
    h('div', { class: 'field-row' }, field(t('field.name'), newName), field(t('field.team'), newTeam), field(t('field.email'), newEmail)),
    h('div', { class: 'field-row' }, field(t('field.phone'), newPhone), field(t('field.password'), newPassword, t('field.passwordRule'))),
    createMessage.el,
    h('div', {}, h('button', { type: 'submit', class: 'button primary', text: t('users.createButton') })));
  const secret = h('div', { class: 'secret-slot' });
  const invites = h('ul', { class: 'rows invites', 'aria-label': t('users.invites') });
  const list = h('ul', { class: 'rows users', 'aria-label': t('users.list') });
  const listMessage = formMessage();
  const refresh = h('button', { type: 'button', class: 'button ghost small', text: t('common.refresh') });
  main.append(pageHeader(t('users.title'), t('users.intro')), secret, form, create,
    h('h2', { text: t('users.invites') }), invites,
    h('div', { class: 'list-header' }, h('h2', { text: t('users.list') }), refresh), listMessage.el, list);

  api('/imagepic/auth/registration', { auth: false }).then((data) => {
    if (data.mode !== 'invite') {
      modeNote.textContent = data.mode === 'closed' ? t('users.modeClosed') : t('users.modeOpen');
      modeNote.hidden = false;
    }
  }).catch(() => {});

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.clear();
    const body = {};
    if (note.value.trim()) body.note = note.value.trim();
    if (expires.value) body.expiresAt = new Date(`${expires.value}T23:59:59`).toISOString();
    try {
      const created = await busy(form, () => api('/imagepic/auth/invites', { method: 'POST', body }));
      const link = new URL(created.link, location.origin).href;
      showSecret(secret, t('users.inviteTitle'), link, t('users.inviteNote'),
        h('p', { class: 'hint' }, t('users.inviteCode'), ' ', h('code', { class: 'invite-code', text: created.code })));
      form.reset();
      await loadInvites();
    } catch (err) {
      message.error(err);
    }
  });

  create.addEventListener('submit', async (e) => {
    e.preventDefault();
    createMessage.clear();
    const phone = newPhone.value.trim();
    const body = { name: newName.value.trim(), tfs: newTeam.value.trim(), email: newEmail.value.trim(), phone, upwd: newPassword.value };
    try {
      await busy(create, () => api('/imagepic/auth/admin/register', { method: 'POST', body }));
      createMessage.ok(t('users.created', { phone }));
      create.reset();
      await loadUsers();
    } catch (err) {
      createMessage.error(err.status === 409 ? t('users.exists', { phone }) : err);
    }
  });

  async function act(work, done) {
    try {
      const answer = await work();
      if (done) toast(done);
      return answer;
    } catch (err) {
      toast(err.status === 409 ? t('users.lastAdmin') : errorText(err), 'error');
      return null;
    } finally {
      await loadUsers();
    }
  }

  function userRow(u) {
    const self = session.me && session.me.id === u.id;
    const who = u.name || u.phone;
    const path = `/imagepic/auth/users/${encodeURIComponent(u.phone)}`;
    const adminButton = h('button', {
      type: 'button', class: 'button small', dataset: { action: 'admin' },
      text: u.admin ? t('users.revokeAdmin') : t('users.grantAdmin'),
      'aria-label': `${u.admin ? t('users.revokeAdmin') : t('users.grantAdmin')}: ${who}`,
    });
    adminButton.addEventListener('click', async () => {
      if (u.admin) {
        if (!(await confirmAction((self ? t('users.confirmRevokeSelf') : t('users.confirmRevoke', { name: who })), t('users.revokeAdmin')))) return;
        const done = await act(() => api(`${path}/admin`, { method: 'DELETE' }), t('users.revoked', { name: who }));
        if (done && self) {
          session.me = null; // the navigation loses the admin pages
          go('/upload');
        }
      } else {
        await act(() => api(`${path}/admin`, { method: 'POST' }), t('users.granted', { name: who }));
      }
    });
    const disableButton = h('button', {
      type: 'button', class: `button small${u.disabled ? '' : ' danger'}`, dataset: { action: 'disabled' },
      text: u.disabled ? t('users.enable') : t('users.disable'),
      'aria-label': `${u.disabled ? t('users.enable') : t('users.disable')}: ${who}`,
      disabled: self && !u.disabled,
    });
    disableButton.addEventListener('click', async () => {
      if (u.disabled) {
        await act(() => api(`${path}/disabled`, { method: 'DELETE' }), t('users.enabled', { name: who }));
      } else if (await confirmAction(t('users.confirmDisable', { name: who }), t('users.disable'))) {
        await act(() => api(`${path}/disabled`, { method: 'POST' }), t('users.disabled', { name: who }));
      }
    });
    const resetButton = h('button', {
      type: 'button', class: 'button small', dataset: { action: 'password' },
      text: t('users.reset'), 'aria-label': `${t('users.reset')}: ${who}`,
    });
    resetButton.addEventListener('click', async () => {
      if (!(await confirmAction(t('users.confirmReset', { name: who }), t('users.reset')))) return;
      const reset = await act(() => api(`${path}/password`, { method: 'POST', body: {} }));
      if (reset && reset.password) {
        showSecret(secret, t('users.resetTitle', { name: who }), reset.password,
          t('users.resetNote', { date: formatDate(reset.expiresAt, lang()) }));
      }
    });
    const facts = [u.phone, u.tfs, u.email, t('users.since', { date: formatDate(u.createdAt, lang()) })].filter(Boolean);
    return h('li', { class: 'row', dataset: { phone: u.phone, admin: String(u.admin), disabled: String(u.disabled) } },
      h('div', { class: 'row-main' },
        h('span', { class: 'row-title', text: u.name ? `${u.name}${self ? ` (${t('users.you')})` : ''}` : `${u.phone}${self ? ` (${t('users.you')})` : ''}` }),
        h('span', { class: 'row-meta', text: facts.join(' · ') })),
      h('div', { class: 'chips' },
        u.admin ? h('span', { class: 'badge badge-private', dataset: { badge: 'admin' }, text: t('account.admin') }) : null,
        u.disabled ? h('span', { class: 'badge badge-warn', dataset: { badge: 'disabled' }, text: t('users.disabledBadge') }) : null,
        u.temporaryPassword ? h('span', { class: 'badge', dataset: { badge: 'temporary' }, text: t('users.temporary') }) : null),
      h('div', { class: 'row-actions' }, adminButton, disableButton, resetButton));
  }

  function inviteRow(i) {
    const revoke = h('button', {
      type: 'button', class: 'button danger small', dataset: { action: 'revoke' },
      text: t('users.revokeInvite'), 'aria-label': `${t('users.revokeInvite')}: ${i.note || i.id}`,
    });
    revoke.addEventListener('click', async () => {
      if (!(await confirmAction(t('users.confirmRevokeInvite', { name: i.note || i.id }), t('users.revokeInvite')))) return;
      try {
        await api(`/imagepic/auth/invites/${encodeURIComponent(i.id)}`, { method: 'DELETE' });
        toast(t('users.inviteRevoked'));
      } catch (err) {
        toast(errorText(err), 'error');
      }
      await loadInvites();
    });
    return h('li', { class: 'row', dataset: { invite: i.id } },
      h('div', { class: 'row-main' },
        h('span', { class: 'row-title', text: i.note || t('users.noNote') }),
        h('span', { class: 'row-meta', text: t('users.inviteMeta', { by: i.createdBy, date: formatDate(i.createdAt, lang()), until: formatDate(i.expiresAt, lang()) }) })),
      h('div', { class: 'row-actions' }, revoke));
  }

  async function loadUsers() {
    try {
      const users = await api('/imagepic/auth/users');
      list.replaceChildren(...users.map(userRow));
      listMessage.clear();
    } catch (err) {
      listMessage.error(err);
    }
  }

  async function loadInvites() {
    try {
      const open = await api('/imagepic/auth/invites');
      invites.replaceChildren(...open.map(inviteRow));
      if (!open.length) invites.append(h('li', { class: 'empty', text: t('users.noInvites') }));
    } catch (err) {
      invites.replaceChildren(h('li', { class: 'empty', text: errorText(err) }));
    }
  }

  refresh.addEventListener('click', () => {
    loadUsers();
    loadInvites();
  });
  loadUsers();
  loadInvites();
}
