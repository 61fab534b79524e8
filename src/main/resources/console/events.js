// The live event stream (/imagepic/notification/listen, Server-Sent Events). EventSource cannot send the
// authorization header, so the stream is read with fetch() and parsed here. Reconnects with backoff.
//
// A page the browser keeps after it is left (the back/forward cache), or freezes in a background tab, keeps its
// open fetch() and with it one of the six HTTP/1.1 connections the browser allows per host: a few such pages and
// every other request of the console waits. So the stream is closed when the page is hidden that way
// ('pagehide', 'freeze') and opened again when the page comes back ('pageshow', 'resume').
import { authHeaders, reportUnauthorized } from './api.js';

/**
 * listen({bucket, onEvent, onStatus}) -> stop function. onStatus gets 'connecting', 'live' or 'retrying'
 * ('off' while the page is put away).
 */
export function listen({ bucket, onEvent, onStatus = () => {} }) {
  let stopped = false;
  let away = false;
  let running = false;
  let abort = null;
  let wake = null;
  let delay = 1000;

  function dispatch(block) {
    let name = 'message';
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        if (line.slice(1).trim() === 'ready') onStatus('live');
      } else if (line.startsWith('event:')) {
        name = line.slice(6).trim();
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).replace(/^ /, ''));
      }
    }
    if (name === 'message' && data.length) {
      try {
        onEvent(JSON.parse(data.join('\n')));
      } catch {
        // not an event we understand: skip it
      }
    }
  }

  /** Waits delay ms, or less when the page comes back or the stream is stopped. */
  function pause(ms) {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async function run() {
    running = true;
    while (!stopped && !away) {
      onStatus('connecting');
      abort = new AbortController();
      try {
        const url = new URL('/imagepic/notification/listen', location.origin);
        if (bucket) url.searchParams.set('bucket', bucket);
        const res = await fetch(url, { headers: authHeaders({ accept: 'text/event-stream' }), signal: abort.signal, cache: 'no-store' });
        if (res.status === 401) {
          if (await reportUnauthorized()) continue; // a new token: connect again with it
          break;
        }
        if (res.ok && res.body) {
          delay = 1000;
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer = (buffer + value).replace(/\r\n?/g, '\n');
            let end = buffer.indexOf('\n\n');
            while (end >= 0) {
              dispatch(buffer.slice(0, end));
              buffer = buffer.slice(end + 2);
              end = buffer.indexOf('\n\n');
            }
          }
        }
      } catch {
        // aborted, or the connection dropped: retry below unless stopped or put away
      }
      if (stopped || away) break;
      onStatus('retrying');
      await pause(delay);
      delay = Math.min(delay * 2, 30000);
    }
    running = false;
    if (away && !stopped) onStatus('off');
  }

  /** The page is put away (back/forward cache, frozen tab): give its connection back. */
  function putAway() {
    away = true;
    if (abort) abort.abort();
    if (wake) wake();
  }

  /** The page is shown again: connect again (events meanwhile were missed, as after any reconnect). */
  function comeBack() {
    if (!away) return;
    away = false;
    delay = 1000;
    if (!stopped && !running) run();
  }

  const onShow = (e) => {
    if (e.type !== 'pageshow' || e.persisted) comeBack();
  };
  window.addEventListener('pagehide', putAway);
  document.addEventListener('freeze', putAway);
  window.addEventListener('pageshow', onShow);
  document.addEventListener('resume', onShow);

  run();
  return () => {
    stopped = true;
    window.removeEventListener('pagehide', putAway);
    document.removeEventListener('freeze', putAway);
    window.removeEventListener('pageshow', onShow);
    document.removeEventListener('resume', onShow);
    if (abort) abort.abort();
    if (wake) wake();
  };
}
