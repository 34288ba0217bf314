// What a 2xx body must look like for what was asked. A load balancer's HTML page, `{}`, or a JSON
// page cut short by a clean close all arrive as 200; kubectl fails to decode them
// (k8s.io/apimachinery runtime serializer), and so must we: a body that is not what was asked is
// retried like a 5xx and, when the retries run out, ends the read as failed. Field names follow the
// wire format: metav1.TypeMeta, metav1.ListMeta (staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/
// types.go), the SubjectAccessReviewStatus (k8s.io/api authorization/v1 types.go, `allowed` has no
// omitempty) and version.Info (k8s.io/apimachinery pkg/version/types.go).

import {UndecodedItems} from './protobuf/decode.js';

/** What a request expects back: `json` any JSON object (writes), `none` no check at all. */
export type Expect = 'list' | 'object' | 'review' | 'version' | 'json' | 'none';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** Why the body is not what was asked, or undefined when it is. */
export function responseProblem(expect: Expect, body: unknown): string | undefined {
  if (expect === 'none') return undefined;
  if (!isObject(body)) return `the body is not a JSON object (${preview(body)})`;
  switch (expect) {
    case 'list':
      return listProblem(body);
    case 'object':
      return typeMetaProblem(body) ?? (isObject(body.metadata) ? undefined : 'the object has no metadata');
    case 'review':
      return isObject(body.status) && typeof body.status.allowed === 'boolean' ? undefined : 'the access review has no status.allowed';
    case 'version':
      return parseServerVersion(body) ? undefined : `the version has no major/minor or gitVersion (${preview(body)})`;
    default:
      return undefined;
  }
}

function typeMetaProblem(body: Json): string | undefined {
  return isText(body.kind) && isText(body.apiVersion) ? undefined : `no kind/apiVersion (${preview(body)})`;
}

function listProblem(body: Json): string | undefined {
  const typeMeta = typeMetaProblem(body);
  if (typeMeta) return `not a list: ${typeMeta}`;
  if (!(body.kind as string).endsWith('List')) return `not a list: kind ${body.kind as string}`;
  if (!isObject(body.metadata)) return 'the list has no metadata';
  const cont = body.metadata.continue;
  if (cont !== undefined && typeof cont !== 'string') return 'the list metadata.continue is not a string';
  // Go encodes a nil slice as null; anything else that is not an array of objects is garbage.
  // Items a protobuf page keeps as bytes are decoded later (a failure then is a ProtobufDecodeError).
  if (body.items === null || body.items instanceof UndecodedItems) return undefined;
  if (!Array.isArray(body.items)) return 'the list has no items array';
  for (let i = 0; i < body.items.length; i++) if (!isObject(body.items[i])) return `the list's items[${i}] is not an object`;
  return undefined;
}

/** major.minor from /version: the numeric fields, else gitVersion (`v1.34.3`, `v1.30.2-eks-1234`). */
export function parseServerVersion(body: Json): {gitVersion: string; major: number; minor: number} | undefined {
  // GKE and others write minor as "34+"; parseInt keeps the number.
  const major = typeof body.major === 'string' ? parseInt(body.major, 10) : NaN;
  const minor = typeof body.minor === 'string' ? parseInt(body.minor, 10) : NaN;
  const git = typeof body.gitVersion === 'string' ? /^v?(\d+)\.(\d+)(?:\.|$|[-+])/.exec(body.gitVersion) : null;
  if (Number.isInteger(major) && Number.isInteger(minor) && major > 0) {
    return {gitVersion: isText(body.gitVersion) ? body.gitVersion : `v${major}.${minor}`, major, minor};
  }
  if (git) return {gitVersion: body.gitVersion as string, major: Number(git[1]), minor: Number(git[2])};
  return undefined;
}

function preview(body: unknown): string {
  if (typeof body === 'string') {
    const s = body.replace(/\s+/g, ' ').trim();
    return s === '' ? 'empty' : `"${s.length > 40 ? `${s.slice(0, 40)}…` : s}"`;
  }
  const s = JSON.stringify(body) ?? String(body);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
