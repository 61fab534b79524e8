// Admin: service tokens for tools and backend services. Scopes and buckets are chosen at creation; the
// secret is shown once, with a copy button.
import { h, field, formatDate } from './dom.js';
import { t, lang } from './i18n.js';
import { api } from './api.js';
import { confirmAction, errorText, formMessage, busy, pageHeader, showSecret, toast } from './ui.js';

const SCOPES = ['upload', 'read', 'remove', 'admin'];

export function render(main) {
  const name = h('input', { type: 'text', name: 'name', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}', autocomplete: 'off', spellcheck: 'false', maxlength: 64 });
  const scopes = h('fieldset', { class: 'choices' }, h('legend', { text: t('tokens.scopes') }),
    SCOPES.map((s) => h('label', { class: 'choice' },
      h('input', { type: 'checkbox', name: 'scope', value: s, checked: s === 'upload' }),
      h('span', {}, h('strong', { text: s }), ' — ', t(`tokens.scope.${s}`)))));
  const buckets = h('fieldset', { class: 'choices' }, h('legend', { text: t('tokens.buckets') }),
    h('p', { class: 'hint', text: t('tokens.bucketsHint') }));
  const expires = h('input', { type: 'date', name: 'expires' });
  const message = formMessage();
  const form = h('form', { novalidate: true, class: 'card stack form-card', 'aria-label': t('tokens.create') },
    h('h2', { text: t('tokens.create') }),
    field(t('tokens.name'), name, t('tokens.nameHint')), scopes, buckets,
    field(t('tokens.expires'), expires, t('tokens.expiresHint')),
    message.el,
    h('div', {}, h('button', { type: 'submit', class: 'button primary', text: t('tokens.createButton') })));
  const secret = h('div', { class: 'secret-slot' });
  const list = h('ul', { class: 'rows', 'aria-label': t('tokens.list') });
  const listMessage = formMessage();
  main.append(pageHeader(t('tokens.title'), t('tokens.intro')), secret, form,
    h('h2', { text: t('tokens.list') }), listMessage.el, list);

  api('/imagepic/bucket/listBuckets').then((all) => {
    buckets.append(...all.map((b) => h('label', { class: 'choice' }, h('input', { type: 'checkbox', name: 'bucket', value: b.name }), ' ', b.name)));
  }).catch((err) => message.error(err));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.clear();
    const chosen = [...form.querySelectorAll('input[name=scope]:checked')].map((i) => i.value);
    const inBuckets = [...form.querySelectorAll('input[name=bucket]:checked')].map((i) => i.value);
    if (!name.checkValidity() || !name.value) {
      message.error(t('tokens.nameHint'));
      name.focus();
      return;
    }
    if (!chosen.length) {
      message.error(t('tokens.needScope'));
      return;
    }
    const body = { name: name.value.trim(), scopes: chosen };
    if (inBuckets.length) body.buckets = inBuckets;
    if (expires.value) body.expiresAt = new Date(`${expires.value}T23:59:59`).toISOString();
    try {
      const created = await busy(form, () => api('/imagepic/auth/tokens', { method: 'POST', body }));
      showSecret(secret, t('tokens.secretTitle', { name: created.name }), created.token, t('tokens.secretNote'));
      form.reset();
      await load();
    } catch (err) {
      message.error(err);
    }
  });

  function row(tok) {
    const revoke = h('button', { type: 'button', class: 'button danger small', dataset: { action: 'revoke' }, text: t('tokens.revoke'), 'aria-label': `${t('tokens.revoke')}: ${tok.name}` });
    revoke.addEventListener('click', async () => {
      if (!(await confirmAction(t('tokens.confirmRevoke', { name: tok.name }), t('tokens.revoke')))) return;
      try {
        await api(`/imagepic/auth/tokens/${encodeURIComponent(tok.id)}`, { method: 'DELETE' });
        toast(t('tokens.revoked', { name: tok.name }));
        await load();
      } catch (err) {
        toast(errorText(err), 'error');
      }
    });
    const facts = [
      t('tokens.bucketsList', { buckets: tok.buckets ? tok.buckets.join(', ') : t('tokens.allBuckets') }),
      t('tokens.createdBy', { date: formatDate(tok.createdAt, lang()), owner: tok.owner ? tok.owner.name : '' }),
      tok.expiresAt ? t('tokens.expiresAt', { date: formatDate(tok.expiresAt, lang()) }) : t('tokens.noExpiry'),
      tok.lastUsedAt ? t('tokens.lastUsed', { date: formatDate(tok.lastUsedAt, lang()) }) : t('tokens.neverUsed'),
    ];
    return h('li', { class: 'row', dataset: { token: tok.id, name: tok.name } },
      h('div', { class: 'row-main' },
        h('span', { class: 'row-title', text: tok.name }),
        h('span', { class: 'row-meta', text: facts.join(' · ') })),
      h('div', { class: 'chips' }, tok.scopes.map((s) => h('span', { class: 'badge', text: s })),
        tok.expired ? h('span', { class: 'badge badge-warn', text: t('tokens.expired') }) : null),
      h('div', { class: 'row-actions' }, revoke));
  }

  async function load() {
    try {
      const tokens = await api('/imagepic/auth/tokens');
      list.replaceChildren(...tokens.map(row));
      if (!tokens.length) list.append(h('li', { class: 'empty', text: t('tokens.none') }));
      listMessage.clear();
    } catch (err) {
      listMessage.error(err);
    }
  }
  load();
}
