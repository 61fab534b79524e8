// Images of private buckets need the token, which an <img> cannot send: same-origin images are fetched
// with it and shown from blob: URLs (the page's CSP allows blob: images). Other origins are used as they are
// and never get the token.
import { authHeaders, sameOrigin } from './api.js';

const live = new Set();

/** url with transform parameters (a preset, or w/fm...), e.g. variant(url, 'preset=thumb'). */
export function variant(url, query) {
  return query ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
}

/**
 * Shows the image at url in img; resolves when it has loaded (or rejects). With a fallback, an image the
 * service cannot transform (transforms off, not a raster image) is shown from the fallback (the original).
 */
export async function showImage(img, url, fallback) {
  img.classList.remove('broken');
  if (!sameOrigin(url)) {
    img.src = url;
    return;
  }
  try {
    let res = await fetch(url, { headers: authHeaders(), cache: 'no-store' });
    if (fallback && [400, 413, 415, 422].includes(res.status)) {
      res = await fetch(fallback, { headers: authHeaders(), cache: 'no-store' });
    }
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const blobUrl = URL.createObjectURL(await res.blob());
    live.add(blobUrl);
    if (img.dataset.blob) release(img.dataset.blob);
    img.dataset.blob = blobUrl;
    img.src = blobUrl;
  } catch (e) {
    img.classList.add('broken');
    throw e;
  }
}

function release(blobUrl) {
  URL.revokeObjectURL(blobUrl);
  live.delete(blobUrl);
}

/** Frees the images shown so far (called when a page is left). */
export function releaseImages() {
  live.forEach(release);
}

const pending = new WeakMap();
const observer = 'IntersectionObserver' in window ? new IntersectionObserver((entries) => {
  for (const entry of entries) {
    if (!entry.isIntersecting) continue;
    observer.unobserve(entry.target);
    const wanted = pending.get(entry.target);
    pending.delete(entry.target);
    if (wanted) showImage(entry.target, wanted.url, wanted.fallback).catch(() => {});
  }
}, { rootMargin: '300px' }) : null;

/** Loads the image once it comes near the viewport (falling back on fallback, see showImage). */
export function lazyImage(img, url, fallback) {
  if (!observer) {
    showImage(img, url, fallback).catch(() => {});
    return;
  }
  pending.set(img, { url, fallback });
  observer.observe(img);
}
