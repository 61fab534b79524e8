// Admin: buckets. Create, make public (anyone may view its images) or private, remove an empty one, and
// manage its members: accounts (by phone) with a role on the bucket (read, write or manage).
import { h, field, formatDate } from './dom.js';
import { t, lang } from './i18n.js';
import { api } from './api.js';
import { confirmAction, errorText, formMessage, busy, pageHeader, toast } from './ui.js';

const BUCKET_NAME = '^[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]$';
const ROLES = ['read', 'write', 'manage'];

/** The members of one bucket: list, grant (phone and role; granting again changes the role), revoke. */
function membersPanel(bucket) {
  const phone = h('input', { type: 'tel', name: 'member', required: true, inputmode: 'numeric', pattern: '1[3-9][0-9]{9}', maxlength: 11, autocomplete: 'off' });
  const role = h('select', { name: 'role' }, ROLES.map((r) => h('option', { value: r, text: t(`members.role.${r}`), selected: r === 'write' })));
  const message = formMessage();
  const form = h('form', { novalidate: true, class: 'inline-form members-form', 'aria-label': t('members.grantTo', { bucket }) },
    field(t('members.phone'), phone), field(t('members.role'), role),
    h('button', { type: 'submit', class: 'button primary', text: t('members.grant') }));
  const list = h('ul', { class: 'member-list', 'aria-label': t('members.of', { bucket }) });
  const panel = h('div', { class: 'members-panel', id: `members-${bucket}`, dataset: { members: bucket } },
    h('h3', { text: t('members.of', { bucket }) }),
    h('p', { class: 'hint', text: t('members.hint') }), list, form, message.el);

  function memberRow(m) {
    const revoke = h('button', {
      type: 'button', class: 'button danger small', dataset: { action: 'revoke' },
      text: t('members.revoke'), 'aria-label': `${t('members.revoke')}: ${m.member}`,
    });
    revoke.addEventListener('click', async () => {
      if (!(await confirmAction(t('members.confirmRevoke', { member: m.member, bucket }), t('members.revoke')))) return;
      try {
        await api('/imagepic/bucket/members', { method: 'DELETE', query: { bucketName: bucket, member: m.member } });
        toast(t('members.revoked', { member: m.member }));
      } catch (err) {
        toast(errorText(err), 'error');
      }
      await load();
    });
    return h('li', { class: 'member', dataset: { member: m.member, role: m.role } },
      h('span', { class: 'mono member-phone', text: m.member }),
      h('span', { class: 'badge', dataset: { badge: 'role' }, text: t(`members.role.${m.role}`) }),
      h('span', { class: 'row-meta', text: t('members.grantedBy', { by: m.grantedBy || '', date: formatDate(m.grantedAt, lang()) }) }),
      revoke);
  }

  async function load() {
    try {
      const members = await api('/imagepic/bucket/members', { query: { bucketName: bucket } });
      list.replaceChildren(...members.map(memberRow));
      if (!members.length) list.append(h('li', { class: 'empty', text: t('members.none') }));
    } catch (err) {
      list.replaceChildren(h('li', { class: 'empty', text: errorText(err) }));
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.clear();
    const member = phone.value.trim();
    if (!/^1[3-9][0-9]{9}$/.test(member)) {
      message.error(t('members.phoneHint'));
      phone.focus();
      return;
    }
    try {
      await busy(form, () => api('/imagepic/bucket/members', { method: 'POST', body: { bucketName: bucket, member, role: role.value } }));
      message.ok(t('members.granted', { member, role: t(`members.role.${role.value}`) }));
      phone.value = '';
      await load();
    } catch (err) {
      message.error(err.status === 404 ? t('members.noAccount', { member }) : err);
    }
  });
  load();
  return panel;
}

