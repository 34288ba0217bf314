// The kubelet's Node Log Query contract (`GET /logs/?query=...`): its query parameters, parsed and
// validated as the kubelet does before it runs anything, with its messages. Facts from
// kubernetes/kubernetes pkg/kubelet/kubelet_server_journal.go (newNodeLogQuery, validate,
// safeServiceName; identical in v1.34.3 and v1.37.2 but for the length message, below) and
// pkg/kubelet/kubelet.go (the /logs/ handler: 400 for a parse error, 406 for a validation error).
// Pure: the command checks its flags with it (exit 2 before any request) and the test suite's
// stand-in kubelet answers with it.
import {errorString, invalid, required, tooMany, type FieldError} from './field-error.js';
import {goRegexpProblem} from './go-regexp.js';
import {goJsonString} from './go-quote.js';

/** maxTailLines, maxServiceLength, maxServices of kubelet_server_journal.go. */
const MAX_TAIL_LINES = 100000;
const MAX_SERVICE_LENGTH = 256;
const MAX_SERVICES = 4;
/** reServiceNameUnsafeCharacters: the characters a service may not contain. */
const UNSAFE_SERVICE_CHARACTERS = /[^a-zA-Z\-_.:0-9@]+/;

/** The query as the kubelet holds it after newNodeLogQuery. */
export interface NodeLogQuery {
  services: string[];
  files: string[];
  sinceTime?: string;
  untilTime?: string;
  tailLines?: number;
  boot?: number;
  pattern?: string;
}

/** The URL query values (url.Values): each parameter's values in order. */
export type QueryValues = Record<string, string[]>;

/** RFC 3339 as Go's time.Parse(time.RFC3339, ...) accepts it: a zone is required, fractions are allowed. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Go's time.Parse(time.RFC3339, v): the instant in ms, or undefined when Go would refuse it. */
export function parseRfc3339(v: string): number | undefined {
  const m = RFC3339.exec(v);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || h > 23 || mi > 59 || s > 59) return undefined;
  const t = Date.parse(v.toUpperCase());
  return Number.isNaN(t) ? undefined : t;
}

/** strconv.Atoi's error text, as the kubelet puts it in the detail. */
function atoi(v: string): {n?: number; err?: string} {
  if (!/^[+-]?\d+$/.test(v)) return {err: `strconv.Atoi: parsing ${JSON.stringify(v)}: invalid syntax`};
  const n = Number(v);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 63 - 1) return {err: `strconv.Atoi: parsing ${JSON.stringify(v)}: value out of range`};
  return {n};
}

const first = (q: QueryValues, key: string): string => q[key]?.[0] ?? '';
const str = (value: string) => ({go: 'string' as const, value});
const num = (value: number) => ({go: 'number' as const, value});
/** A *time.Time through json.Marshal: its RFC 3339 text, quoted. */
const jsonString = (value: string) => ({go: 'json-string' as const, value});
/** A []string through json.Marshal. */
const strings = (value: readonly string[]) => ({go: 'json' as const, value: `[${value.map(goJsonString).join(',')}]`});

/** The query as newNodeLogQuery parses it; `errors` are the 400s. `query` is undefined when nothing was asked. */
export function parseNodeLogQuery(q: QueryValues): {query?: NodeLogQuery; errors: FieldError[]} {
  const errors: FieldError[] = [];
  const query: NodeLogQuery = {services: [], files: []};
  for (const v of q.query ?? []) {
    // A / or \ means a file; a service name never holds one.
    if (/[/\\]/.test(v)) query.files.push(v);
    else if (v.trim() !== '') query.services.push(v);
  }
  if (q.query !== undefined && query.files.length === 0 && query.services.length === 0) errors.push(invalid('query', strings(q.query), 'may not be empty'));
  for (const key of ['sinceTime', 'untilTime'] as const) {
    const v = first(q, key);
    if (v === '') continue;
    if (parseRfc3339(v) === undefined) errors.push(invalid(key, str(v), 'invalid time format'));
    else query[key] = v;
  }
  for (const key of ['boot', 'tailLines'] as const) {
    const v = first(q, key);
    if (v === '') continue;
    const {n, err} = atoi(v);
    if (err) errors.push(invalid(key, str(v), err));
    else query[key] = n;
  }
  const pattern = first(q, 'pattern');
  if (pattern !== '') query.pattern = pattern;
  if (errors.length > 0) return {errors};
  const asked = query.services.length + query.files.length > 0 || Object.keys(query).length > 2;
  return {query: asked ? query : undefined, errors};
}

/** Whether options other than the query were given (`n.options != (options{})`). */
export function hasOptions(q: NodeLogQuery): boolean {
  return q.sinceTime !== undefined || q.untilTime !== undefined || q.tailLines !== undefined || q.boot !== undefined || q.pattern !== undefined;
}

