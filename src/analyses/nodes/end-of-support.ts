// doctor's end-of-support line: one info finding per Windows node pool whose Windows Server version
// has a published end of support (Microsoft's lifecycle, or the AKS node image retirement for AKS
// pools) within 12 months of the command's clock, or already past with nothing left after it.
import type {KubeObject} from '../../k8s/object.js';
import {groupPools, isAksNode, nodeWindowsBuild} from '../../k8s/node-pools.js';
import {releaseForBuild} from '../../k8s/windows-builds.js';
import {supportEndsNear} from '../../k8s/windows-lifecycle.js';
import {finding} from '../../report/finding.js';
import type {Finding} from '../../report/types.js';

export function endOfSupportFindings(windowsNodes: readonly KubeObject[], now: number): Finding[] {
  const out: Finding[] = [];
  for (const pool of groupPools(windowsNodes)) {
    const build = nodeWindowsBuild(pool.nodes[0]);
    if (build === undefined) continue;
    const ends = supportEndsNear(build, now, pool.nodes.some(isAksNode));
    if (ends.length === 0) continue;
    const product = releaseForBuild(build)?.product ?? `Windows build ${build}`;
    const words = ends.map((e) => `${e.what} ${e.past ? 'was' : 'is'} ${e.date} (${e.source})`).join('; ');
    out.push(
      finding('nodes/windows-end-of-support', {
        object: {kind: 'NodePool', name: pool.name},
        message: `${product} on ${pool.nodes.length} node${pool.nodes.length === 1 ? '' : 's'}: ${words}`,
        remedy: {text: 'Plan the move to a newer Windows Server version: kubectl win upgrade-plan --to 2025 shows what breaks'},
      }),
    );
  }
  return out;
}
