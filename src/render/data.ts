// -o json and -o yaml: the report envelope, data only, always parseable.
import {stringify} from 'yaml';
import type {Report} from '../report/types.js';

export function renderData(report: Report, format: 'json' | 'yaml'): string {
  if (format === 'json') return [...jsonChunks(report)].join('');
  return stringify(report, {lineWidth: 0, aliasDuplicateObjects: false});
}

/**
 * -o json in pieces of about `chunkSize` characters; joined, they are exactly
 * `JSON.stringify(report, null, 2) + '\n'`. On 10,000 pods that document is ~30 MB: built as one
 * string it was held twice at the end of a run (the string and the bytes written), the largest
 * single share of peak memory. Each top-level array (items, findings) is written a slice at a time;
 * a slice is stringified as `{"x": slice}`, which puts its members at the depth they have in the
 * report, so JSON.stringify's own indentation is the document's and only the wrapper is cut off.
 */
export function* jsonChunks(report: Report, chunkSize = 1 << 16): Generator<string> {
  let buf = '{';
  let first = true;
  for (const [key, value] of Object.entries(report as unknown as Record<string, unknown>)) {
    // JSON.stringify's own omissions for object members.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    buf += `${first ? '' : ','}\n  ${JSON.stringify(key)}: `;
    first = false;
    if (!Array.isArray(value) || value.length === 0 || typeof (value as {toJSON?: unknown}).toJSON === 'function') {
      const json = JSON.stringify(value, null, 2);
      buf += json.includes('\n') ? json.replaceAll('\n', '\n  ') : json;
      continue;
    }
    buf += '[';
    // Members per slice: one at first, then as many as fill about one chunk.
    let per = 1;
    for (let i = 0; i < value.length;) {
      const end = Math.min(value.length, i + per);
      const json = JSON.stringify({x: value.slice(i, end)}, null, 2);
      const members = json.slice(SLICE_HEAD.length, json.length - SLICE_TAIL.length);
      buf += (i === 0 ? '\n' : ',\n') + members;
      per = Math.max(1, Math.floor((chunkSize * (end - i)) / Math.max(1, members.length)));
      i = end;
      if (buf.length >= chunkSize) {
        yield buf;
        buf = '';
      }
    }
    buf += '\n  ]';
  }
  buf += first ? '}\n' : '\n}\n';
  yield buf;
}

/** What JSON.stringify({x: [...]}, null, 2) puts around the members of a non-empty array. */
const SLICE_HEAD = '{\n  "x": [\n';
const SLICE_TAIL = '\n  ]\n}';
