// ManifestSource: files, directories (-R) and stdin into the same Snapshot a cluster gives.
import {readdirSync, readFileSync, statSync, type Stats} from 'node:fs';
import {extname, join} from 'node:path';
import {InputError} from '../errors.js';
import {goQuote} from '../k8s/go-quote.js';
import {matchesRequirements, parseSelector, selectorError} from '../k8s/selector-parse.js';
import {matchesFields, OFFLINE_UNEVALUATED, onlyMetadataFields, parseFieldSelector, podFieldValues} from '../k8s/field-selector.js';
import {evaluatorAccessReview, rbacObjectsOf} from './access-review.js';
import {decodeManifestBytes, withoutBom} from './kubectl-yaml.js';
import {parseManifests, problemLine, readManifests, type ManifestObject, type ManifestProblem} from './manifest-parse.js';
import {parseNameArg} from './name-args.js';
import type {Capabilities, InputProblem, Skipped, Snapshot, SnapshotRequest, UnservedObject, Workload} from '../k8s/snapshot.js';
import {RESOURCES, resourceByKind, type ResourceName} from '../k8s/resources.js';
import {manifestGmsaWebhookDetails} from './gmsa-webhook-details.js';
import type {KubeObject} from '../k8s/object.js';
import {LATEST_MINOR} from '../k8s/minor-versions.js';
import {notServed} from '../k8s/served-apis.js';
import {isPodBearing, toWorkload} from './workloads.js';
import {pushAll} from '../util/arrays.js';
import {locateInManifests} from './manifest-locate.js';
import type {RegistryReadOptions} from '../options.js';
import {registryImagePlatforms, type RegistryOptions} from './registry/capability.js';
import {manifestSecretReader, openRegistryOptions} from './registry/secrets.js';

export {parseManifests, type ManifestObject};

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** One -f argument and the files it stands for. */
interface InputArg {
  arg: string;
  files: string[];
}

const displayName = (file: string) => (file === '-' ? '<stdin>' : file);

/** Why a path cannot be read, as one line naming it (EACCES, ELOOP, ENOTDIR, ...). */
function unreadable(path: string, what: string, err: unknown): InputError {
  const e = err as NodeJS.ErrnoException;
  // kubectl's words, its %q quoting included (a Windows path's backslashes come out doubled).
  if (e.code === 'ENOENT') return new InputError(`error: the path ${goQuote(path)} does not exist`);
  return new InputError(`error: cannot read ${what} ${path}: ${e.code ?? 'error'}: ${(e.message ?? String(err)).replace(/^[A-Z]+: /, '').split(',')[0]}`);
}

function statPath(path: string): Stats {
  try {
    return statSync(path);
  } catch (err) {
    throw unreadable(path, 'path', err);
  }
}

/** Expands one -f argument into files (a directory: its manifests; with -R, recursively). */
function expandArg(arg: string, recursive: boolean): string[] {
  if (arg === '-') return ['-'];
  if (!statPath(arg).isDirectory()) return [arg];
  const files: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, {withFileTypes: true});
    } catch (err) {
      throw unreadable(dir, 'directory', err);
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (recursive) walk(p);
      } else if (MANIFEST_EXTENSIONS.has(extname(entry.name))) {
        // A pipe or socket met in a walk would block the read forever; named with -f it is read.
        const st = statPath(p);
        if (!st.isFile()) throw new InputError(`error: cannot read ${p}: not a regular file (a directory is read for its files only)`);
        files.push(p);
      }
    }
  };
  walk(arg);
  return files;
}

/** Expands -f arguments into files (directories: their manifests; with -R, recursively). */
export function expandFilenames(args: string[], recursive: boolean): string[] {
  return args.flatMap((arg) => expandArg(arg, recursive));
}

