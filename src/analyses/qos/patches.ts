// What would change the class: the exact strategic-merge patch (containers merged by name) that makes
// the pod Guaranteed, and for a BestEffort pod the one that makes it Burstable. Values come from the
// pod's own limits or requests; where a container has neither, a placeholder is used and said so.
import {Quantity} from '../../k8s/quantity.js';
import type {ContainerResources, PodResources, ResourceList} from '../../k8s/pod-defaults.js';
import {containerListField} from '../../k8s/pod-defaults.js';
import type {QosResult} from '../../k8s/qos.js';
import type {Workload} from '../../k8s/snapshot.js';
import type {Remedy} from '../../report/types.js';
import {patchCommand} from '../../report/remedy.js';
import {nestAt, podSpecRemedy, topOwner} from '../remedy/pod-spec.js';
import {pushAll} from '../../util/arrays.js';

export const PLACEHOLDER: Record<'cpu' | 'memory', string> = {cpu: '500m', memory: '512Mi'};
const BURSTABLE_PLACEHOLDER: Record<'cpu' | 'memory', string> = {cpu: '100m', memory: '128Mi'};

interface ProposedChange {
  /** The class the patch gives. */
  qosClass: 'Guaranteed' | 'Burstable';
  /** Strategic merge patch for the object (or, for a Pod, its owner's template: see `target`). */
  patchType: 'strategic';
  patch: Record<string, unknown>;
  /** What the patch does, in words. */
  summary: string[];
  /** True when some value is a placeholder to size for the workload. */
  placeholders: boolean;
  /** Where to apply it: the object itself, or a Pod's owner (pod resources cannot change the class in place). */
  target: {kind: string; namespace: string; name: string; specPath: string};
  /** The change as a remedy (docs/remedies.md): the patch of `target`, or for a bare Pod or a Job the corrected object to replace it with. */
  remedy: Remedy;
}

export interface WhatWouldChange {
  guaranteed?: ProposedChange;
  burstable?: ProposedChange;
  note?: string;
}

const positive = (q: Quantity | undefined): q is Quantity => q !== undefined && q.sign() > 0;

export {nestAt};

/** Where a patch for this workload goes. Pods go to their top owner's template when there is one. */
export function patchTarget(w: Workload): {kind: string; namespace: string; name: string; specPath: string; note?: string} {
  if (w.kind !== 'Pod') return {kind: w.kind, namespace: w.namespace, name: w.name, specPath: w.specPath};
  const note = 'the QoS class of a pod never changes after creation (a resize may not change it): change the template it comes from, or recreate the pod';
  const owner = topOwner(w);
  if (!owner) return {kind: 'Pod', namespace: w.namespace, name: w.name, specPath: 'spec', note};
  return {kind: owner.kind, namespace: w.namespace, name: owner.name, specPath: owner.specPath, note};
}

/** The kubectl command that applies a proposed change (built when rendering, not per pod in the report). */
export function kubectlCommand(t: {kind: string; namespace: string; name: string}, patch: unknown): string {
  return patchCommand(t, patch);
}

/** cpu and memory values that make one requirement set Guaranteed. */
function guaranteedValues(
  req: ResourceList | undefined,
  lim: ResourceList | undefined,
): {values: Record<string, string>; change: string[]; placeholder: boolean} {
  const values: Record<string, string> = {};
  const change: string[] = [];
  let placeholder = false;
  for (const res of ['cpu', 'memory'] as const) {
    const r = req?.get(res);
    const l = lim?.get(res);
    if (positive(r) && positive(l) && r.equals(l)) continue;
    let v: string;
    if (positive(l)) {
      v = l.toString();
      change.push(positive(r) ? `${res} request ${r.toString()} -> ${v} (= limit)` : `${res} request -> ${v} (= limit)`);
    } else if (positive(r)) {
      v = r.toString();
      change.push(`${res} limit -> ${v} (= request)`);
    } else {
      v = PLACEHOLDER[res];
      placeholder = true;
      change.push(`${res} request and limit -> ${v} (placeholder: size it)`);
    }
    values[res] = v;
  }
  return {values, change, placeholder};
}

function containersPatch(entries: {c: ContainerResources; resources: Record<string, unknown>}[]): Record<string, unknown> {
  const byList: Record<string, unknown[]> = {};
  for (const {c, resources} of entries) {
    const list = containerListField(c.type);
    (byList[list] ??= []).push({name: c.name, resources});
  }
  return byList;
}

export function whatWouldChange(w: Workload, p: PodResources, qos: QosResult): WhatWouldChange {
  const t = patchTarget(w);
  const out: WhatWouldChange = {};
  if (t.note) out.note = t.note;
  const make = (qosClass: 'Guaranteed' | 'Burstable', inner: Record<string, unknown>, summary: string[], placeholders: boolean): ProposedChange => {
    const patch = nestAt(t.specPath, inner);
    return {
      remedy: podSpecRemedy(w, `Make it ${qosClass}: ${summary.join('; ')}`, inner),
      qosClass,
      patchType: 'strategic',
      patch,
      summary,
      placeholders,
      target: {kind: t.kind, namespace: t.namespace, name: t.name, specPath: t.specPath},
    };
  };
  if (qos.qosClass !== 'Guaranteed') {
    if (qos.podLevel) {
      const g = guaranteedValues(p.pod?.requests, p.pod?.limits);
      out.guaranteed = make(
        'Guaranteed',
        {resources: {requests: g.values, limits: g.values}},
        g.change.map((c) => `pod-level ${c}`),
        g.placeholder,
      );
    } else {
      const entries: {c: ContainerResources; resources: Record<string, unknown>}[] = [];
      const summary: string[] = [];
      let placeholders = false;
      for (const c of p.containers) {
        if (c.type === 'ephemeral') continue;
        const g = guaranteedValues(c.requests, c.limits);
        if (g.change.length === 0) continue;
        placeholders ||= g.placeholder;
        entries.push({c, resources: {requests: g.values, limits: g.values}});
        pushAll(
          summary,
          g.change.map((s) => `${c.type === 'app' ? 'container' : c.type === 'sidecar' ? 'sidecar' : 'init container'} ${c.name}: ${s}`),
        );
      }
      const inner = containersPatch(entries);
      out.guaranteed = make('Guaranteed', inner, summary, placeholders);
    }
  }
  if (qos.qosClass === 'BestEffort') {
    const values = {...BURSTABLE_PLACEHOLDER};
    // A memory limit too (equal to the request): without one qos/windows-no-memory-limit flags the
    // result, and a Windows container without a limit can take the node's memory. No cpu limit keeps it Burstable.
    const resources = {requests: values, limits: {memory: values.memory}};
    const summary = [`requests cpu ${values.cpu}, memory ${values.memory}, memory limit ${values.memory} (placeholders: size them)`];
    if (qos.podLevel) {
      out.burstable = make(
        'Burstable',
        {resources},
        summary.map((s) => `pod-level ${s}`),
        true,
      );
    } else {
      const first = p.containers.find((c) => c.type === 'app') ?? p.containers.find((c) => c.type !== 'ephemeral');
      if (first) {
        out.burstable = make(
          'Burstable',
          containersPatch([{c: first, resources}]),
          summary.map((s) => `${first.name}: ${s}`),
          true,
        );
      }
    }
  }
  return out;
}
