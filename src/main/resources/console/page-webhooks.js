// Admin: webhooks. Add a receiver (its signing secret is shown once), send it a test event, see delivery
// counts, remove.
import { h, field, formatDate } from './dom.js';
import { t, lang } from './i18n.js';
import { api } from './api.js';
import { confirmAction, errorText, formMessage, busy, pageHeader, showSecret, toast } from './ui.js';

const EVENTS = ['s3:ObjectCreated:*', 's3:ObjectRemoved:*', 's3:BucketCreated', 's3:BucketRemoved'];

export function render(main) {
  const url = h('input', { type: 'url', name: 'url', required: true, placeholder: 'https://hooks.example.com/imagepic', autocomplete: 'off', spellcheck: 'false' });
  const bucket = h('select', { name: 'bucket' }, h('option', { value: '', text: t('webhooks.allBuckets') }));
  const prefix = h('input', { type: 'text', name: 'prefix', autocomplete: 'off', spellcheck: 'false' });
  const suffix = h('input', { type: 'text', name: 'suffix', autocomplete: 'off', spellcheck: 'false', placeholder: '.png' });
  const events = h('fieldset', { class: 'choices' }, h('legend', { text: t('webhooks.events') }),
    h('p', { class: 'hint', text: t('webhooks.eventsHint') }),
    EVENTS.map((ev) => h('label', { class: 'choice' }, h('input', { type: 'checkbox', name: 'event', value: ev }), ' ', h('code', { text: ev }))));
  const message = formMessage();
  const form = h('form', { novalidate: true, class: 'card stack form-card', 'aria-label': t('webhooks.add') },
    h('h2', { text: t('webhooks.add') }),
    field(t('webhooks.url'), url, t('webhooks.urlHint')),
    h('div', { class: 'field-row' }, field(t('webhooks.bucket'), bucket), field(t('webhooks.prefix'), prefix), field(t('webhooks.suffix'), suffix)),
    events, message.el,
    h('div', {}, h('button', { type: 'submit', class: 'button primary', text: t('webhooks.addButton') })));
  const secret = h('div', { class: 'secret-slot' });
  const refresh = h('button', { type: 'button', class: 'button ghost small', text: t('common.refresh') });
  const list = h('ul', { class: 'rows', 'aria-label': t('webhooks.list') });
  const listMessage = formMessage();
  main.append(pageHeader(t('webhooks.title'), t('webhooks.intro')), secret, form,
    h('div', { class: 'list-header' }, h('h2', { text: t('webhooks.list') }), refresh), listMessage.el, list);

  api('/imagepic/bucket/listBuckets').then((all) => {
    bucket.append(...all.map((b) => h('option', { value: b.name, text: b.name })));
  }).catch(() => {});

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.clear();
    if (!url.checkValidity()) {
      message.error(t('webhooks.urlHint'));
      url.focus();
      return;
    }
    const body = { url: url.value.trim() };
    if (bucket.value) body.bucket = bucket.value;
    if (prefix.value.trim()) body.prefix = prefix.value.trim();
    if (suffix.value.trim()) body.suffix = suffix.value.trim();
    const chosen = [...form.querySelectorAll('input[name=event]:checked')].map((i) => i.value);
    if (chosen.length) body.events = chosen;
    try {
      const created = await busy(form, () => api('/imagepic/notification/webhooks', { method: 'POST', body }));
      showSecret(secret, t('webhooks.secretTitle'), created.secret, t('webhooks.secretNote'));
      form.reset();
      await load();
    } catch (err) {
      message.error(err);
    }
  });

  const testing = new Set();

  function row(w) {
    const remove = h('button', { type: 'button', class: 'button danger small', dataset: { action: 'remove' }, text: t('common.remove'), 'aria-label': `${t('common.remove')}: ${w.url}` });
    remove.addEventListener('click', async () => {
      if (!(await confirmAction(t('webhooks.confirmRemove', { url: w.url }), t('common.remove')))) return;
      try {
        await api(`/imagepic/notification/webhooks/${encodeURIComponent(w.id)}`, { method: 'DELETE' });
        toast(t('webhooks.removed'));
        await load();
      } catch (err) {
        toast(errorText(err), 'error');
      }
    });
    const test = h('button', { type: 'button', class: 'button small', dataset: { action: 'test' }, text: t('webhooks.test'), 'aria-label': `${t('webhooks.test')}: ${w.url}` });
    test.addEventListener('click', () => sendTest(w));
    const filters = [
      w.bucket ? t('webhooks.onBucket', { bucket: w.bucket }) : t('webhooks.allBuckets'),
      w.prefix ? `${t('webhooks.prefix')}: ${w.prefix}` : null,
      w.suffix ? `${t('webhooks.suffix')}: ${w.suffix}` : null,
      (w.events && w.events.length) ? w.events.join(', ') : t('webhooks.allEvents'),
      t('webhooks.since', { date: formatDate(w.created, lang()) }),
    ].filter(Boolean);
    const count = (key, cls) => h('span', { class: `count ${cls || ''}`, dataset: { count: key } },
      h('strong', { text: String(w[key]) }), ' ', t(`webhooks.${key}`));
    return h('li', { class: 'row', dataset: { webhook: w.id, url: w.url } },
      h('div', { class: 'row-main' }, h('span', { class: 'row-title mono', text: w.url }), h('span', { class: 'row-meta', text: filters.join(' · ') })),
      h('div', { class: 'counts' }, count('delivered', 'ok'), count('pending'), count('failed', w.failed ? 'bad' : ''), count('dropped', w.dropped ? 'bad' : '')),
      h('div', { class: 'row-actions' }, test, remove));
  }

  /** Queues a test event, then follows the counters until it is delivered (or given up, or a while passed). */
  async function sendTest(w) {
    if (testing.has(w.id)) return; // one at a time per webhook: its counters tell this one's outcome
    testing.add(w.id);
    try {
      await followTest(w);
    } finally {
      testing.delete(w.id);
    }
  }

  async function followTest(w) {
    const before = { delivered: w.delivered, failed: w.failed };
    try {
      await api(`/imagepic/notification/webhooks/${encodeURIComponent(w.id)}/test`, { method: 'POST' });
      toast(t('webhooks.testQueued', { url: w.url }));
    } catch (err) {
      toast(errorText(err), 'error');
      return;
    }
    for (let i = 0; i < 30 && main.isConnected; i += 1) {
      await new Promise((resolve) => { setTimeout(resolve, 500); });
      const now = (await load() || []).find((x) => x.id === w.id);
      if (!now) return;
      if (now.delivered > before.delivered) {
        toast(t('webhooks.testDelivered', { url: w.url }));
        return;
      }
      if (now.failed > before.failed) {
        toast(t('webhooks.testFailed', { url: w.url }), 'error');
        return;
      }
    }
    if (main.isConnected) toast(t('webhooks.testPending'));
  }

  async function load() {
    try {
      const hooks = await api('/imagepic/notification/webhooks');
      // the list is drawn again: a keyboard user keeps the button they were on
      const focused = document.activeElement && list.contains(document.activeElement)
        ? [document.activeElement.closest('.row')?.dataset.webhook, document.activeElement.dataset.action] : null;
      list.replaceChildren(...hooks.map(row));
      if (focused) {
        const again = list.querySelector(`.row[data-webhook="${CSS.escape(focused[0] || '')}"] button[data-action="${focused[1]}"]`);
        if (again) again.focus();
      }
      if (!hooks.length) list.append(h('li', { class: 'empty', text: t('webhooks.none') }));
      listMessage.clear();
      return hooks;
    } catch (err) {
      listMessage.error(err);
      return null;
    }
  }
  refresh.addEventListener('click', () => load());
  load();
}
