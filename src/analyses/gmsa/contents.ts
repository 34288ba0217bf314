// The windows-gmsa webhook's comparison of a pod's inline gmsaCredentialSpec with the contents of the
// GMSACredentialSpec it names (kubernetes-sigs/windows-gmsa admission-webhook/webhook.go at 993de21,
// compareCredSpecContents L344-365, called from validateCreateRequest L318-327). The resource side
// is json.Marshal of the object's `credspec` value (kube_client.go retrieveCredSpecContents L113).
// Both sides are decoded by encoding/json into map[string]interface{} and compared with
// reflect.DeepEqual: key order and whitespace do not matter, numbers compare as float64 (as
// JavaScript numbers do), and a duplicate key keeps its last value (as JSON.parse does).
import {goQuote} from '../../k8s/go-quote.js';

interface ContentsComparison {
  equal: boolean;
  /** The webhook's compareErr, when the inline contents are not a JSON object. */
  error?: string;
}

function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'string';
}

/** json.Unmarshal into map[string]interface{}: the object, or null for JSON null (a nil map), or the error. */
function decodeObject(text: string): {value: Record<string, unknown> | null} | {error: string} {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    // Go's decoder words syntax errors its own way ("invalid character ..."); this is JSON.parse's.
    return {error: `invalid JSON: ${(err as Error).message}`};
  }
  if (v === null) return {value: null};
  if (typeof v !== 'object' || Array.isArray(v)) return {error: `json: cannot unmarshal ${goJsonKind(v)} into Go value of type map[string]interface {}`};
  return {value: v as Record<string, unknown>};
}

/** reflect.DeepEqual over decoded JSON values. */
function jsonDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => jsonDeepEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const bo = b as Record<string, unknown>;
  if (ka.length !== Object.keys(bo).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && jsonDeepEqual((a as Record<string, unknown>)[k], bo[k]));
}

/** compareCredSpecContents(fromPod, json.Marshal(resource.credspec)). */
export function compareCredSpecContents(fromPod: string, resourceContents: unknown): ContentsComparison {
  const pod = decodeObject(fromPod);
  // webhook.go L357-359: "unable to parse %q as a JSON object: %v".
  if ('error' in pod) return {equal: false, error: `unable to parse ${goQuote(fromPod)} as a JSON object: ${pod.error}`};
  return {equal: pod.value !== null && jsonDeepEqual(pod.value, resourceContents)};
}

/** The webhook's rejection, word for word (webhook.go L322-325). */
export function contentsMismatchMessage(what: string, credentialSpec: string, error?: string): string {
  return `the GMSA cred spec contents for ${what} does not match the contents of GMSA resource ${goQuote(credentialSpec)}${error ? `: ${error}` : ''}`;
}
