// The live event stream (/imagepic/notification/listen, Server-Sent Events). EventSource cannot send the
// authorization header, so the stream is read with fetch() and parsed here. Reconnects with backoff.
import { authHeaders, reportUnauthorized } from './api.js';

/**
 * listen({bucket, onEvent, onStatus}) -> stop function. onStatus gets 'connecting', 'live' or 'retrying'.
 */
export function listen({ bucket, onEvent, onStatus = () => {} }) {
  const abort = new AbortController();
  let stopped = false;
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

  async function run() {
    while (!stopped) {
      onStatus('connecting');
      try {
        const url = new URL('/imagepic/notification/listen', location.origin);
        if (bucket) url.searchParams.set('bucket', bucket);
        const res = await fetch(url, { headers: authHeaders({ accept: 'text/event-stream' }), signal: abort.signal, cache: 'no-store' });
        if (res.status === 401) {
          if (await reportUnauthorized()) continue; // a new token: connect again with it
          return;
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
        // aborted, or the connection dropped: retry below unless stopped
      }
      if (stopped) return;
      onStatus('retrying');
      await new Promise((resolve) => { setTimeout(resolve, delay); });
      delay = Math.min(delay * 2, 30000);
    }
  }

  run();
  return () => {
    stopped = true;
    abort.abort();
  };
}
