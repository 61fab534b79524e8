// The API client: same origin, the seed's envelope. The access token is held per tab (sessionStorage); with
// "keep me signed in" a refresh token in an HttpOnly cookie (never visible here) gets new ones: before the
// access token expires, in a new tab, after a browser restart. Tabs tell each other about new tokens and
// sign-outs (BroadcastChannel), and take turns refreshing (Web Locks), since a refresh token works once.
import { apiLanguage } from './i18n.js';

const TOKEN_KEY = 'imagepic.token';
/** Set while this browser keeps a session (the cookie): a preference, not a secret; the cookie is the proof. */
const KEPT_KEY = 'imagepic.session';
const SESSION_PATH = '/imagepic/auth/session';
const channel = 'BroadcastChannel' in window ? new BroadcastChannel('imagepic-session') : null;
let refreshTimer = null;
let onEnded = () => {};
let onToken = () => {};

/** A failed call: HTTP status (0 when the service could not be reached), the service's reason and, when it
 * said how long to wait (Retry-After), the seconds. */
export class ApiError extends Error {
  constructor(status, reason, data, retryAfter = null) {
    super(reason || `HTTP ${status}`);
    this.status = status;
    this.reason = reason;
    this.data = data;
    this.retryAfter = retryAfter;
  }
}

/** Retry-After in seconds (the service sends seconds), or null. */
export function retryAfterSeconds(value) {
  const n = Number.parseInt(value || '', 10);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** The claims of a JWT (not verified: only to know when it expires). */
function claims(token) {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return {};
  }
}

/** Refreshes at three quarters of the access token's life (the server allows no grace). */
function schedule() {
  clearTimeout(refreshTimer);
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (!token || localStorage.getItem(KEPT_KEY) !== '1') return;
  const { iat, exp } = claims(token);
  if (!exp) return;
  const at = (iat ? iat + (exp - iat) * 0.75 : exp - 60) * 1000;
  refreshTimer = setTimeout(() => { session.refresh(); }, Math.max(1000, at - Date.now()));
}

function adopt(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
  schedule();
}

async function post(path, method, body) {
  const headers = { 'accept-language': apiLanguage() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, null);
  }
  // eslint-disable-next-line no-use-before-define
  return readEnvelope(res.status, await res.text(), retryAfterSeconds(res.headers.get('retry-after')));
}

/** The signed-in session of this tab. */
export const session = {
  me: null,
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  /** Whether this browser keeps a session (a refresh cookie may be there). */
  get kept() {
    return localStorage.getItem(KEPT_KEY) === '1';
  },
  /** Signs in: with keep, a session that lasts (the cookie); without, this tab only. */
  async signIn(phone, upwd, keep) {
    const data = keep
      ? await post(SESSION_PATH, 'POST', { phone, upwd })
      : await post('/imagepic/auth/login', 'POST', { phone, upwd });
    if (keep) localStorage.setItem(KEPT_KEY, '1');
    else localStorage.removeItem(KEPT_KEY);
    this.me = null;
    adopt(data.token);
    if (channel) channel.postMessage({ type: 'token', token: data.token });
  },
  /** A token from elsewhere (a password change answers a fresh one). */
  start(token) {
    this.me = null;
    adopt(token);
  },
  /**
   * A new access token from the refresh cookie; false when there is no session (any more). One tab at a time:
   * a tab that waited finds the token another tab just got, and keeps it.
   */
  async refresh() {
    if (!this.kept) return false;
    const before = this.token;
    const work = async () => {
      const now = this.token;
      if (now && now !== before && claims(now).exp * 1000 > Date.now() + 5000) return true; // another tab did it
      try {
        const data = await post(`${SESSION_PATH}/refresh`, 'POST');
        adopt(data.token);
        if (channel) channel.postMessage({ type: 'token', token: data.token });
        return true;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) localStorage.removeItem(KEPT_KEY);
        return false;
      }
    };
    return navigator.locks ? navigator.locks.request('imagepic-refresh', work) : work();
  },
  /** Signs out: ends the kept session on the service, and in every tab of this browser. */
  async signOut() {
    const kept = this.kept;
    this.end();
    if (channel) channel.postMessage({ type: 'signout' });
    if (kept) {
      try {
        await post(SESSION_PATH, 'DELETE');
      } catch {
        // the cookie goes with its session's end on the service; offline, it expires on its own
      }
    }
  },
  end() {
    clearTimeout(refreshTimer);
    sessionStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(KEPT_KEY);
    this.me = null;
  },
  /** handlers: ended() when another tab signed out; token() when another tab signed in or refreshed. */
  listen(handlers) {
    onEnded = handlers.ended;
    onToken = handlers.token;
  },
};

if (channel) {
  channel.addEventListener('message', (e) => {
    if (e.data && e.data.type === 'signout') {
      clearTimeout(refreshTimer);
      sessionStorage.removeItem(TOKEN_KEY);
      session.me = null;
      onEnded();
    } else if (e.data && e.data.type === 'token' && typeof e.data.token === 'string') {
      const had = session.token;
      adopt(e.data.token);
      if (!had) onToken();
    }
  });
}
schedule();

let unauthorized = () => {};
/** Called when a signed-in call answers 401 and no refresh helps: the session expired or was ended. */
export function onUnauthorized(handler) {
  unauthorized = handler;
}
/** A call answered 401: true when a refresh got a new token (call again), else the session is over. */
export async function reportUnauthorized() {
  if (await session.refresh()) return true;
  unauthorized();
  return false;
}

/** Headers every call sends: the caller's language (reasons come back in it) and the token. */
export function authHeaders(extra = {}) {
  const headers = { 'accept-language': apiLanguage(), ...extra };
  if (session.token) headers.authorization = session.token;
  return headers;
}

/** Reads the envelope {code, data, msg, success}; failures throw an ApiError with data.err as the reason. */
export async function readEnvelope(status, text, retryAfter = null) {
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (status >= 200 && status < 300 && json && json.success !== false) return json.data;
  const reason = (json && json.data && typeof json.data.err === 'string' && json.data.err)
    || (json && typeof json.msg === 'string' && json.msg !== '失败' && json.msg) || null;
  throw new ApiError(status, reason, json && json.data, retryAfter);
}

/** api('/imagepic/bucket/listBuckets'), api(path, {method: 'POST', body: {...}, query: {...}}) */
export async function api(path, options = {}) {
  try {
    return await call(path, options);
  } catch (e) {
    // an expired access token: a kept session gets a new one, and the call is made once more
    if (e instanceof ApiError && e.status === 401 && options.auth !== false && session.token && await reportUnauthorized()) {
      return call(path, options);
    }
    throw e;
  }
}

async function call(path, { method = 'GET', body, query, auth = true } = {}) {
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
  return readEnvelope(res.status, await res.text(), retryAfterSeconds(res.headers.get('retry-after')));
}

let limits = null;
/** What an upload may be (GET /imagepic/upload/limits), asked once per page load; null when unknown. */
export async function uploadLimits() {
  if (!limits) limits = api('/imagepic/upload/limits').catch(() => { limits = null; return null; });
  return limits;
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
