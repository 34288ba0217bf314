// How kube-apiserver prints a field's bad value, byte for byte. Two Go encoders matter:
// - strconv.Quote (`%q`), used by field.Error.ErrorBody for values of Go type `string`
//   (e.g. `spec: Invalid value: "": ...`) and for NotSupported's list of supported values;
// - encoding/json.Marshal, used for every other value type, which includes `*string` fields such as
//   windowsOptions.runAsUserName and named string types such as core.OSName.
// (kubernetes/apimachinery pkg/util/validation/field/errors.go ErrorBody, v0.34.3; Go src/strconv/quote.go
// and src/encoding/json/encode.go appendString with escapeHTML=true, Go 1.22+ which escapes \b and \f.)
//
// JavaScript strings are UTF-16; the apiserver decodes JSON into UTF-8 and turns a lone surrogate into
// U+FFFD, so both encoders first make the string well formed the same way.

const LOWER_HEX = '0123456789abcdef';

/** The string as the apiserver holds it after decoding JSON: lone surrogates become U+FFFD. */
export function wellFormed(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** UTF-8 byte length, Go's len(s) of the decoded string. */
export function byteLength(s: string): number {
  return Buffer.byteLength(wellFormed(s), 'utf8');
}

/**
 * Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols, and the ASCII space only.
 * Node's Unicode tables are newer than Go's (Go 1.26: Unicode 15.0), so a character assigned after
 * 15.0 prints raw here and escaped in Go. The rules we model quote only fixed strings with %q.
 */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/** The one-letter escapes strconv.Quote and json.Marshal share (Go 1.22+ json escapes \b and \f too). */
const SHORT_ESCAPES: Record<string, string> = {'\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t'};
/** strconv.Quote's: also \a and \v. */
const STRCONV_ESCAPES: Record<string, string> = {...SHORT_ESCAPES, '\x07': '\\a', '\v': '\\v'};
/** json.Marshal's: also the quote and the backslash. */
const JSON_ESCAPES: Record<string, string> = {...SHORT_ESCAPES, '"': '\\"', '\\': '\\\\'};

function hex(n: number, width: number): string {
  let out = '';
  for (let s = (width - 1) * 4; s >= 0; s -= 4) out += LOWER_HEX[(n >> s) & 0xf];
  return out;
}

/** Go's strconv.Quote(s) (what fmt's %q prints for a string). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of wellFormed(s)) {
    const r = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') {
      out += `\\${ch}`;
      continue;
    }
    if (PRINTABLE.test(ch)) {
      out += ch;
      continue;
    }
    const short = STRCONV_ESCAPES[ch];
    if (short) out += short;
    else if (r < 0x20 || r === 0x7f) out += `\\x${hex(r, 2)}`;
    else if (r < 0x10000) out += `\\u${hex(r, 4)}`;
    else out += `\\U${hex(r, 8)}`;
  }
  return `${out}"`;
}

/** Go's json.Marshal(s) for a string (HTML-escaping on, as json.Marshal does). */
export function goJsonString(s: string): string {
  let out = '"';
  for (const ch of wellFormed(s)) {
    const r = ch.codePointAt(0)!;
    if (r < 0x80) {
      const htmlSafe = r >= 0x20 && ch !== '"' && ch !== '\\' && ch !== '<' && ch !== '>' && ch !== '&';
      if (htmlSafe) {
        out += ch;
        continue;
      }
      out += JSON_ESCAPES[ch] ?? `\\u00${hex(r, 2)}`;
      continue;
    }
    if (r === 0x2028 || r === 0x2029) {
      out += `\\u${hex(r, 4)}`;
      continue;
    }
    out += ch;
  }
  return `${out}"`;
}
