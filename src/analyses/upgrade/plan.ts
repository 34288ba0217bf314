// The plan's items: one per Windows node pool and one per Windows workload, each with its verdict.
import type {Isolation} from '../../k8s/windows-compat.js';

export type Verdict = 'ready' | 'blocked' | 'unknown';

export interface ImagePlan {
  container: string;
  image: string;
  /** The Windows builds it has, "10.0.BUILD"; empty when not known. */
  builds: string[];
  evidence: 'registry' | 'tag' | 'none';
  detail: string;
  /** Whether it runs on the target build under the workload's isolation; null when not known. */
  runs: boolean | null;
}

export interface WorkloadPlan {
  type: 'workload';
  kind: string;
  namespace: string;
  name: string;
  /** Pods read (0 for a template with no pods read). */
  pods: number;
  replicas?: number;
  /** The pools its pods run on (or, with no pods, the Windows pools it can land on). */
  pools: string[];
  isolation: Isolation;
  images: ImagePlan[];
  verdict: Verdict;
  /** The findings' messages, most severe first. */
  reasons: string[];
}

export interface PoolPlan {
  type: 'pool';
  name: string;
  /** The label that names the pool (AKS, EKS, GKE pool label, or the windows-build label). */
  label: string;
  build: string | null;
  release: string | null;
  /** Already at the target build: nothing moves. */
  atTarget: boolean;
  nodes: string[];
  kubeletVersions: string[];
  runtimeVersions: string[];
  /** Sandbox images the nodes hold (node.status.images). */
  pauseImages: string[];
  /** Windows workloads on it. */
  workloads: number;
  /** Bytes each new node pulls for the images its workloads use, where node.status.images sizes them. */
  pullBytesPerNode: number;
  /** Images with no size in node.status.images (not counted in pullBytesPerNode). */
  unsizedImages: number;
  verdict: Verdict | 'target';
  reasons: string[];
}

export type UpgradePlanItem = PoolPlan | WorkloadPlan;
