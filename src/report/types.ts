// The report envelope every command prints with -o json|yaml (DESIGN.md, "Report"). A contract:
// fields may be added, never renamed.
import type {InputProblem, Skipped, SourceInfo, SourceLocation} from '../k8s/snapshot.js';
import type {CheckId} from './all-checks.js';

// What a snapshot records (kinds it could not read, input it could not read, where it read from)
// is the Snapshot's vocabulary, below every layer; the envelope carries it as it is.
export type {InputProblem, Skipped, SourceInfo, SourceLocation};

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Record<Severity, number> = {info: 1, warning: 2, error: 3};

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** A pod's top owner (the Deployment of its ReplicaSet, the CronJob of its Job) and how many of its pods the run checked. */
export interface OwnerRef extends ObjectRef {
  pods: number;
}

/** The object a remedy's machine action changes (docs/remedies.md). */
export interface RemedyTarget {
  kind: string;
  apiVersion?: string;
  namespace?: string;
  name: string;
}

/**
 * What to do about a finding (docs/remedies.md, "The remedy contract"): human `text`, plus at most
 * one machine action: a strategic-merge `patch` of `target`, a `manifest` of whole objects (applied
 * with `kubectl apply -f -`, or for an object that cannot change in place `kubectl replace --force
 * -f -`, which deletes and recreates `target`), or exact `command` lines to run.
 */
export interface Remedy {
  text: string;
  /** Which object the patch or manifest changes. Set with every patch and manifest. */
  target?: RemedyTarget;
  /** A strategic-merge patch of `target` (kubectl patch --type strategic). */
  patch?: unknown;
  /** Whole objects as YAML, one document each. */
  manifest?: string;
  /** How the manifest is applied: `apply` (default) or `replace` (kubectl replace --force: recreated). */
  apply?: 'apply' | 'replace';
  /** Shell command lines to run, one per line, each complete (nothing to fill in). */
  command?: string;
}

export interface Finding {
  /** Stable id listed in docs/checks.md, e.g. lint/run-as-username-invalid. Made by finding() (src/report/finding.ts). */
  id: CheckId;
  severity: Severity;
  object?: ObjectRef;
  /** When `object` is a controller's pod: that controller (what the human view folds the pods into). */
  owner?: OwnerRef;
  /** Kubernetes field path as the apiserver prints it, e.g. spec.containers[1].securityContext. */
  field?: string;
  /** Where the apiserver has a message for the same problem, that message word for word. */
  message: string;
  /** The upstream file the rule follows, e.g. "kubernetes/kubernetes pkg/apis/core/validation/validation.go". */
  source?: string;
  remedy?: Remedy;
  /** Where `field` (or the object, when no field) is in the user's file: manifests only (issue 22). */
  location?: SourceLocation;
}

/** Why a finding does not count (issue 22): an ignore annotation, the config file, or the baseline. */
export interface Suppression {
  by: 'annotation' | 'config' | 'baseline';
  /** `kubectl-win.io/ignore-reason`, or the config rule's reason. */
  reason?: string;
  /** What suppressed it: the annotated object (`Deployment/ns/name`), the config file and rule, or the baseline file. */
  where: string;
}

/** A finding a suppression took out of `findings`: listed, counted, never failing the run. */
export interface SuppressedFinding extends Finding {
  suppression: Suppression;
}

/** A finding's stable key in a baseline file (`--write-baseline`, `--baseline`). */
export interface BaselineEntry {
  id: CheckId;
  object?: ObjectRef;
  field?: string;
}

/**
 * Whether one kind was read whole (issue 16, "Reads never lie"). A `primary` kind is one the
 * requested checks examine (pods and workloads for the per-pod analyses, nodes for `nodes`, ...):
 * when such a read is not complete, the run is incomplete (exit 4). Secondary kinds only add
 * detail: their failure stays a `skipped` entry.
 */
export interface ReadStatus {
  /** The resource as RBAC names it: `pods`, `deployments.apps`, `gmsacredentialspecs.windows.k8s.io`. */
  resource: string;
  /** The namespace listed; absent: all namespaces, or a cluster-scoped kind. */
  namespace?: string;
  primary: boolean;
  complete: boolean;
  /** Objects read (complete reads only). */
  count?: number;
  /** Why the read is not complete: the source's words (forbidden, failed, partial: ...). */
  reason?: string;
  /** The RBAC permission that would allow the read, e.g. `list pods at cluster scope`. */
  rule?: string;
}

export interface Summary {
  error: number;
  warning: number;
  info: number;
}

export interface Report<Item = unknown> {
  apiVersion: 'kubectl-win/v1';
  kind: string;
  source: SourceInfo;
  items: Item[];
  findings: Finding[];
  skipped: Skipped[];
  /** Per kind read: complete or not, primary or not (kubectl-win/v1 addition; empty when nothing was listed). */
  reads: ReadStatus[];
  /** Present only when some input could not be read (exit 2 after the output). */
  inputErrors?: InputProblem[];
  summary: Summary;
  /** Findings taken out by a suppression (issue 22); absent when none was. Not counted in `summary`. */
  suppressed?: SuppressedFinding[];
  /** With `--baseline FILE`: the baseline's entries no finding matched any more (fixed since). */
  baselineFixed?: BaselineEntry[];
  /**
   * Set when the items were only counted, not kept (doctor's QoS: `items` is then empty). Doctor
   * reads it; no command prints such a report.
   */
  itemCount?: number;
}
