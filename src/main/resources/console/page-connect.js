// Connect a tool: mints a service token that may only upload into one bucket, and turns it into ready
// configurations for PicGo, ShareX, Typora and curl.
import { h, field } from './dom.js';
import { t } from './i18n.js';
import { api, cleanFolder, uploadLimits } from './api.js';
import { copyText, formMessage, busy, pageHeader, lifetimeText } from './ui.js';
import { picgo, picgoForm, sharex, typora, curl } from './tools.js';

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name, class: 'visually-hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** PicGo's form, field by field, each exactly as its box takes it (customHeader as plain JSON). */
function formFields(fields) {
  return h('dl', { class: 'form-fields', dataset: { tool: 'picgo-form' } }, Object.entries(fields).map(([name, value]) => [
    h('dt', { text: name }),
    h('dd', {}, h('code', { class: 'field-value', dataset: { field: name }, text: value || '—' }),
      value ? h('button', { type: 'button', class: 'button small', 'aria-label': t('connect.copyField', { name }), onclick: () => copyText(value, name) }, t('copy.button')) : null),
  ]));
}

function panel(id, title, steps, text, file, extra) {
  const code = h('pre', { class: 'code', tabindex: '0', 'aria-label': title, dataset: { tool: id } }, h('code', { text }));
  const buttons = [h('button', { type: 'button', class: 'button primary small', onclick: () => copyText(text, title) }, t('copy.button'))];
  if (file) {
    buttons.push(h('button', { type: 'button', class: 'button small', dataset: { download: file.name }, onclick: () => download(file.name, text, file.type) },
      t('connect.download', { name: file.name })));
  }
  return h('section', { class: 'card tool', 'aria-labelledby': `tool-${id}` },
    h('h2', { id: `tool-${id}`, text: title }),
    h('ol', { class: 'steps' }, steps.map((s) => h('li', { text: s }))),
    extra || null,
    code, h('div', { class: 'actions' }, buttons));
}

export function render(main) {
  const bucket = h('select', { name: 'bucket', required: true });
  const folder = h('input', { type: 'text', name: 'folder', autocomplete: 'off', spellcheck: 'false', placeholder: t('upload.folderPlaceholder') });
  const naming = h('select', { name: 'naming' },
    h('option', { value: 'hash', text: t('upload.namingHash') }),
    h('option', { value: 'original', text: t('upload.namingOriginal') }));
  const name = h('input', { type: 'text', name: 'name', required: true, autocomplete: 'off', spellcheck: 'false', maxlength: 64 });
  const message = formMessage();
  // What links the tools will paste: permanent (public bucket) or signed and expiring (private bucket).
  const linkNote = h('p', { class: 'hint link-model', dataset: { policy: '' } });
  const policies = {};
  let linkLifetime = 86400;
  function showLinkModel() {
    const isPublic = policies[bucket.value] === 'public-read';
    linkNote.dataset.policy = isPublic ? 'public-read' : 'private';
    linkNote.className = isPublic ? 'hint link-model' : 'warning link-model';
    linkNote.textContent = isPublic ? t('connect.publicNote') : t('connect.privateWarning', { lifetime: lifetimeText(linkLifetime) });
  }
  const form = h('form', { novalidate: true, class: 'card stack', 'aria-label': t('connect.create') },
    h('h2', { text: t('connect.create') }),
    h('div', { class: 'field-row' }, field(t('upload.bucket'), bucket), field(t('upload.folder'), folder), field(t('upload.naming'), naming)),
    field(t('tokens.name'), name, t('connect.nameHint')),
    linkNote,
    message.el,
    h('div', {}, h('button', { type: 'submit', class: 'button primary', text: t('connect.createButton') })));
  const tools = h('div', { class: 'tools' });
  main.append(pageHeader(t('connect.title'), t('connect.intro')), form, tools);

  let touched = false;
  name.addEventListener('input', () => { touched = true; });
  bucket.addEventListener('change', () => {
    if (!touched) name.value = `tools-${bucket.value}`.slice(0, 64);
    showLinkModel();
  });
  Promise.all([
    api('/imagepic/bucket/listBuckets'),
    api('/imagepic/policy/listBucketPolicies').catch(() => []),
    uploadLimits(),
  ]).then(([all, known, limits]) => {
    known.forEach((p) => { policies[p.bucketName] = p.policy; });
    if (limits) linkLifetime = limits.linkLifetime;
    // public buckets first: their links keep working in documents, READMEs and blogs
    const sorted = [...all].sort((a, b) => Number(policies[b.name] === 'public-read') - Number(policies[a.name] === 'public-read'));
    bucket.append(...sorted.map((b) => h('option', {
      value: b.name, text: policies[b.name] === 'public-read' ? `${b.name} (${t('buckets.public')})` : `${b.name} (${t('buckets.private')})`,
    })));
    if (sorted.length && !touched) name.value = `tools-${sorted[0].name}`.slice(0, 64);
    if (!sorted.length) message.error(t('upload.createFirst'));
    showLinkModel();
  }).catch((err) => message.error(err));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    message.clear();
    if (!bucket.value) {
      message.error(t('upload.noBucket'));
      return;
    }
    try {
      const created = await busy(form, () => api('/imagepic/auth/tokens', {
        method: 'POST',
        body: { name: name.value.trim(), scopes: ['upload'], buckets: [bucket.value] },
      }));
      const c = {
        endpoint: `${location.origin}/imagepic/object/putObject`,
        token: created.token,
        bucket: bucket.value,
        folder: cleanFolder(folder.value),
        naming: naming.value,
      };
      message.ok(t('connect.created', { name: created.name }));
      tools.replaceChildren(
        h('p', { class: 'warning', text: t('connect.onceNote') }),
        h('p', { class: linkNote.className, dataset: { policy: linkNote.dataset.policy }, text: linkNote.textContent }),
        panel('picgo', 'PicGo', [t('connect.picgo1'), t('connect.picgo2'), t('connect.picgo3')], picgo(c), { name: 'picgo-imagepic.json', type: 'application/json' },
          formFields(picgoForm(c))),
        panel('sharex', 'ShareX', [t('connect.sharex1'), t('connect.sharex2')], sharex(c), { name: `imagepic-${c.bucket}.sxcu`, type: 'application/json' }),
        panel('typora', 'Typora', [t('connect.typora1'), t('connect.typora2'), t('connect.typora3')], typora(c), { name: 'imagepic-typora.sh', type: 'text/x-sh' }),
        panel('curl', 'curl', [t('connect.curl1')], curl(c), null));
      tools.querySelector('h2').setAttribute('tabindex', '-1');
      tools.querySelector('h2').focus();
    } catch (err) {
      message.error(err);
    }
  });
}
