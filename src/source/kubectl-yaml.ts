// YAML as kubectl reads it. kubectl's reader (kubernetes/cli-runtime pkg/resource/visitor.go
// FileVisitor, then kubernetes/apimachinery pkg/util/yaml/decoder.go) decodes the bytes with a BOM
// override, then turns each document into JSON with sigs.k8s.io/yaml (yaml.go yamlToJSONTarget
// with no target: a RawExtension), which unmarshals into interface{} with go-yaml v2
// (go.yaml.in/yaml/v2). So plain scalars resolve by YAML 1.1 rules (`yes`, `on`, `0777`, `1_000`),
// and quoted scalars may continue on lines indented with tabs or not at all. The `yaml` package
// reads YAML 1.2; this module bends it to those facts, and a differential test holds it to kubectl
// (test/e2e/yaml-differential.test.ts).
import {Lexer, Parser, type ScalarTag, type Tags} from 'yaml';

/**
 * The text of a manifest file as kubectl sees it: cli-runtime's `unicode.BOMOverride(UTF8)` drops a
 * UTF-8 byte-order mark and decodes UTF-16 (little or big endian) that starts with its mark, as
 * PowerShell 5.1's `>` writes; anything else is UTF-8.
 */
export function decodeManifestBytes(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return utf16be(bytes.subarray(2));
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('utf8');
}

/** Big-endian UTF-16 (a copy, swapped to little endian; an odd last byte is dropped). */
function utf16be(bytes: Buffer): string {
  return Buffer.from(bytes.subarray(0, bytes.length - (bytes.length % 2)))
    .swap16()
    .toString('utf16le');
}

/** A string that did not come from a file (stdin given to tests) with a UTF-8 mark left on it. */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// go-yaml v2 resolve.go: the plain scalars that are looked up whole.
const RESOLVE_MAP = new Map<string, unknown>();
const add = (value: unknown, words: string[]) => words.forEach((w) => RESOLVE_MAP.set(w, value));
add(true, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
add(false, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
add(null, ['', '~', 'null', 'Null', 'NULL']);
add(Number.NaN, ['.nan', '.NaN', '.NAN']);
add(Number.POSITIVE_INFINITY, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']);
add(Number.NEGATIVE_INFINITY, ['-.inf', '-.Inf', '-.INF']);

// resolve.go yamlStyleFloat, and what strconv.ParseFloat takes after a leading dot.
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * Go's strconv.ParseInt(s, 0, 64), falling back to ParseUint(s, 0, 64): base from the prefix, "0"
 * alone is octal. `uint64` marks a value only ParseUint takes.
 */
function goParseInteger(s: string): {value: bigint; uint64: boolean} | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const digits = m[2];
  const magnitude = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits.replace(/^0([XBO])/, (_, p: string) => `0${p.toLowerCase()}`));
  const value = m[1] === '-' ? -magnitude : magnitude;
  // ParseInt's int64 range, then ParseUint's (which takes no sign at all).
  if (value >= INT64_MIN && value < 2n ** 63n) return {value, uint64: false};
  if (m[1] === '' && value <= UINT64_MAX) return {value, uint64: true};
  return undefined;
}

type GoScalar = {kind: 'int'; value: bigint; uint64: boolean} | {kind: 'float'; value: number} | {kind: 'other'; value: unknown};

/** resolve.go `resolve` with no tag, keeping integers exact (the Go type matters for map keys). */
function resolveGo(s: string): GoScalar {
  if (RESOLVE_MAP.has(s)) {
    const v = RESOLVE_MAP.get(s);
    return typeof v === 'number' ? {kind: 'float', value: v} : {kind: 'other', value: v};
  }
  const c = s.charAt(0);
  if (c === '.') return DOT_FLOAT.test(s) ? {kind: 'float', value: Number(s)} : {kind: 'other', value: s};
  if ((c >= '0' && c <= '9') || c === '-' || c === '+') {
    const plain = s.replaceAll('_', '');
    const integer = goParseInteger(plain);
    if (integer) return {kind: 'int', ...integer};
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = Number(plain);
      // ParseFloat's range error (1e400) leaves the scalar a string.
      if (Number.isFinite(f)) return {kind: 'float', value: f};
    }
  }
  return {kind: 'other', value: s};
}

/**
 * A plain scalar as go-yaml v2 resolves it into interface{} (resolve.go `resolve` with no tag).
 * Timestamps stay strings there (decode.go keeps them as written "for backward compatibility").
 * NaN and the infinities resolve, and kubectl then fails on them (json: unsupported value).
 */
