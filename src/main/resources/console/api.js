// The API client: same origin, the seed's envelope, the token held for this browser tab only.
import { apiLanguage } from './i18n.js';

const TOKEN_KEY = 'imagepic.token';

/** A failed call: HTTP status (0 when the service could not be reached) and the service's reason. */
export class ApiError extends Error {
  constructor(status, reason, data) {
    super(reason || `HTTP ${status}`);
    this.status = status;
    this.reason = reason;
    this.data = data;
  }
}

/** The signed-in session: the token lives in sessionStorage (this tab, until it closes or signs out). */
export const session = {
  me: null,
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  start(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
    this.me = null;
  },
  end() {
    sessionStorage.removeItem(TOKEN_KEY);
    this.me = null;
  },
};

let unauthorized = () => {};
/** Called when a signed-in call answers 401: the token expired or was ended by a password change. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}
export function reportUnauthorized() {
  unauthorized();
}

/** Headers every call sends: the caller's language (reasons come back in it) and the token. */
export function authHeaders(extra = {}) {
  const headers = { 'accept-language': apiLanguage(), ...extra };
  if (session.token) headers.authorization = session.token;
  return headers;
}

/** Reads the envelope {code, data, msg, success}; failures throw an ApiError with data.err as the reason. */
export async function readEnvelope(status, text) {
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (status >= 200 && status < 300 && json && json.success !== false) return json.data;
  const reason = (json && json.data && typeof json.data.err === 'string' && json.data.err)
    || (json && typeof json.msg === 'string' && json.msg !== '失败' && json.msg) || null;
  throw new ApiError(status, reason, json && json.data);
}

/** api('/imagepic/bucket/listBuckets'), api(path, {method: 'POST', body: {...}, query: {...}}) */
export async function api(path, { method = 'GET', body, query, auth = true } = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, v);
  }
  const headers = auth ? authHeaders() : { 'accept-language': apiLanguage() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch {
    throw new ApiError(0, null);
  }
  try {
    return await readEnvelope(res.status, await res.text());
  } catch (e) {
    if (e instanceof ApiError && e.status === 401 && auth && session.token) unauthorized();
    throw e;
  }
}

/** Whether a URL is on this origin: only those may ever receive the token. */
export function sameOrigin(url) {
  try {
    return new URL(url, location.href).origin === location.origin;
  } catch {
    return false;
  }
}

/** The permanent link of an object, as the upload answer builds it: /i/{bucket}/{key}, each segment encoded. */
export function imageLink(bucket, key) {
  return `${location.origin}/i/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

/** The folder header: UTF-8 is sent %-encoded (a literal % as %25), '/' kept. */
export function folderHeader(folder) {
  return encodeURIComponent(folder).replace(/%2F/gi, '/');
}

/** Normalises what a person types as a folder: no leading/trailing or doubled slashes. */
export function cleanFolder(folder) {
  return (folder || '').trim().replace(/\\/g, '/').split('/').map((s) => s.trim()).filter(Boolean).join('/');
}
