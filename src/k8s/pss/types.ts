// The shapes the checks read: raw pod JSON (as the API serves it or a manifest holds it), with only
// the fields Pod Security looks at. A JSON `null` counts as unset, like a nil pointer in Go.
import type {Version} from './api.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- PSA reads a pod as JSON: the fields it checks are typed, the rest pass through */
export interface PodMeta {
  name?: string;
  annotations?: Record<string, string> | null;
  [key: string]: any;
}

export interface SecurityContextLike {
  allowPrivilegeEscalation?: boolean | null;
  privileged?: boolean | null;
  procMount?: string | null;
  runAsNonRoot?: boolean | null;
  runAsUser?: number | null;
  capabilities?: {add?: string[] | null; drop?: string[] | null} | null;
  seccompProfile?: {type?: string; localhostProfile?: string} | null;
  appArmorProfile?: {type?: string; localhostProfile?: string} | null;
  seLinuxOptions?: {user?: string; role?: string; type?: string; level?: string} | null;
  windowsOptions?: {hostProcess?: boolean | null; runAsUserName?: string | null; [key: string]: any} | null;
  sysctls?: {name: string; value?: string}[] | null;
  [key: string]: any;
}

export interface HandlerLike {
  httpGet?: {host?: string; [key: string]: any} | null;
  tcpSocket?: {host?: string; [key: string]: any} | null;
  [key: string]: any;
}

export interface ContainerLike {
  name: string;
  securityContext?: SecurityContextLike | null;
  ports?: {hostPort?: number | null; [key: string]: any}[] | null;
  livenessProbe?: HandlerLike | null;
  readinessProbe?: HandlerLike | null;
  startupProbe?: HandlerLike | null;
  lifecycle?: {postStart?: HandlerLike | null; preStop?: HandlerLike | null} | null;
  [key: string]: any;
}

export interface PodSpecLike {
  containers?: ContainerLike[] | null;
  initContainers?: ContainerLike[] | null;
  ephemeralContainers?: ContainerLike[] | null;
  securityContext?: SecurityContextLike | null;
  hostNetwork?: boolean | null;
  hostPID?: boolean | null;
  hostIPC?: boolean | null;
  hostUsers?: boolean | null;
  os?: {name?: string} | null;
  volumes?: {name: string; [key: string]: any}[] | null;
  [key: string]: any;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** policy.CheckResult: allowed, or a short reason and an optional detail. */
export interface CheckResult {
  allowed: boolean;
  forbiddenReason?: string;
  forbiddenDetail?: string;
}

export type CheckPodFn = (meta: PodMeta, spec: PodSpecLike) => CheckResult;

type CheckLevel = 'baseline' | 'restricted';

export interface VersionedCheck {
  /** The first policy version this implementation applies to. */
  minimumVersion: Version & {latest: false};
  checkPod: CheckPodFn;
  /** Baseline checks this restricted check replaces at this version. */
  overrideCheckIDs?: string[];
}

/** policy.Check: one control of the Pod Security Standards, with its versioned implementations. */
export interface Check {
  id: string;
  level: CheckLevel;
  versions: VersionedCheck[];
}

export const ALLOWED: CheckResult = Object.freeze({allowed: true});
