// Small helpers to build lint findings with the right object, field path and remedy.
import type {Finding, ObjectRef, Remedy} from '../../report/types.js';
import {notServedRemedy, type NotServed} from '../../k8s/served-apis.js';
import type {UnservedObject, Workload} from '../../k8s/snapshot.js';
import {lintCheck, type LintCheckId} from './checks.js';

export function objectRef(w: Workload) {
  return {kind: w.kind, namespace: w.namespace, name: w.name};
}

export function finding(w: Workload, id: LintCheckId, field: string | undefined, message: string, remedy?: Remedy): Finding {
  const c = lintCheck(id);
  // Two literals rather than a spread: this runs for most pods, and V8 copies spreads slowly.
  const f: Finding = field !== undefined ? {id, severity: c.severity, object: objectRef(w), field, message, source: c.source} : {id, severity: c.severity, object: objectRef(w), message, source: c.source};
  if (remedy) f.remedy = remedy;
  return f;
}

export function unservedRef(u: UnservedObject): ObjectRef {
  const ns = u.object.metadata?.namespace;
  return ns !== undefined ? {kind: u.object.kind ?? '', namespace: ns, name: u.object.metadata?.name ?? ''} : {kind: u.object.kind ?? '', name: u.object.metadata?.name ?? ''};
}

/** lint/api-not-served: kubectl's words, the upstream lifecycle file, and the apiVersion to use now. */
export function notServedFinding(object: ObjectRef, apiVersion: string, n: NotServed): Finding {
  const c = lintCheck('lint/api-not-served');
  return {id: c.id, severity: c.severity, object, field: 'apiVersion', message: n.message, source: n.source, remedy: {text: notServedRemedy(object.kind, apiVersion, n)}};
}
