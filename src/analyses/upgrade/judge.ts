// One Windows workload judged against the target build: its images under its isolation, its pins,
// the target pool's taints, its HostProcess mounts, its CNI, and its drain risk.
import type {V1Container} from '@kubernetes/client-node';
import type {KubeObject} from '../../k8s/object.js';
import {finding} from '../../report/finding.js';
import type {Finding} from '../../report/types.js';
import {hostRunsImage, retaggedImage, type Isolation} from '../../k8s/windows-compat.js';
import {describeBuild} from '../../k8s/windows-image.js';
import {runtimeClassOf} from '../../k8s/windows-pod.js';
import {podSpecRemedy} from '../remedy/pod-spec.js';
import {inferFromTag, type ImageBuilds} from './images.js';
import {buildPinFindings, taintFindings} from './pins.js';
import {cniFinding, hostProcessMountFinding} from './node-side.js';
import {drainFindings} from './drain.js';
import {objectOf, specPathOf} from './judged.js';
import type {ImagePlan} from './plan.js';
import type {FoldedWorkload} from './workloads.js';

/** What a workload is judged against. */
export interface Target {
  build: number;
  runtimeClasses: readonly KubeObject[];
  pdbs?: readonly KubeObject[];
  images: ReadonlyMap<string, ImageBuilds>;
  /** A node of the target build, when one was read (its pool's taints and runtime). */
  node?: KubeObject;
  pool?: string;
}

// Hyper-V isolation on Kubernetes is a containerd runtime handler configured with SandboxIsolation=1;
// by convention (kubernetes-sigs/sig-windows-tools, hcsshim) its name ends in "hypervisor"
// (runhcs-wcow-hypervisor). Every other pod runs process-isolated.
export function isolationOf(f: FoldedWorkload, runtimeClasses: readonly KubeObject[]): Isolation {
  const rc = runtimeClassOf(f.spec, runtimeClasses);
  return /hypervisor/i.test(String(rc?.handler ?? '')) ? 'hyperv' : 'process';
}

const containersOf = (f: FoldedWorkload) => [
  ...(f.spec.initContainers ?? []).map((c, i) => ({c, list: 'initContainers' as const, i})),
  ...f.spec.containers.map((c, i) => ({c, list: 'containers' as const, i})),
];

function imageFinding(
  f: FoldedWorkload,
  at: {c: V1Container; list: 'initContainers' | 'containers'; i: number},
  plan: ImagePlan,
  t: Target,
  isolation: Isolation,
): Finding | undefined {
  const field = `${specPathOf(f)}.${at.list}[${at.i}].image`;
  if (plan.runs === null) {
    return finding('upgrade/image-build-unknown', {
      object: objectOf(f),
      field,
      message: `container "${at.c.name}" image ${plan.image}: its Windows build is not known (${plan.detail}); it runs on ${describeBuild(t.build)} only if it has that build (or, process-isolated on 2025, 2022)`,
      remedy: {text: 'Use a tag that names the Windows build (e.g. :ltsc2025), or read the image’s manifest list with --registry'},
    });
  }
  if (plan.runs) return undefined;
  const newer = retaggedImage(plan.image, t.build);
  const text = newer
    ? `Use ${newer} (the same image for ${describeBuild(t.build)}; check that the tag is published)`
    : `Rebuild the image on a ${describeBuild(t.build)} base image`;
  return finding('upgrade/image-incompatible', {
    object: objectOf(f),
    field,
    message: `container "${at.c.name}" image ${plan.image} (${plan.detail}) does not run on ${describeBuild(t.build)} under ${isolation === 'hyperv' ? 'Hyper-V' : 'process'} isolation`,
    remedy: newer ? podSpecRemedy(f.source, text, {[at.list]: [{name: at.c.name, image: newer}]}) : {text},
  });
}

// HostProcess containers run on the host: their image's build need not match it
// (kubernetes/website tasks/configure-pod-container/create-hostprocess-pod.md, "Base Image").
const isHostProcess = (f: FoldedWorkload, c: V1Container) =>
  (c.securityContext?.windowsOptions?.hostProcess ?? f.spec.securityContext?.windowsOptions?.hostProcess) === true;

export function imagePlans(f: FoldedWorkload, t: Target, isolation: Isolation): {plans: ImagePlan[]; findings: Finding[]} {
  const plans: ImagePlan[] = [];
  const findings: Finding[] = [];
  for (const at of containersOf(f)) {
    const image = at.c.image ?? '';
    if (isHostProcess(f, at.c)) {
      plans.push({container: at.c.name, image, builds: [], evidence: 'none', detail: 'HostProcess: runs on the host, any build', runs: true});
      continue;
    }
    const b = t.images.get(image) ?? inferFromTag(image);
    const runs = b.builds.length === 0 ? null : b.builds.some((x) => hostRunsImage(t.build, x, isolation));
    const plan: ImagePlan = {container: at.c.name, image, builds: b.builds.map((x) => `10.0.${x}`), evidence: b.evidence, detail: b.detail, runs};
    plans.push(plan);
    const fnd = imageFinding(f, at, plan, t, isolation);
    if (fnd) findings.push(fnd);
  }
  return {plans, findings};
}

/** Every finding on one workload; `runtimes`: the container runtimes of the pools it is on; `moves`: some of them move. */
export function workloadFindings(f: FoldedWorkload, t: Target, runtimes: readonly string[], moves: boolean): Finding[] {
  const out = buildPinFindings(f, t.build);
  for (const x of t.node ? taintFindings(f, t.node, t.pool ?? '') : []) out.push(x);
  const hp = hostProcessMountFinding(f, runtimes, t.node?.status?.nodeInfo?.containerRuntimeVersion);
  if (hp) out.push(hp);
  const cni = cniFinding(f, t.build);
  if (cni) out.push(cni);
  if (moves) for (const x of drainFindings(f, t.pdbs)) out.push(x);
  return out;
}
