// Small helpers to build lint findings with the right object, field path and remedy.
import type {Finding, Remedy} from '../../report/types.js';
import type {Workload} from '../../source/types.js';
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

/** A merge patch that sets `value` at the pod spec of the object: {spec: {template: {spec: value}}}. */
export function specPatch(specPath: string, value: unknown): unknown {
  return specPath.split('.').reduceRight<unknown>((acc, key) => ({[key]: acc}), value);
}
