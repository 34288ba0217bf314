// A baseline (`--write-baseline FILE`, `--baseline FILE`): today's findings by stable keys, so a
// pipeline fails only on new ones (docs/ci.md, "Baseline"). A key is the check id, the object and
// the field. A controller's pod is keyed by its top owner (the Deployment, not `web-7d4b9-x2k8q`),
// and so is a template object a controller made (the Deployment's current ReplicaSet, live): their
// names change with every rollout, the owner and the field path do not. Pure: the CLI writes the
// file, the Source reads it.
import {stringify} from 'yaml';
import type {BaselineEntry, Finding, ObjectRef} from './types.js';
import {byCodeUnit} from '../util/text-order.js';

/** Its controller by objectText (`Kind/namespace/name`), for template objects a controller made (ObjectFacts.controllers). */
export type Controllers = ReadonlyMap<string, ObjectRef>;

/** `Kind/namespace/name`, or `Kind/name` for a cluster-scoped object. */
export function objectText(ref: ObjectRef): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}

const BASELINE_KIND = 'Baseline';

/** The finding's key: its owner when it is a controller's pod or made object, else its object. */
export function baselineEntryOf(f: Finding, controllers?: Controllers): BaselineEntry {
  const ref = f.owner ?? (f.object && controllers?.get(objectText(f.object))) ?? f.object;
  const object: ObjectRef | undefined = ref ? {kind: ref.kind, ...(ref.namespace !== undefined ? {namespace: ref.namespace} : {}), name: ref.name} : undefined;
  return {id: f.id, ...(object ? {object} : {}), ...(f.field !== undefined ? {field: f.field} : {})};
}

export function baselineKey(e: BaselineEntry): string {
  return [e.id, e.object?.kind ?? '', e.object?.namespace ?? '', e.object?.name ?? '', e.field ?? ''].join('\u0000');
}

/** Each key once, sorted by key: the same findings always give the same file. */
export function baselineEntries(findings: readonly Finding[], controllers?: Controllers): BaselineEntry[] {
  const byKey = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const e = baselineEntryOf(f, controllers);
    byKey.set(baselineKey(e), e);
  }
  return [...byKey.keys()].sort(byCodeUnit).map((k) => byKey.get(k)!);
}

/** The baseline file's text (`command`: the command line that wrote it): versioned YAML, one entry per key, nothing that changes from run to run. */
export function baselineDocument(entries: readonly BaselineEntry[], command: string): string {
  const header = `# ${command} --write-baseline: findings to accept; --baseline FILE fails only on others (docs/ci.md)\n`;
  return header + stringify({apiVersion: 'kubectl-win.io/v1', kind: BASELINE_KIND, findings: entries}, {lineWidth: 0});
}
