// The human view's findings at human scale (issue 21): a finding on many pods of one controller is
// shown once on that controller ("Deployment web/iis: 40 of 40 pods"), and identical findings once
// with a count. -o wide and -o json|yaml keep every finding as it was made.
import type {Finding, ObjectRef} from './types.js';

/** A finding as shown: `shown` says how many it stands for, after the object. */
export type ShownFinding = Finding & {shown?: string};

function refKey(o: ObjectRef | undefined): string {
  return o ? `${o.kind}\u0000${o.namespace ?? ''}\u0000${o.name}` : '';
}

/**
 * What makes two findings the same to a reader: the check, the field and what to do; and, on objects
 * other than a controller's pods, what it says (a pod's message may name its own node: folded, the
 * first is shown and the view says they differ).
 */
function sameness(f: Finding): string {
  return [f.id, f.severity, f.field ?? '', f.owner ? '' : f.message, f.remedy ? JSON.stringify(f.remedy) : ''].join('\u0000');
}

interface Group {
  first: Finding;
  pods: Set<string>;
  times: number;
  messagesDiffer: boolean;
}

export function foldFindings(findings: readonly Finding[]): ShownFinding[] {
  const groups = new Map<string, Group>();
  for (const f of findings) {
    const key = `${f.owner ? `owner\u0000${refKey(f.owner)}` : refKey(f.object)}\u0000${sameness(f)}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = {first: f, pods: new Set(), times: 0, messagesDiffer: false}));
    g.times++;
    if (f.message !== g.first.message) g.messagesDiffer = true;
    if (f.owner && f.object) g.pods.add(f.object.name);
  }
  return [...groups.values()].map(({first, pods, times, messagesDiffer}): ShownFinding => {
    if (first.owner) {
      const {kind, namespace, name, pods: of} = first.owner;
      const differ = messagesDiffer ? ' (details differ by pod: -o wide)' : '';
      return {...first, object: {kind, namespace, name}, shown: `${pods.size} of ${of} pod${of === 1 ? '' : 's'}${differ}`};
    }
    return times > 1 ? {...first, shown: `${times} times`} : first;
  });
}
