// Small helpers to build lint findings with the right object, field path and remedy.
import {finding as catalogueFinding, findingWithRefinedSource} from '../../report/finding.js';
import type {Finding, ObjectRef, Remedy} from '../../report/types.js';
import {notServedRemedy, type NotServed} from '../../k8s/served-apis.js';
import type {UnservedObject, Workload} from '../../k8s/snapshot.js';
import type {LintCheckId} from './checks.js';

export function objectRef(w: Workload) {
  return {kind: w.kind, namespace: w.namespace, name: w.name};
}

export function finding(w: Workload, id: LintCheckId, field: string | undefined, message: string, remedy?: Remedy): Finding {
  return catalogueFinding(id, {object: objectRef(w), field, message, remedy});
}

export function unservedRef(u: UnservedObject): ObjectRef {
  const ns = u.object.metadata?.namespace;
  return ns !== undefined
    ? {kind: u.object.kind ?? '', namespace: ns, name: u.object.metadata?.name ?? ''}
    : {kind: u.object.kind ?? '', name: u.object.metadata?.name ?? ''};
}

/** lint/api-not-served: kubectl's words, the upstream lifecycle file, and the apiVersion to use now. */
export function notServedFinding(object: ObjectRef, apiVersion: string, n: NotServed): Finding {
  return findingWithRefinedSource(
    'lint/api-not-served',
    {object, field: 'apiVersion', message: n.message, remedy: {text: notServedRemedy(object.kind, apiVersion, n)}},
    n.source,
  );
}
