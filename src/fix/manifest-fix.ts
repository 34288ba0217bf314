// `--fix` for manifests: every machine patch applied to the YAML it came from, with the yaml
// Document API, so comments, key order and document separators stay as written (docs/remedies.md).
// A patch merges as the apiserver's strategic merge does (src/k8s/strategic-merge.ts): maps key by
// key, lists with a merge key item by item, other lists whole, null deletes. A bare Pod's or a Job's
// corrected object (their remedy is a manifest for replace --force) merges the same way.
import {isMap, isScalar, isSeq, parse, parseAllDocuments, type Document, type YAMLMap, type YAMLSeq} from 'yaml';
import {MERGE_KEYS} from '../k8s/strategic-merge.js';
import type {Finding, RemedyTarget} from '../report/types.js';

interface ManifestFix {
  target: RemedyTarget;
  /** Merged into the object: a patch, or the whole corrected object. */
  patch: Record<string, unknown>;
  /** True for a whole corrected object: what it leaves out is removed from the manifest too. */
  whole?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fixes the findings carry for objects that can be written back: patches, and corrected objects. */
export function fixesOf(findings: readonly Finding[]): ManifestFix[] {
  const out: ManifestFix[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const r = f.remedy;
    if (!r?.target) continue;
    const patch = r.patch !== undefined ? r.patch : r.manifest !== undefined && r.apply === 'replace' ? parse(r.manifest) : undefined;
    if (!isObject(patch)) continue;
    // doctor reports one problem through several analyses: the same fix once.
    const key = `${r.target.kind}/${r.target.namespace ?? ''}/${r.target.name}/${JSON.stringify(patch)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({target: r.target, patch, ...(r.patch === undefined ? {whole: true} : {})});
  }
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function mergeSeq(doc: Document, seq: YAMLSeq, items: unknown[], key: string, whole: boolean): void {
  if (whole) seq.items = seq.items.filter((n) => !isMap(n) || items.some((i) => isObject(i) && sameJson(n.get(key), i[key])));
  for (const item of items) {
    const at = isObject(item) ? seq.items.find((n) => isMap(n) && sameJson(n.get(key), item[key])) : undefined;
    if (at && isMap(at) && isObject(item)) mergeMap(doc, at, item, whole);
    else seq.add(doc.createNode(item));
  }
}

function mergeMap(doc: Document, node: YAMLMap, patch: Record<string, unknown>, whole: boolean): void {
  // A whole object: keys it does not have go (the fields the fix removes), the others keep their place.
  if (whole) for (const pair of [...node.items]) if (isScalar(pair.key) && !(String(pair.key.value) in patch)) node.delete(pair.key);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) {
      node.delete(k);
      continue;
    }
    const existing = node.get(k, true);
    if (existing === undefined) node.set(k, doc.createNode(v));
    else if (isMap(existing) && isObject(v)) mergeMap(doc, existing, v, whole);
    else if (isSeq(existing) && Array.isArray(v) && MERGE_KEYS[k]) mergeSeq(doc, existing, v, MERGE_KEYS[k], whole);
    // Unchanged values keep their node, and with it the comments on them.
    else if (!sameJson(isScalar(existing) ? existing.value : (existing as {toJSON(): unknown}).toJSON(), v)) node.set(k, doc.createNode(v));
  }
}

const matches = (obj: Record<string, unknown>, t: RemedyTarget, defaultNamespace: string): boolean => {
  const meta = (obj.metadata ?? {}) as {name?: string; namespace?: string};
  return obj.kind === t.kind && meta.name === t.name && (t.namespace === undefined || (meta.namespace ?? defaultNamespace) === t.namespace);
};

/** Whether the file writes a block sequence at its key's indentation (`key:\n- a`, kubectl's style) rather than indented. */
function sequencesAtKeyIndent(text: string): boolean {
  const m = /^( *)[^\s#-][^\n]*:\n( *)- /m.exec(text);
  return m ? m[1].length === m[2].length : false;
}

/** The manifest text with every fix for its objects applied; `applied` counts the fixes used. */
export function applyFixes(text: string, fixes: readonly ManifestFix[], defaultNamespace: string): {text: string; applied: number} {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return {text, applied: 0};
  let applied = 0;
  for (const doc of docs) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const obj = doc.toJS() as Record<string, unknown>;
    for (const fix of fixes) {
      if (!matches(obj, fix.target, defaultNamespace)) continue;
      mergeMap(doc, root, fix.patch, fix.whole === true);
      applied++;
    }
  }
  const indentSeq = !sequencesAtKeyIndent(text);
  return {text: applied === 0 ? text : docs.map((d) => d.toString({lineWidth: 0, indentSeq})).join(''), applied};
}
