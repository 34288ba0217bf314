// A namespace's evaluations from the visits until finish (issue 23). Every pod is kept until the
// stream ends: which pods count under a template is known only once the templates, streamed after
// the pods, are seen. A pod whose evaluation matches an earlier pod's in everything but its name
// (the pods of one ReplicaSet, mostly) keeps only its name and that earlier evaluation: two array
// slots instead of an object of a dozen fields. finish makes each pod its own object again, equal
// to what evaluateWorkload made (same keys, same order, same values).
import type {PodEvaluation} from './evaluate.js';

/** How many recent evaluations a pod is compared with: the pods of a few workloads interleave in name order. */
const RECENT = 8;

export class HeldEvaluations {
  /** Per visit: the pod's name when `kept[i]` is another pod's evaluation; undefined when it is its own. */
  private readonly names: Array<string | undefined> = [];
  private readonly kept: PodEvaluation[] = [];
  /** The last few evaluations others may share (a ring): compared field by field, nothing indexed. */
  private readonly recent: PodEvaluation[] = [];
  private next = 0;

  get length(): number {
    return this.kept.length;
  }

  /** Keeps `e`. `own`: an evaluation the run refers to by identity (its enforce message, remedies), kept as is. */
  add(e: PodEvaluation, own: boolean): void {
    const alike = own || e.template ? undefined : this.alike(e);
    this.names.push(alike ? e.name : undefined);
    this.kept.push(alike ?? e);
    if (alike || own || e.template) return;
    this.recent[this.next] = e;
    this.next = (this.next + 1) % RECENT;
  }

  private alike(e: PodEvaluation): PodEvaluation | undefined {
    for (const r of this.recent) if (sameButName(r, e)) return r;
    return undefined;
  }

  /** Every evaluation in visit order, each pod its own object (finish marks some `countedUnder`). */
  all(): PodEvaluation[] {
    const out = new Array<PodEvaluation>(this.kept.length);
    for (let i = 0; i < out.length; i++) {
      const name = this.names[i];
      out[i] = name === undefined ? this.kept[i] : {...this.kept[i], name};
    }
    return out;
  }
}

/**
 * Equal in every field but the name. Objects by identity (the violations and messages are shared
 * already, evaluate.ts), but for the runAsNonRoot notes, which are made per pod. The same keys come
 * in the same order: evaluateWorkload sets them in one order, the optional ones only when defined.
 */
function sameButName(a: PodEvaluation, b: PodEvaluation): boolean {
  let keys = 0;
  for (const k in a) {
    keys++;
    const key = k as keyof PodEvaluation;
    if (key === 'name' || a[key] === b[key]) continue;
    if (key !== 'runAsNonRoot' || JSON.stringify(a[key]) !== JSON.stringify(b[key])) return false;
  }
  for (const k in b) if (k && --keys < 0) return false;
  return keys === 0;
}
