// In-place resize state of a pod (kubernetes/website tasks/configure-pod-container/resize-container-resources.md):
// resizePolicy per container, status.containerStatuses[].allocatedResources (what the kubelet admitted)
// and .resources (what runs), and the state: status.resize (1.27-1.32: Proposed, InProgress, Deferred,
// Infeasible) or the conditions PodResizePending (reason Infeasible or Deferred) and PodResizeInProgress
// (failures: reason Error) from 1.33. Windows pods cannot be resized: kubernetes/kubernetes
// pkg/apis/core/validation/validation.go ValidatePodResize returns `windows pods cannot be resized`.

export const WINDOWS_RESIZE_MESSAGE = 'windows pods cannot be resized';

type ResizeState = 'none' | 'proposed' | 'in-progress' | 'deferred' | 'infeasible' | 'error';

interface ResizeCondition {
  type: string;
  status?: string;
  reason?: string;
  message?: string;
}

export interface ResizeInfo {
  /** False for Windows pods (spec.os.name windows), with the apiserver's reason, and before v1.27. */
  supported: boolean;
  reason?: string;
  /** The feature gate's state at the chosen minor, when it is not simply on. */
  gate?: string;
  state: ResizeState;
  /** status.resize as served (1.27-1.32). */
  status?: string;
  conditions: ResizeCondition[];
  /** resizePolicy entries the spec sets, per container. */
  policies: {container: string; resourceName: string; restartPolicy: string}[];
}

interface RawContainer {
  name?: string;
  resizePolicy?: {resourceName?: string; restartPolicy?: string}[];
}

/** Gate InPlacePodVerticalScaling: alpha (off) from v1.27, beta (on) from v1.33 (pkg/features/kube_features.go). */
const RESIZE_ALPHA_MINOR = 27;
const RESIZE_BETA_MINOR = 33;

export function resizeInfo(
  spec: {containers?: RawContainer[]; initContainers?: RawContainer[]; os?: {name?: string}},
  status: Record<string, unknown> | undefined,
  minor = RESIZE_BETA_MINOR,
): ResizeInfo {
  const windows = spec.os?.name === 'windows';
  // Plain loops: this runs for every pod, and most have no policy and no resize condition.
  const policies: ResizeInfo['policies'] = [];
  for (const list of [spec.initContainers, spec.containers]) {
    for (const c of list ?? []) {
      for (const p of c.resizePolicy ?? [])
        policies.push({container: c.name ?? '', resourceName: p.resourceName ?? '', restartPolicy: p.restartPolicy ?? 'NotRequired'});
    }
  }
  const conditions: ResizeCondition[] = [];
  for (const c of (status?.conditions as ResizeCondition[] | undefined) ?? []) {
    if ((c.type === 'PodResizePending' || c.type === 'PodResizeInProgress') && c.status === 'True') conditions.push(c);
  }
  const legacy = typeof status?.resize === 'string' ? (status.resize as string) : undefined;
  let state: ResizeState = 'none';
  const pending = conditions.find((c) => c.type === 'PodResizePending');
  const inProgress = conditions.find((c) => c.type === 'PodResizeInProgress');
  if (pending) state = pending.reason === 'Infeasible' ? 'infeasible' : 'deferred';
  else if (inProgress) state = inProgress.reason === 'Error' ? 'error' : 'in-progress';
  else if (legacy)
    state =
      ({Proposed: 'proposed', InProgress: 'in-progress', Deferred: 'deferred', Infeasible: 'infeasible'} as Record<string, ResizeState>)[legacy] ?? 'none';
  const tooOld = minor < RESIZE_ALPHA_MINOR;
  const supported = !windows && !tooOld;
  const reason = windows ? WINDOWS_RESIZE_MESSAGE : tooOld ? `in-place resize does not exist before v1.${RESIZE_ALPHA_MINOR}` : undefined;
  if (minor >= RESIZE_ALPHA_MINOR && minor < RESIZE_BETA_MINOR) {
    const gate = `InPlacePodVerticalScaling is alpha and off by default in v1.${minor} (beta, on, from v1.${RESIZE_BETA_MINOR})`;
    return {supported, reason, gate, state, status: legacy, conditions, policies};
  }
  return {supported, reason, state, status: legacy, conditions, policies};
}