/** safeServiceName. `minor` picks the length message: "less than 100" until v1.36, the real limit after. */
function serviceProblem(s: string, minor: number): string | undefined {
  if (Buffer.byteLength(s) > MAX_SERVICE_LENGTH) return minor >= 37 ? `length must be less than ${MAX_SERVICE_LENGTH}` : 'length must be less than 100';
  if (UNSAFE_SERVICE_CHARACTERS.test(s)) return 'input contains unsupported characters';
  return undefined;
}

/**
 * validate(): the 406s, in the kubelet's order. The file-exists check needs the node's disk and is
 * left to the node (`fileProblem`, given by the stand-in). `windows`: the node runs Windows.
 */
export function validateNodeLogQuery(
  q: NodeLogQuery,
  opts: {windows: boolean; minor?: number; fileProblem?: (file: string) => string | undefined},
): FieldError[] {
  const errors: FieldError[] = [];
  for (const s of q.services) {
    const p = serviceProblem(s, opts.minor ?? 34);
    if (p) errors.push(invalid('query', str(s), p));
  }
  if (q.services.length > MAX_SERVICES) errors.push(tooMany('query', q.services.length, MAX_SERVICES));
  const files = q.files;
  if (files.length === 0 && q.services.length === 0) errors.push(required('query', 'cannot be empty with options'));
  else if (files.length > 0 && q.services.length > 0)
    errors.push(invalid('query', str(`[${files.join(' ')}], [${q.services.join(' ')}]`), 'cannot specify a file and service'));
  else if (files.length > 1) errors.push(invalid('query', strings(files), 'cannot specify more than one file'));
  else if (files.length === 1 && hasOptions(q)) errors.push(invalid('query', strings(files), 'cannot specify file with options'));
  else if (files.length === 1 && opts.fileProblem) {
    const p = opts.fileProblem(files[0]);
    if (p) errors.push(invalid('query', strings(files), p));
  }
  if (q.sinceTime !== undefined && q.untilTime !== undefined && parseRfc3339(q.sinceTime)! > parseRfc3339(q.untilTime)!)
    errors.push(invalid('untilTime', jsonString(q.untilTime), 'must be after `sinceTime`'));
  if (q.boot !== undefined && opts.windows) errors.push(invalid('boot', num(q.boot), 'not supported on Windows'));
  if (q.boot !== undefined && q.boot > 0) errors.push(invalid('boot', num(q.boot), 'must be less than 1'));
  if (q.tailLines !== undefined && (q.tailLines < 0 || q.tailLines > MAX_TAIL_LINES))
    errors.push(invalid('tailLines', num(q.tailLines), `must be between 0 and ${MAX_TAIL_LINES}, inclusive`));
  const re = goRegexpProblem(q.pattern ?? '');
  if (re) errors.push(invalid('pattern', str(q.pattern ?? ''), re));
  return errors;
}

/** errs.ToAggregate().Error(): one error as it is, several as "[a, b]" (duplicates once). */
export function aggregateMessage(errors: readonly FieldError[]): string {
  const seen = [...new Set(errors.map(errorString))];
  return seen.length === 1 ? seen[0] : `[${seen.join(', ')}]`;
}

/** The query string the client sends (each value URL-encoded, in the kubelet's parameter names). */
export function nodeLogQueryString(q: NodeLogQuery): string {
  const parts: string[] = [];
  const add = (k: string, v: string | number | undefined) => {
    if (v !== undefined) parts.push(`${k}=${encodeURIComponent(String(v))}`);
  };
  for (const s of [...q.files, ...q.services]) add('query', s);
  add('sinceTime', q.sinceTime);
  add('untilTime', q.untilTime);
  add('tailLines', q.tailLines);
  add('boot', q.boot);
  add('pattern', q.pattern);
  return parts.join('&');
}

/** What came back from one request through the node proxy, as the Source read it. */
export type NodeAnswer =
  | {kind: 'answer'; status: number; body: string}
  /** Nothing within the deadline (the node accepted and never answered, or never accepted). */
  | {kind: 'no-answer'; afterMs: number}
  /** The request failed without an HTTP answer (the connection to the apiserver broke). */
  | {kind: 'failed'; message: string};

/** What the kubelet's /configz says about the log endpoints (v1beta1 KubeletConfiguration fields). */
export interface LogConfig {
  enableDebuggingHandlers?: boolean;
  enableSystemLogHandler?: boolean;
  enableSystemLogQuery?: boolean;
  featureGates?: Record<string, boolean>;
}

/** The configz answer's log settings; undefined when the body is not the kubelet's configz shape. */
export function logConfigOf(body: string): LogConfig | undefined {
  try {
    const cfg = (JSON.parse(body) as {kubeletconfig?: LogConfig}).kubeletconfig;
    return typeof cfg === 'object' && cfg !== null ? cfg : undefined;
  } catch {
    return undefined;
  }
}
