// Admin: buckets. Create, make public (anyone may view its images) or private, remove an empty one.
// Members and roles per bucket come with the access model (issue 11).
import { h, field, formatDate } from './dom.js';
import { t, lang } from './i18n.js';
import { api } from './api.js';
import { confirmAction, errorText, formMessage, busy, pageHeader, toast } from './ui.js';

const BUCKET_NAME = '^[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]$';

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
    return h('li', { class: 'row', dataset: { bucket: b.name, policy: policy || 'private' } },
      h('div', { class: 'row-main' },
        h('a', { class: 'row-title', href: `#/gallery?bucket=${encodeURIComponent(b.name)}`, text: b.name }),
        h('span', { class: 'row-meta', text: t('buckets.createdAt', { date: formatDate(b.creationDate, lang()) }) })),
      visibility,
      h('div', { class: 'row-actions' }, toggle, remove));
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
