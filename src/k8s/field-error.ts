// Field errors as kube-apiserver builds and prints them
// (kubernetes/apimachinery pkg/util/validation/field/errors.go, v0.34.3).
// A Status cause carries `field` and `message` = ErrorBody(); kubectl prints `<field>: <ErrorBody>`.
import {goJsonString, goQuote} from './go-quote.js';

type FieldErrorType = 'Required value' | 'Forbidden' | 'Invalid value' | 'Unsupported value' | 'Too long' | 'Too many' | 'Not found' | 'Duplicate value';

/**
 * The bad value with the Go type it has upstream, because that picks the encoder:
 * a Go `string` prints with %q, a bool or number with %v, anything else (pointers, named string
 * types) through json.Marshal.
 */
type BadValue =
  | {go: 'string'; value: string}
  | {go: 'json-string'; value: string}
  | {go: 'bool'; value: boolean}
  | {go: 'number'; value: number}
  /** A struct or other composite value, already as json.Marshal writes it. */
  | {go: 'json'; value: string};

export interface FieldError {
  type: FieldErrorType;
  /** The path as the apiserver prints it: spec.containers[0].securityContext.windowsOptions.runAsUserName */
  field: string;
  value?: BadValue;
  detail: string;
}

function renderValue(v: BadValue): string {
  switch (v.go) {
    case 'string':
      return goQuote(v.value);
    case 'json-string':
      return goJsonString(v.value);
    case 'bool':
      return String(v.value);
    case 'number':
      return String(v.value);
    case 'json':
      return v.value;
  }
}

/** ErrorBody(): the Status cause's `message`. */
export function errorBody(e: FieldError): string {
  let s: string = e.type;
  if ((e.type === 'Invalid value' || e.type === 'Unsupported value' || e.type === 'Not found' || e.type === 'Duplicate value') && e.value)
    s += `: ${renderValue(e.value)}`;
  if (e.detail !== '') s += `: ${e.detail}`;
  return s;
}

/** Error(): `<field>: <ErrorBody>`, the line kubectl prints. */
export function errorString(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

export const invalid = (field: string, value: BadValue, detail: string): FieldError => ({type: 'Invalid value', field, value, detail});
export const forbidden = (field: string, detail: string): FieldError => ({type: 'Forbidden', field, detail});
/** field.Duplicate: the value and no detail. */
export const duplicate = (field: string, value: BadValue): FieldError => ({type: 'Duplicate value', field, value, detail: ''});
/** field.NotFound: the value and no detail. */
export const notFound = (field: string, value: BadValue): FieldError => ({type: 'Not found', field, value, detail: ''});
export const required = (field: string, detail = ''): FieldError => ({type: 'Required value', field, detail});
/** field.TooLong with the value left out, as v0.35+ words it. */
export const tooLong = (field: string, max: number): FieldError => ({type: 'Too long', field, detail: `may not be more than ${max} bytes`});
/** field.TooMany. */
export const tooMany = (field: string, actual: number, max: number): FieldError => ({
  type: 'Too many',
  field,
  detail: `${actual}: must have at most ${max} items`,
});

/** field.NotSupported: the detail lists the valid values, each strconv.Quote'd, in sorted order. */
export function notSupported(field: string, value: BadValue, validValues: readonly string[]): FieldError {
  const detail = validValues.length > 0 ? `supported values: ${[...validValues].map(goQuote).join(', ')}` : '';
  return {type: 'Unsupported value', field, value, detail};
}