export function resolvePlainScalar(s: string): unknown {
  const r = resolveGo(s);
  return r.kind === 'int' ? Number(r.value) : r.value;
}

/**
 * The JSON key sigs.k8s.io/yaml makes of a plain scalar map key (yaml.go convertToJSONableObject):
 * integers exactly, floats as strconv.FormatFloat(f, 'g', -1, 32), booleans as words; an Error
 * for the keys it refuses (null, uint64). Undefined for a key that stays a string.
 */
export function goMapKey(source: string): string | Error | undefined {
  const r = resolveGo(source);
  if (r.kind === 'int') return r.uint64 ? new Error('unsupported map key of type: uint64') : r.value.toString();
  if (r.kind === 'float') return formatFloat32(r.value);
  if (r.value === null) return new Error('unsupported map key of type: <nil> (a null key)');
  return typeof r.value === 'boolean' ? String(r.value) : undefined;
}

/** strconv.FormatFloat(f, 'g', -1, 32): the shortest digits that round-trip as a float32, %e from exponent -4 or 21... 6. */
function formatFloat32(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (!Number.isFinite(f)) return f > 0 ? '.inf' : '-.inf';
  const x = Math.fround(f);
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  let exp = '';
  for (let p = 1; p <= 9; p++) {
    exp = x.toExponential(p - 1);
    if (Math.fround(Number(exp)) === x) break;
  }
  const [mantissa, e] = exp.split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/[-.]/g, '').replace(/0+$/, '') || '0';
  const exponent = Number(e);
  const sign = negative ? '-' : '';
  // Go: with the shortest digits, %e when the exponent is < -4 or >= 6 (eprec = 6).
  if (exponent < -4 || exponent >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const abs = Math.abs(exponent);
    return `${sign}${digits[0]}${frac}e${exponent < 0 ? '-' : '+'}${abs < 10 ? `0${abs}` : abs}`;
  }
  const dp = exponent + 1;
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= digits.length) return `${sign}${digits}${'0'.repeat(dp - digits.length)}`;
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}

/** Counts non-finite plain scalars resolved, so a reader checks for them only in files that have any. */
export const nonFinite = {count: 0};

const goYamlPlainScalar: ScalarTag = {
  tag: 'tag:kubectl-win:go-yaml-plain',
  default: true,
  test: /^/,
  resolve(source: string) {
    const value = resolvePlainScalar(source);
    if (typeof value === 'number' && !Number.isFinite(value)) nonFinite.count++;
    return value;
  },
};

/**
 * The schema tags: mappings, sequences, `!!str`, `<<` merge keys (go-yaml v2 merges), and every other
 * plain scalar by go-yaml's rules instead of YAML 1.2's.
 */
export function kubectlTags(tags: Tags): Tags {
  const structural = tags.filter((t) => typeof t === 'object' && !('test' in t && t.test));
  return ['merge', ...structural, goYamlPlainScalar];
}

interface LexerInternals {
  buffer: string;
  parseQuotedScalar(): Generator<string, string>;
  continueScalar(offset: number): number;
}

/**
 * A lexer whose quoted scalars continue on any line, as go-yaml's scanner (scannerc.go
 * yaml_parser_scan_flow_scalar) reads them: continuation lines may start with tabs or be less
 * indented than the key; only a document marker (`---` or `...` then a blank) ends them early.
 */
function kubectlLexer(): Lexer {
  const lexer = new Lexer();
  const inner = lexer as unknown as LexerInternals;
  const parseQuoted = inner.parseQuotedScalar;
  const continueScalar = inner.continueScalar;
  let inQuoted = false;
  inner.parseQuotedScalar = function* (this: LexerInternals) {
    inQuoted = true;
    try {
      return yield* parseQuoted.call(this);
    } finally {
      inQuoted = false;
    }
  };
  inner.continueScalar = function (this: LexerInternals, offset: number) {
    if (!inQuoted) return continueScalar.call(this, offset);
    const marker = this.buffer.substr(offset, 3);
    const after = this.buffer.charAt(offset + 3);
    return (marker === '---' || marker === '...') && (after === '' || /\s/.test(after)) ? -1 : offset;
  };
  return lexer;
}

/** A YAML parser that tokenises as go-yaml does where the two differ (see kubectlLexer). */
export function kubectlParser(onNewLine?: (offset: number) => void): Parser {
  const parser = new Parser(onNewLine);
  (parser as unknown as {lexer: Lexer}).lexer = kubectlLexer();
  return parser;
}
