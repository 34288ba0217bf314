// kubectl's -v request tracing, in the words of client-go's debugging round tripper
// (staging/src/k8s.io/client-go/transport/round_trippers.go, DebugWrappers and
// debuggingRoundTripper.RoundTrip): at 6 one line per request, `GET URL 200 OK in N milliseconds`;
// at 7 the request line and its headers, then `Response Status: 200 OK in N milliseconds`; at 8
// the response headers too. Each line has klog's header. Credentials never reach stderr: the
// Authorization value keeps only its scheme (`Bearer <masked>`, as maskValue), and so does any
// header that can carry a credential.
import {STATUS_CODES, type IncomingHttpHeaders} from 'node:http';

type Headers = Record<string, string | string[] | number | undefined> | IncomingHttpHeaders;

export interface RequestTrace {
  /** Call when the request is sent; the returned function when it ends (status, or the error). */
  start(method: string, url: string, headers: Headers): (status: number | undefined, headers: IncomingHttpHeaders | undefined, error?: Error) => void;
}

const KNOWN_AUTH_TYPES = new Set(['bearer', 'basic', 'negotiate']);
// Headers other than Authorization that carry a credential (a proxy's, a cookie): masked whole.
const SECRET_HEADERS = new Set(['proxy-authorization', 'cookie', 'set-cookie', 'x-remote-extra-token']);

/** round_trippers.go maskValue: the scheme stays, the credential does not. */
export function maskHeader(key: string, value: string): string {
  const k = key.toLowerCase();
  if (SECRET_HEADERS.has(k)) return value === '' ? '' : '<masked>';
  if (k !== 'authorization' || value === '') return value;
  const space = value.indexOf(' ');
  const scheme = space > 0 ? value.slice(0, space) : value;
  if (!KNOWN_AUTH_TYPES.has(scheme.toLowerCase())) return '<masked>';
  return value.length > scheme.length + 1 ? `${scheme} <masked>` : scheme;
}

/** klog's header: severity, MMDD hh:mm:ss.uuuuuu, thread id (our pid), file] */
function klogHeader(now: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${p(now.getMonth() + 1)}${p(now.getDate())} ${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}.${p(now.getMilliseconds() * 1000, 6)}`;
  return `I${stamp} ${String(process.pid).padStart(7)} round_trippers.go] `;
}

function headerLines(headers: Headers): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [String(value)]) lines.push(`    ${key}: ${maskHeader(key, v)}`);
  }
  return lines;
}

/** `200 OK`, as Go's http.Response.Status. */
function statusText(status: number | undefined, error?: Error): string {
  if (status === undefined) return error ? `(${(error as NodeJS.ErrnoException).code ?? error.message})` : '';
  return `${status} ${STATUS_CODES[status] ?? ''}`.trim();
}

/** The trace for a verbosity, or undefined below 6 (nothing to write). */
export function requestTrace(verbosity: number | undefined, write: (line: string) => void = (l) => process.stderr.write(l)): RequestTrace | undefined {
  if (verbosity === undefined || verbosity < 6) return undefined;
  const log = (text: string) => write(`${klogHeader(new Date())}${text}\n`);
  return {
    start(method, url, reqHeaders) {
      if (verbosity >= 7) {
        log(`${method} ${url}`);
        log('Request Headers:');
        for (const l of headerLines(reqHeaders)) log(l);
      }
      const started = process.hrtime.bigint();
      return (status, resHeaders, error) => {
        const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
        if (verbosity < 7) {
          log(`${method} ${url} ${statusText(status, error)} in ${ms} milliseconds`);
          return;
        }
        log(`Response Status: ${statusText(status, error)} in ${ms} milliseconds`);
        if (verbosity >= 8 && resHeaders) {
          log('Response Headers:');
          for (const l of headerLines(resHeaders)) log(l);
        }
      };
    },
  };
}