/** A file's text as kubectl decodes it (a byte-order mark: UTF-8 without it, or UTF-16). */
function readText(file: string, stdin: () => string | Buffer): string {
  if (file === '-') {
    const input = stdin();
    return typeof input === 'string' ? withoutBom(input) : decodeManifestBytes(input);
  }
  try {
    return decodeManifestBytes(readFileSync(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_STRING_TOO_LONG') {
      throw new InputError(`error: cannot read ${file}: larger than the 512 MiB one file may be; split it into several files`);
    }
    throw unreadable(file, 'file', err);
  }
}

/** A -f argument that yields nothing is an input error: a templating step that produced nothing must not pass. */
function noObjects(input: InputArg, recursive: boolean): InputError {
  const what = '(empty, only comments, or an empty List)';
  if (input.arg === '-') return new InputError(`error: -f - (stdin): no Kubernetes objects in the input ${what}`);
  if (input.files.length === 0) {
    return new InputError(
      `error: -f ${input.arg}: no Kubernetes objects: the directory has no .yaml, .yml or .json files${recursive ? '' : ' (-R reads its subdirectories)'}`,
    );
  }
  if (input.files.length === 1 && input.files[0] === input.arg) return new InputError(`error: -f ${input.arg}: no Kubernetes objects in the file ${what}`);
  return new InputError(`error: -f ${input.arg}: no Kubernetes objects in its ${input.files.length} manifest files ${what}`);
}

interface ManifestSourceOptions {
  filenames: string[];
  recursive: boolean;
  /** The namespace objects without one belong to (-n, else "default"). */
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
  /** --field-selector, evaluated on Pod manifests as the apiserver evaluates it on stored pods (src/k8s/field-selector.ts). */
  fieldSelector?: string;
  stdin?: () => string | Buffer;
  /** The Kubernetes minor (1.x) whose served kinds apply; LATEST_MINOR by default. */
  minor?: number;
  /** --registry: image platforms from registries, with the pull secrets among the files. */
  registry?: RegistryReadOptions;
  /** --request-timeout, for registry reads. */
  requestTimeoutMs?: number;
}

export class ManifestSource {
  readonly mode = 'manifests' as const;
  readonly files: string[];
  readonly objects: ManifestObject[];
  /** Documents that could not be read: the others are analysed, and the run exits 2 after its output. */
  readonly problems: ManifestProblem[];
  private readonly defaultNamespace: string;
  /** Each file's length when read, to know it unchanged when it is read again for locations. */
  private readonly lengths = new Map<string, number>();
  /** Standard input cannot be read twice: its text is kept for locations (decision 40). */
  private stdinText?: string;
  private readonly registry?: RegistryOptions;

  constructor(private readonly opts: ManifestSourceOptions) {
    // Opened first: a bad --registry-ca is exit 2 before the files are read.
    this.registry = opts.registry ? openRegistryOptions(opts.registry, opts.requestTimeoutMs ?? 0) : undefined;
    const inputs: InputArg[] = opts.filenames.map((arg) => ({arg, files: expandArg(arg, opts.recursive)}));
    this.files = inputs.flatMap((i) => i.files);
    const stdin = opts.stdin ?? (() => readFileSync(0));
    this.objects = [];
    this.problems = [];
    for (const input of inputs) {
      const before = {objects: this.objects.length, problems: this.problems.length};
      // File by file, so only one file's text is held while the objects accumulate.
      for (const file of input.files) {
        const text = readText(file, stdin);
        this.lengths.set(displayName(file), text.length);
        if (file === '-') this.stdinText = text;
        const read = readManifests(text, displayName(file));
        for (const o of read.objects) this.objects.push(o);
        pushAll(this.problems, read.problems);
      }
      if (this.objects.length === before.objects && this.problems.length === before.problems) throw noObjects(input, opts.recursive);
    }
    // Nothing read at all: there is nothing to show, so the first problem is the one line (as before output).
    if (this.objects.length === 0 && this.problems.length > 0) throw nothingReadable(this.problems);
    this.defaultNamespace = opts.namespace ?? 'default';
  }

  /** Offline answers: what can be computed from the manifests alone. */
  capabilities(): Capabilities {
    return {
      mode: 'manifests',
      accessReview: evaluatorAccessReview(rbacObjectsOf(this.objects.map((o) => o.object)), this.defaultNamespace),
      locate: (targets) => locateInManifests(this.objects, this.defaultNamespace, (file) => this.textAgain(file), targets),
      // Offline, the pull secrets are the Secrets among the -f files; images without one are read anonymously.
      ...(this.registry
        ? {
            imagePlatforms: registryImagePlatforms(
              manifestSecretReader(
                this.objects.map((o) => o.object),
                this.defaultNamespace,
              ),
              this.registry,
            ),
          }
        : {}),
    };
  }

  /** A file's text read again, if it is still what was read (else no locations for it). */
  private textAgain(file: string): string | undefined {
    if (file === displayName('-')) return this.stdinText;
    let text: string;
    try {
      text = decodeManifestBytes(readFileSync(file));
    } catch {
      return undefined;
    }
    return text.length === this.lengths.get(file) ? text : undefined;
  }

  async snapshot(req: SnapshotRequest): Promise<Snapshot> {
    const skipped: Skipped[] = [];
    const objects: Partial<Record<ResourceName, KubeObject[]>> = {};
    for (const kind of req.kinds ?? []) objects[kind] = [];
    // Offline, the Warning events are the Event objects in the files (`kubectl get events -o yaml`).
    if (req.events) objects.events = [];
    for (const {object} of this.objects) {
      const r = resourceByKind(object.kind ?? '');
      if (r && objects[r] && this.inScope(object, RESOURCES[r].namespaced) && (r !== 'events' || object.type === 'Warning')) objects[r]!.push(object);
    }
    const workloads = this.selectWorkloads(req);
    return {
      source: {type: 'manifests', files: this.files.map(displayName)},
      namespace: this.opts.allNamespaces ? undefined : this.opts.namespace,
      objects,
      skipped,
      ...(req.gmsaWebhookDetails
        ? {
            gmsaWebhookDetails: manifestGmsaWebhookDetails(
              objects,
              this.objects.map((o) => o.object),
            ),
          }
        : {}),
      ...(this.problems.length > 0 ? {inputErrors: this.problems.map(toInputProblem)} : {}),
      ...this.unservedObjects(),
      async *workloads() {
        yield* workloads;
      },
    };
  }

  /** Objects other than pods and templates whose apiVersion/kind the target minor does not serve. */
  private unservedObjects(): {unserved?: UnservedObject[]} {
    const unserved: UnservedObject[] = [];
    for (const {object, origin} of this.objects) {
      if (isPodBearing(object.kind)) continue;
      const n = notServed(object.apiVersion ?? '', object.kind ?? '', this.minor);
      // Cluster-scoped kinds (ClusterRole, CustomResourceDefinition, ...) carry no namespace: always in scope.
      if (n && (object.metadata?.namespace === undefined || this.inScope(object, true))) unserved.push({object, origin, notServed: n});
    }
    return unserved.length > 0 ? {unserved} : {};
  }

  private get minor(): number {
    return this.opts.minor ?? LATEST_MINOR;
  }

  private inScope(obj: KubeObject, namespaced: boolean): boolean {
    if (!namespaced || this.opts.allNamespaces || this.opts.namespace === undefined) return true;
    return (obj.metadata?.namespace ?? this.defaultNamespace) === this.opts.namespace;
  }

  private selectWorkloads(req: SnapshotRequest): Workload[] {
    const requirements = this.opts.selector ? parseSelectorOrThrow(this.opts.selector) : undefined;
    const fields = this.opts.fieldSelector ? fieldMatcher(this.opts.fieldSelector, this.defaultNamespace) : undefined;
    const named = req.names && req.names.length > 0 ? req.names.map((arg) => ({arg, ...parseNameArg(arg)})) : undefined;
    const out: Workload[] = [];
    const found = new Set<string>();
    for (const {object, origin} of this.objects) {
      if (!isPodBearing(object.kind)) continue;
      const isPod = object.kind === 'Pod';
      if (!named && ((isPod && !req.pods) || (!isPod && !req.workloads))) continue;
      if (!this.inScope(object, true)) continue;
      if (requirements && !matchesRequirements(requirements, object.metadata?.labels ?? {})) continue;
      if (fields && !fields(object)) continue;
      // As kubectl: `deployment/web` names the Deployment web only, a bare name a Pod.
      const wanted = named?.find((n) => RESOURCES[n.resource].kind === object.kind && n.name === object.metadata?.name);
      // podsOfNames: the scope's pods too, for the named workloads' own pods to be picked out.
      if (named && !wanted && !(isPod && req.podsOfNames)) continue;
      const w = toWorkload(object, this.defaultNamespace, origin);
      if (!w) continue;
      const unserved = notServed(w.apiVersion, w.kind, this.minor);
      if (unserved) w.notServed = unserved;
      if (wanted) found.add(wanted.arg);
      out.push(w);
    }
    const missing = named?.filter((n) => !found.has(n.arg)) ?? [];
    if (missing.length > 0) {
      const what = missing.map((n) => `${RESOURCES[n.resource].plural} "${n.name}"`).join(', ');
      throw new InputError(
        `error: ${what} not found in ${this.files.map(displayName).join(', ')}${this.opts.namespace && !this.opts.allNamespaces ? ` (namespace "${this.opts.namespace}")` : ''}`,
      );
    }
    return out;
  }
}

/**
 * --field-selector offline: a Pod manifest is judged on the fields the apiserver would store (its
 * defaults included); a template only on metadata.name/metadata.namespace, the only fields its
 * kind's list accepts, so a pod field leaves every template out, as a live read does.
 */
function fieldMatcher(selector: string, defaultNamespace: string): (object: KubeObject) => boolean {
  const requirements = parseFieldSelector(selector);
  const unevaluated = requirements.find((r) => OFFLINE_UNEVALUATED.has(r.field));
  if (unevaluated) throw new InputError(`error: --field-selector ${unevaluated.field} is only evaluated by the server; it cannot select manifests (-f)`);
  const templates = onlyMetadataFields(requirements);
  return (object) => {
    if (object.kind !== 'Pod' && !templates) return false;
    return matchesFields(requirements, podFieldValues(object as unknown as Record<string, unknown>, defaultNamespace));
  };
}

const toInputProblem = (p: ManifestProblem): InputProblem => ({file: p.file, line: p.line, message: p.reason});

function nothingReadable(problems: ManifestProblem[]): InputError {
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more document${problems.length > 2 ? 's' : ''} that could not be read)` : '';
  return new InputError(`${problemLine(problems[0])}${more}`);
}

function parseSelectorOrThrow(selector: string) {
  try {
    return parseSelector(selector);
  } catch {
    throw new InputError(`error: invalid label selector -l "${selector}": ${selectorError(selector)}`);
  }
}

/** kubectl's -l selector against labels; a malformed selector is an input error (exit 2). */
export function matchesSelector(labels: Record<string, string>, selector: string): boolean {
  return matchesRequirements(parseSelectorOrThrow(selector), labels);
}
