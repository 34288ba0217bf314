// ManifestSource: files, directories (-R) and stdin into the same Snapshot a cluster gives.
import {readdirSync, readFileSync, statSync} from 'node:fs';
import {extname, join} from 'node:path';
import {LineCounter, parseAllDocuments} from 'yaml';
import {InputError} from '../cli/errors.js';
import {matchesLabelSelector, parseLabelSelector} from '../k8s/label-selector.js';
import {evaluatorAccessReview, rbacObjectsOf} from './access-review.js';
import type {Skipped} from '../report/types.js';
import {RESOURCES, resourceByKind, type ResourceName} from './resources.js';
import type {Capabilities, KubeObject, Origin, Snapshot, SnapshotRequest, Workload} from './types.js';
import {isPodBearing, toWorkload} from './workloads.js';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface ManifestObject {
  object: KubeObject;
  origin: Origin;
}

/** Expands -f arguments into files (directories: their manifests; with -R, recursively). */
export function expandFilenames(args: string[], recursive: boolean): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (recursive) walk(p);
      } else if (MANIFEST_EXTENSIONS.has(extname(entry.name))) {
        files.push(p);
      }
    }
  };
  for (const arg of args) {
    if (arg === '-') {
      files.push('-');
      continue;
    }
    let st;
    try {
      st = statSync(arg);
    } catch {
      throw new InputError(`error: the path "${arg}" does not exist`);
    }
    if (st.isDirectory()) walk(arg);
    else files.push(arg);
  }
  return files;
}

function readText(file: string, stdin: () => string): string {
  if (file === '-') return stdin();
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`error: cannot read ${file}: ${(err as Error).message}`);
  }
}

/** Parses one file's text: multi-document YAML or JSON, `List` kinds flattened. */
export function parseManifests(text: string, file: string): ManifestObject[] {
  // JSON (kubectl get -o json output, Lists of thousands of pods): JSON.parse is ~10x faster than
  // the YAML parser on the same text. Invalid JSON falls through to YAML, which reports the line.
  if (/^\s*[{[]/.test(text)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    if (value !== undefined) {
      const out: ManifestObject[] = [];
      if (value !== null) flatten(value, {file, line: 1}, out);
      return out;
    }
  }
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, {lineCounter, uniqueKeys: false});
  if (!Array.isArray(docs)) {
    throw new InputError(`error: ${file}: not a YAML or JSON document`);
  }
  const out: ManifestObject[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      const line = e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line;
      throw new InputError(`error: ${file}:${line}: invalid YAML: ${e.message.split('\n')[0]}`);
    }
    const value = doc.toJS({maxAliasCount: 1000}) as unknown;
    if (value === null || value === undefined) continue;
    const line = doc.contents ? lineCounter.linePos(doc.contents.range[0]).line : 1;
    flatten(value, {file, line}, out);
  }
  return out;
}

function flatten(value: unknown, origin: Origin, out: ManifestObject[]): void {
  if (typeof value !== 'object' || Array.isArray(value) || value === null) {
    throw new InputError(`error: ${origin.file}:${origin.line}: not a Kubernetes object (expected a mapping with apiVersion and kind)`);
  }
  const obj = value as KubeObject;
  if (typeof obj.kind !== 'string' || typeof obj.apiVersion !== 'string') {
    throw new InputError(`error: ${origin.file}:${origin.line}: not a Kubernetes object: apiVersion and kind must be set`);
  }
  if (obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    for (const item of obj.items) flatten(item, origin, out);
    return;
  }
  out.push({object: obj, origin});
}

export interface ManifestSourceOptions {
  filenames: string[];
  recursive: boolean;
  /** The namespace objects without one belong to (-n, else "default"). */
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
  stdin?: () => string;
}

export class ManifestSource {
  readonly files: string[];
  readonly objects: ManifestObject[];
  private readonly defaultNamespace: string;

  constructor(private readonly opts: ManifestSourceOptions) {
    this.files = expandFilenames(opts.filenames, opts.recursive);
    const stdin = opts.stdin ?? (() => readFileSync(0, 'utf8'));
    this.objects = this.files.flatMap((f) => parseManifests(readText(f, stdin), f === '-' ? '<stdin>' : f));
    this.defaultNamespace = opts.namespace ?? 'default';
  }

  /** Offline answers: what can be computed from the manifests alone. */
  capabilities(): Capabilities {
    return {
      mode: 'manifests',
      accessReview: evaluatorAccessReview(rbacObjectsOf(this.objects.map((o) => o.object)), this.defaultNamespace),
    };
  }

  async snapshot(req: SnapshotRequest): Promise<Snapshot> {
    const skipped: Skipped[] = [];
    const objects: Partial<Record<ResourceName, KubeObject[]>> = {};
    for (const kind of req.kinds ?? []) objects[kind] = [];
    for (const {object} of this.objects) {
      const r = resourceByKind(object.kind ?? '');
      if (r && objects[r] && this.inScope(object, RESOURCES[r].namespaced)) objects[r]!.push(object);
    }
    const workloads = this.selectWorkloads(req);
    return {
      source: {type: 'manifests', files: this.files.map((f) => (f === '-' ? '<stdin>' : f))},
      namespace: this.opts.allNamespaces ? undefined : this.opts.namespace,
      objects,
      skipped,
      async *workloads() {
        yield* workloads;
      },
    };
  }

  private inScope(obj: KubeObject, namespaced: boolean): boolean {
    if (!namespaced || this.opts.allNamespaces || this.opts.namespace === undefined) return true;
    return (obj.metadata?.namespace ?? this.defaultNamespace) === this.opts.namespace;
  }

  private selectWorkloads(req: SnapshotRequest): Workload[] {
    const out: Workload[] = [];
    for (const {object, origin} of this.objects) {
      if (!isPodBearing(object.kind)) continue;
      const isPod = object.kind === 'Pod';
      if ((isPod && !req.pods) || (!isPod && !req.workloads)) continue;
      if (!this.inScope(object, true)) continue;
      if (this.opts.selector && !matchesSelector(object.metadata?.labels ?? {}, this.opts.selector)) continue;
      const w = toWorkload(object, this.defaultNamespace, origin);
      if (w) out.push(w);
    }
    if (req.names && req.names.length > 0) {
      const wanted = new Set(req.names.map((n) => n.replace(/^[a-z.]+\//i, '')));
      const found = out.filter((w) => wanted.has(w.name));
      const missing = [...wanted].filter((n) => !found.some((w) => w.name === n));
      if (missing.length > 0) {
        throw new InputError(`error: ${missing.map((n) => `"${n}"`).join(', ')} not found in ${this.files.map((f) => (f === '-' ? '<stdin>' : f)).join(', ')}`);
      }
      return found;
    }
    return out;
  }
}

/** kubectl's -l selector against labels; a malformed selector is an input error (exit 2). */
export function matchesSelector(labels: Record<string, string>, selector: string): boolean {
  const parsed = parseLabelSelector(selector);
  if (!parsed) throw new InputError(`error: invalid label selector "${selector}"`);
  return matchesLabelSelector(parsed, labels);
}
