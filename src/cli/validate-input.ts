// Input the CLI can judge on its own is judged before any Source is opened: a malformed -l, an
// impossible namespace or object name is a usage error (exit 2) live and offline alike, never a
// request the apiserver refuses, nor a read reported as skipped.
import {isDNS1123Label, isDNS1123Subdomain} from '../k8s/name-validation.js';
import {selectorError} from '../k8s/selector-parse.js';
import {parseNameArg} from '../source/name-args.js';
import {RESOURCES} from '../k8s/resources.js';
import {InputError} from '../errors.js';
import type {CommonOptions} from '../options.js';

/** What a command's positional arguments name: pods and workloads (`kind/name`), nodes, or no objects (rbac's command names). */
export type NameArgKind = 'workloads' | 'nodes' | 'none';

/**
 * Every check, run by the base command right after toOptions. Imported on demand, so `--help` and
 * start-up load none of src/k8s (test/unit/cli/startup.test.ts).
 */
export function checkInput(opts: Pick<CommonOptions, 'namespace' | 'selector'>, args: string[], kind: NameArgKind): void {
  checkNamespace(opts.namespace);
  checkSelector(opts.selector);
  checkNameArgs(args, kind, opts.selector);
}

/** -l as the apiserver parses it (k8s.io/apimachinery pkg/labels/selector.go), its message verbatim. */
function checkSelector(selector: string | undefined): void {
  if (selector === undefined) return;
  const message = selectorError(selector);
  if (message !== undefined) throw new InputError(`error: invalid label selector -l "${selector}": ${message}`);
}

/** -n: a namespace name is a DNS-1123 label (kubernetes/kubernetes pkg/apis/core/validation ValidateNamespaceName). */
function checkNamespace(namespace: string | undefined): void {
  if (namespace === undefined) return;
  const errs = isDNS1123Label(namespace);
  if (errs.length > 0) throw new InputError(`error: invalid namespace -n "${namespace}": ${errs.join('; ')}`);
}

/**
 * Object names given as arguments: pods, workloads and nodes are all named by DNS-1123 subdomains
 * (apimachinery NameIsDNSSubdomain, used by ValidatePodName, ValidateNodeName and the apps/batch
 * name checks), so any other name can only be "not found".
 */
export function checkNameArgs(args: string[], kind: NameArgKind, selector?: string): void {
  if (kind === 'none') return;
  // kubectl (k8s.io/cli-runtime pkg/resource/builder.go visitBySelector) refuses both at once.
  if (args.length > 0 && selector !== undefined) throw new InputError('error: name cannot be provided when a selector is specified');
  for (const arg of args) {
    const {resource, name} = kind === 'nodes' ? {resource: 'nodes' as const, name: arg} : parseNameArg(arg);
    const errs = isDNS1123Subdomain(name);
    if (errs.length > 0) throw new InputError(`error: invalid ${RESOURCES[resource].kind} name "${name}": ${errs.join('; ')}`);
  }
}
