// Ready-made configurations of the upload clients people already use, for one service token that may
// upload into one bucket. Each is what that client reads; the tests replay them against the service.
import { folderHeader } from './api.js';

/** The headers every upload sends: the token, the bucket, and the folder and naming chosen. */
export function uploadHeaders({ token, bucket, folder, naming }) {
  const headers = { authorization: token, bucket };
  if (folder) headers.folder = folderHeader(folder);
  if (naming) headers.naming = naming;
  return headers;
}

/**
 * PicGo's web-uploader form, field by field, as its boxes take them: customHeader is plain JSON there
 * ({"authorization":"ipt_..."}); only inside data.json is it a JSON string (escaped).
 */
export function picgoForm(c) {
  return { url: c.endpoint, paramName: 'file', jsonPath: 'data.url', customHeader: JSON.stringify(uploadHeaders(c)), customBody: '' };
}

/** PicGo with picgo-plugin-web-uploader: its part of PicGo's data.json (the same fields as its form). */
export function picgo(c) {
  return `${JSON.stringify({
    picBed: {
      uploader: 'web-uploader',
      current: 'web-uploader',
      'web-uploader': {
        url: c.endpoint,
        paramName: 'file',
        jsonPath: 'data.url',
        customHeader: JSON.stringify(uploadHeaders(c)),
        customBody: '',
      },
    },
    picgoPlugins: { 'picgo-plugin-web-uploader': true },
  }, null, 2)}\n`;
}

/** A ShareX custom uploader (.sxcu): double-click to import. */
export function sharex(c) {
  return `${JSON.stringify({
    Version: '16.1.0',
    Name: `imagepic (${c.bucket})`,
    DestinationType: 'ImageUploader',
    RequestMethod: 'POST',
    RequestURL: c.endpoint,
    Headers: uploadHeaders(c),
    Body: 'MultipartFormData',
    FileFormName: 'file',
    URL: '{json:data.url}',
    ErrorMessage: '{json:data.err}',
  }, null, 2)}\n`;
}

/** A value in single quotes for a POSIX shell. */
export function shellQuote(s) {
  return `'${String(s).replace(/'/g, "'\\''")}'`;
}

/**
 * Typora's "Custom Command" image uploader: Typora runs the command with the image paths as arguments and
 * takes the links from the last lines the command prints, one per image.
 */
export function typora(c) {
  const h = uploadHeaders(c);
  const headerArgs = Object.keys(h).map((k) => `-H "${k}: $${k.toUpperCase()}"`).join(' ');
  return `#!/bin/sh
# imagepic uploader for Typora. macOS, Linux: command  sh /path/to/imagepic-typora.sh
# Windows: with Git for Windows, command  "C:\\Program Files\\Git\\bin\\sh.exe" C:/path/to/imagepic-typora.sh
# (there is no .cmd or PowerShell variant: without Git for Windows this script does not run on Windows).
# Typora: Preferences > Image > Image Uploader: Custom Command
# Each image given is uploaded; its link is printed on its own line, in order. Needs curl.
ENDPOINT=${shellQuote(c.endpoint)}
${Object.entries(h).map(([k, v]) => `${k.toUpperCase()}=${shellQuote(v)}`).join('\n')}
for file in "$@"; do
  answer=$(curl -sS ${headerArgs} -F "file=@\\"$file\\"" "$ENDPOINT") || exit 1
  url=$(printf '%s' "$answer" | sed -n 's/.*"url":"\\([^"]*\\)".*/\\1/p')
  if [ -z "$url" ]; then
    printf 'imagepic: %s\\n' "$answer" >&2
    exit 1
  fi
  printf '%s\\n' "$url"
done
`;
}

/** One curl command uploading screenshot.png. */
export function curl(c) {
  const headers = Object.entries(uploadHeaders(c)).map(([k, v]) => `-H ${shellQuote(`${k}: ${v}`)}`).join(' ');
  return `curl ${headers} -F 'file=@screenshot.png' ${shellQuote(c.endpoint)}\n`;
}