export function render(main) {
  const name = h('input', { type: 'text', name: 'bucketName', required: true, pattern: BUCKET_NAME, autocomplete: 'off', spellcheck: 'false', maxlength: 63 });
  const message = formMessage();
  const create = h('form', { novalidate: true, class: 'inline-form card', 'aria-label': t('buckets.create') },
    field(t('buckets.name'), name, t('buckets.nameHint')),
    h('button', { type: 'submit', class: 'button primary', text: t('buckets.create') }));
  const list = h('ul', { class: 'rows', 'aria-label': t('buckets.list') });
  const listMessage = formMessage();
  main.append(pageHeader(t('buckets.title'), t('buckets.intro')), create, message.el,
    h('h2', { text: t('buckets.list') }), listMessage.el, list);

  create.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.clear();
    const value = name.value.trim();
    if (!new RegExp(BUCKET_NAME).test(value)) {
      message.error(t('buckets.nameHint'));
      name.focus();
      return;
    }
    try {
      await busy(create, () => api('/imagepic/bucket/makeBucket', { method: 'POST', body: { bucketName: value } }));
      message.ok(t('buckets.created', { name: value }));
      name.value = '';
      await load();
    } catch (err) {
      message.error(err.status === 409 ? t('buckets.exists', { name: value }) : err);
    }
  });

  const open = new Set(); // buckets whose members are shown, kept across reloads of the list

  function row(b, policy) {
    const isPublic = policy === 'public-read';
    const visibility = h('span', { class: `badge ${isPublic ? 'badge-public' : 'badge-private'}`, text: isPublic ? t('buckets.public') : t('buckets.private') });
    const toggle = h('button', {
      type: 'button',
      class: 'button small',
      dataset: { action: 'visibility' },
      text: isPublic ? t('buckets.makePrivate') : t('buckets.makePublic'),
      'aria-label': `${isPublic ? t('buckets.makePrivate') : t('buckets.makePublic')}: ${b.name}`,
    });
    toggle.addEventListener('click', async () => {
      const next = isPublic ? 'private' : 'public-read';
      if (next === 'public-read' && !(await confirmAction(t('buckets.confirmPublic', { name: b.name }), t('buckets.makePublic')))) return;
      try {
        await api('/imagepic/policy/setBucketPolicy', { method: 'POST', body: { bucketName: b.name, policy: next } });
        toast(next === 'public-read' ? t('buckets.nowPublic', { name: b.name }) : t('buckets.nowPrivate', { name: b.name }));
        await load();
      } catch (err) {
        toast(errorText(err), 'error');
      }
    });
    const remove = h('button', { type: 'button', class: 'button danger small', dataset: { action: 'remove' }, text: t('common.remove'), 'aria-label': `${t('common.remove')}: ${b.name}` });
    remove.addEventListener('click', async () => {
      if (!(await confirmAction(t('buckets.confirmRemove', { name: b.name }), t('common.remove')))) return;
      try {
        await api('/imagepic/bucket/removeBucket', { method: 'POST', body: { bucketName: b.name } });
        toast(t('buckets.removed', { name: b.name }));
        await load();
      } catch (err) {
        toast(err.status === 409 ? t('buckets.notEmpty', { name: b.name }) : errorText(err), 'error');
      }
    });
    const members = h('button', {
      type: 'button', class: 'button small', dataset: { action: 'members' },
      text: t('members.button'), 'aria-label': `${t('members.button')}: ${b.name}`,
      'aria-expanded': String(open.has(b.name)), 'aria-controls': `members-${b.name}`,
    });
    const item = h('li', { class: 'row', dataset: { bucket: b.name, policy: policy || 'private' } },
      h('div', { class: 'row-main' },
        h('a', { class: 'row-title', href: `#/gallery?bucket=${encodeURIComponent(b.name)}`, text: b.name }),
        h('span', { class: 'row-meta', text: t('buckets.createdAt', { date: formatDate(b.creationDate, lang()) }) })),
      visibility,
      h('div', { class: 'row-actions' }, members, toggle, remove),
      open.has(b.name) ? membersPanel(b.name) : null);
    members.addEventListener('click', () => {
      const shown = item.querySelector('.members-panel');
      if (shown) {
        shown.remove();
        open.delete(b.name);
      } else {
        item.append(membersPanel(b.name));
        open.add(b.name);
        item.querySelector('.members-panel input[name=member]').focus();
      }
      members.setAttribute('aria-expanded', String(!shown));
    });
    return item;
  }

  async function load() {
    try {
      const [buckets, policies] = await Promise.all([
        api('/imagepic/bucket/listBuckets'),
        api('/imagepic/policy/listBucketPolicies'),
      ]);
      const byName = Object.fromEntries(policies.map((p) => [p.bucketName, p.policy]));
      list.replaceChildren(...buckets.map((b) => row(b, byName[b.name])));
      if (!buckets.length) list.append(h('li', { class: 'empty', text: t('buckets.none') }));
      listMessage.clear();
    } catch (err) {
      listMessage.error(err);
    }
  }
  load();
}
