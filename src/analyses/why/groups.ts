// One node that explains many pods: when several pods on the same node fail with the same cause
// (HNS errors on one node while it still reports Ready), that is said once, on the node.
import type {Finding} from '../../report/types.js';
import {checkOf, finding} from '../../report/finding.js';
import type {WhyCheckId} from './checks.js';
import type {WhyItem} from './analysis.js';

/** Pods failing alike on one node from which the node is named as the likely cause. */
const GROUP_MIN_PODS = 3;

export function nodeGroups(items: readonly WhyItem[]): Finding[] {
  const groups = new Map<string, {node: string; nodeReady?: string; cause: WhyCheckId; pods: WhyItem[]}>();
  for (const item of items) {
    const cause = item.causes[0];
    if (!item.node || !cause || cause.family === 'scheduling' || cause.family === 'admission') continue;
    const k = `${item.node}\u0000${cause.id}`;
    const g = groups.get(k) ?? {node: item.node, nodeReady: item.nodeReady, cause: cause.id, pods: []};
    g.pods.push(item);
    groups.set(k, g);
  }
  const out: Finding[] = [];
  for (const g of groups.values()) {
    if (g.pods.length < GROUP_MIN_PODS) continue;
    const title = checkOf(g.cause).title;
    const ready = g.nodeReady ? `; the node reports Ready=${g.nodeReady}` : '';
    const namespaces = new Set(g.pods.map((p) => p.namespace)).size;
    out.push(
      finding('why/node-explains-many', {
        object: {kind: 'Node', name: g.node},
        message: `${g.node}: ${g.pods.length} pods${namespaces > 1 ? ` in ${namespaces} namespaces` : ''} fail with ${g.cause} (${title})${ready}`,
        remedy: {
          text: `The node, not the pods: fix it there once (${g.pods[0].causes[0].fix}), or cordon and drain ${g.node} and let the pods be recreated elsewhere.`,
        },
      }),
    );
  }
  return out;
}
