// Seeded generator of pods that hit every Pod Security check's edge cases (Linux and Windows), and
// are valid for kube-apiserver v1.34 in every other respect, so a rejection in a namespace that
// enforces a Pod Security level can only come from Pod Security Admission.
// Validity rules kept (kubernetes/kubernetes pkg/apis/core/validation/validation.go): Windows pods
// carry no Linux-only fields; HostProcess needs hostNetwork and every container HostProcess;
// allowPrivilegeEscalation=false excludes privileged and CAP_SYS_ADMIN; with hostNetwork a hostPort
// equals its containerPort; no duplicate hostPorts; no net/ipc sysctls with host namespaces;
// procMount Unmasked only with hostUsers=false, which excludes host namespaces; AppArmor annotations
// only for existing containers and consistent with their fields; probes and lifecycle only on
// regular containers.
import type {KubeObject} from '../../../src/k8s/object.js';

import {Gen} from '../../support/random.js';

const CAPS = ['NET_BIND_SERVICE', 'CHOWN', 'KILL', 'SETUID', 'NET_RAW', 'SYS_TIME', 'SYS_PTRACE', 'AUDIT_WRITE', 'MKNOD', 'ALL', 'NET_ADMIN'];
const SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t', 'spc_t', 'unconfined_t'];
const SYSCTLS = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
  'net.core.somaxconn',
  'kernel.msgmax',
  'kernel.sem',
];
const HOSTS = ['10.0.0.1', 'example.com', '127.0.0.1', 'metadata.internal'];
const HOST_PORTS = [80, 443, 8080, 9000, 30000];

type Os = 'linux' | 'linux-unset' | 'windows' | 'windows-unset';

export interface GeneratedPod {
  pod: KubeObject;
  os: Os;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- twists edit any field of a generated pod spec, as JSON */
function seccomp(r: Gen): any {
  return r.pick([{type: 'RuntimeDefault'}, {type: 'Localhost', localhostProfile: 'profiles/audit.json'}, {type: 'Unconfined'}]);
}

function apparmor(r: Gen): any {
  return r.pick([{type: 'RuntimeDefault'}, {type: 'Localhost', localhostProfile: 'k8s-apparmor-example'}, {type: 'Unconfined'}]);
}

function selinux(r: Gen): any {
  return r.pick([
    {type: r.pick(SELINUX_TYPES)},
    {type: r.pick(SELINUX_TYPES), level: 's0:c123,c456'},
    {user: 'system_u', type: 'container_t'},
    {role: 'object_r'},
    {user: 'u', role: 'r', type: r.pick(SELINUX_TYPES)},
  ]);
}

function handler(r: Gen, port: number): any {
  const withHost = r.chance(0.35);
  return r.chance(0.5)
    ? {httpGet: {path: '/healthz', port, ...(withHost ? {host: r.pick(HOSTS)} : {})}}
    : {tcpSocket: {port, ...(withHost ? {host: r.pick(HOSTS)} : {})}};
}

/**
 * A pod that meets restricted (Linux) or restricted-with-exemptions (Windows), then at most one or
 * two twists, each an edge case of one check: the boundary cases random pods rarely reach.
 */
function nearlyRestricted(r: Gen, name: string, namespace: string): GeneratedPod {
  const os: Os = r.pick(['linux', 'linux-unset', 'windows', 'windows', 'windows-unset'] as const);
  const windows = os === 'windows';
  const linuxFields = !windows;
  const spec: any = {};
  if (os === 'linux') spec.os = {name: 'linux'};
  if (windows) spec.os = {name: 'windows'};
  if (os === 'windows' || os === 'windows-unset') spec.nodeSelector = {'kubernetes.io/os': 'windows'};
  spec.securityContext = {runAsNonRoot: true, ...(linuxFields ? {seccompProfile: {type: 'RuntimeDefault'}} : {})};
  if (os !== 'linux' && os !== 'linux-unset' && r.chance(0.5)) spec.securityContext.windowsOptions = {runAsUserName: 'ContainerUser'};
  const ctr = (n: string) => ({
    name: n,
    image: 'registry.k8s.io/pause:3.10',
    ...(linuxFields ? {securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: ['ALL']}}} : {}),
  });
  spec.containers = [ctr('app'), ...(r.chance(0.4) ? [ctr('sidecar')] : [])];
  if (r.chance(0.3)) spec.initContainers = [ctr('setup')];
  const metadata: any = {name, namespace};
  const twists: ((s: any) => void)[] = [
    (s) => (s.securityContext.runAsNonRoot = false),
    (s) => delete s.securityContext.runAsNonRoot,
    (s) => (s.containers[0].securityContext = {...(s.containers[0].securityContext ?? {}), runAsNonRoot: false}),
    (s) => {
      s.containers[0].securityContext = {...(s.containers[0].securityContext ?? {}), runAsNonRoot: true};
      delete s.securityContext.runAsNonRoot;
    },
    (s) => (s.volumes = [{name: 'data', emptyDir: {}}, {name: 'cfg', configMap: {name: 'c'}}, {name: 'empty'}]),
    (s) => (s.volumes = [{name: 'logs', hostPath: {path: windows ? 'C:\\logs' : '/var/log'}}]),
    (s) => (s.volumes = [{name: 'share', nfs: {server: 'nfs', path: '/x'}}]),
    (s) => (s.containers[0].ports = [{containerPort: 8080, hostPort: 8080}]),
    (s) => (s.containers[0].livenessProbe = {httpGet: {port: 8080, host: '10.1.2.3'}}),
    (s) => (s.containers[0].readinessProbe = {tcpSocket: {port: 8080}}),
    (s) => (s.containers[0].lifecycle = {preStop: {tcpSocket: {port: 8080, host: 'localhost'}}}),
    (s) => (s.hostNetwork = true),
    ...(windows
      ? []
      : [
          (s: any) => (s.hostPID = true),
          (s: any) => delete s.securityContext.seccompProfile,
          (s: any) => (s.securityContext.seccompProfile = {type: 'Unconfined'}),
          (s: any) => {
            s.containers[0].securityContext.seccompProfile = {type: 'Localhost', localhostProfile: 'p.json'};
            delete s.securityContext.seccompProfile;
          },
          (s: any) => delete s.containers[0].securityContext.allowPrivilegeEscalation,
          (s: any) => (s.containers[0].securityContext.allowPrivilegeEscalation = true),
          (s: any) => (s.containers[0].securityContext.capabilities = {drop: ['ALL'], add: ['NET_BIND_SERVICE']}),
          (s: any) => (s.containers[0].securityContext.capabilities = {drop: ['ALL'], add: ['CHOWN']}),
          (s: any) => (s.containers[0].securityContext.capabilities = {drop: ['ALL'], add: ['NET_RAW']}),
          (s: any) => (s.containers[0].securityContext.capabilities = {drop: ['NET_RAW']}),
          (s: any) => delete s.containers[0].securityContext.capabilities,
          (s: any) => (s.containers[0].securityContext.runAsUser = 0),
          (s: any) => (s.securityContext.runAsUser = 1000),
          (s: any) => (s.securityContext.seLinuxOptions = {type: r.pick(SELINUX_TYPES)}),
          (s: any) => (s.securityContext.seLinuxOptions = {level: 's0:c1,c2'}),
          (s: any) => (s.securityContext.appArmorProfile = apparmor(r)),
          () =>
            (metadata.annotations = {
              ...metadata.annotations,
              'container.apparmor.security.beta.kubernetes.io/app': r.pick(['runtime/default', 'unconfined', 'localhost/prof']),
            }),
          // The deprecated seccomp annotations (read by policy versions before v1.19); they must match
          // any field they sit beside, so the pod-level field goes.
          (s: any) => {
            delete s.securityContext.seccompProfile;
            metadata.annotations = {
              ...metadata.annotations,
              'seccomp.security.alpha.kubernetes.io/pod': r.pick(['runtime/default', 'docker/default', 'unconfined', 'localhost/p.json']),
            };
            if (r.chance(0.5) && !s.containers[0].securityContext.seccompProfile) {
              metadata.annotations['container.seccomp.security.alpha.kubernetes.io/app'] = r.pick(['runtime/default', 'unconfined']);
            }
          },
          (s: any) => (s.securityContext.sysctls = [{name: r.pick(SYSCTLS), value: '1'}]),
          (s: any) => (s.containers[0].securityContext.procMount = 'Default'),
          (s: any) => {
            s.hostUsers = false;
            s.containers[0].securityContext.procMount = 'Unmasked';
          },
          (s: any) => {
            s.hostUsers = false;
            s.securityContext.runAsNonRoot = false;
            s.securityContext.runAsUser = 0;
          },
        ]),
    ...(os === 'linux' || os === 'linux-unset'
      ? []
      : [
          (s: any) => {
            s.hostNetwork = true;
            s.securityContext.windowsOptions = {hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM'};
          },
          (s: any) => (s.securityContext.windowsOptions = {runAsUserName: 'ContainerAdministrator'}),
          (s: any) => (s.containers[0].securityContext = {windowsOptions: {hostProcess: false}}),
        ]),
  ];
  const n = r.pick([0, 1, 1, 1, 2]);
  for (let i = 0; i < n; i++) r.pick(twists)(spec);
  // Keep the twists valid together: sysctls exclude host namespaces; Unmasked needs hostUsers=false.
  if ((spec.hostNetwork || spec.hostPID) && spec.hostUsers === false) delete spec.hostUsers;
  if (spec.hostUsers !== false) for (const c of spec.containers) if (c.securityContext?.procMount === 'Unmasked') c.securityContext.procMount = 'Default';
  if (spec.hostNetwork && spec.securityContext.sysctls) delete spec.securityContext.sysctls;
  if (spec.hostNetwork) for (const c of spec.containers) for (const p of c.ports ?? []) p.hostPort = p.containerPort;
  if (spec.securityContext.windowsOptions?.hostProcess) {
    spec.hostNetwork = true;
    for (const c of spec.containers) if (c.securityContext?.windowsOptions?.hostProcess === false) delete c.securityContext.windowsOptions;
  }
  // Seccomp annotations must agree with the fields beside them (validation): keep the fields.
  if (metadata.annotations && spec.securityContext.seccompProfile) delete metadata.annotations['seccomp.security.alpha.kubernetes.io/pod'];
  if (metadata.annotations && spec.containers[0].securityContext?.seccompProfile)
    delete metadata.annotations['container.seccomp.security.alpha.kubernetes.io/app'];
  // An AppArmor annotation must agree with a pod-level field (validation); keep one of them.
  if (spec.securityContext.appArmorProfile && metadata.annotations) delete metadata.annotations['container.apparmor.security.beta.kubernetes.io/app'];
  if (metadata.annotations && Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
  return {pod: {apiVersion: 'v1', kind: 'Pod', metadata, spec}, os};
}

export function generatePod(r: Gen, name: string, namespace: string): GeneratedPod {
  if (r.chance(0.45)) return nearlyRestricted(r, name, namespace);
  const os: Os = r.pick(['linux', 'linux-unset', 'linux-unset', 'windows', 'windows', 'windows-unset'] as const);
  const windows = os === 'windows';
  const winIntent = os === 'windows' || os === 'windows-unset';
  const spec: any = {};
  const annotations: Record<string, string> = {};
  if (os === 'linux') spec.os = {name: 'linux'};
  if (windows) spec.os = {name: 'windows'};
  if (winIntent) spec.nodeSelector = {'kubernetes.io/os': 'windows'};

  const hostProcess = winIntent && r.chance(0.15);
  // User namespaces (Linux only): exclusive with host namespaces.
  const hostUsers = !winIntent && r.chance(0.15) ? r.pick([false, false, true]) : undefined;
  if (hostUsers !== undefined) spec.hostUsers = hostUsers;
  const userns = hostUsers === false;
  if (hostProcess) spec.hostNetwork = true;
  else if (!userns && r.chance(0.12)) spec.hostNetwork = true;
  if (!windows && !userns && !hostProcess) {
    if (r.chance(0.08)) spec.hostPID = true;
    if (r.chance(0.08)) spec.hostIPC = true;
  }

  // Pod security context.
  const psc: any = {};
  if (r.chance(0.5)) psc.runAsNonRoot = r.pick([true, true, false]);
  if (!windows) {
    if (r.chance(0.2)) psc.runAsUser = r.pick([0, 1000]);
    if (r.chance(0.4)) psc.seccompProfile = seccomp(r);
    if (r.chance(0.15)) psc.appArmorProfile = apparmor(r);
    if (r.chance(0.12)) psc.seLinuxOptions = selinux(r);
    if (!spec.hostNetwork && !spec.hostIPC && r.chance(0.2)) {
      const names = new Set<string>();
      const n = 1 + r.int(3);
      for (let i = 0; i < n; i++) names.add(r.pick(SYSCTLS));
      psc.sysctls = [...names].map((n) => ({name: n, value: n.includes('range') ? '1024 65000' : n.includes('mem') ? '4096 87380 6291456' : '1'}));
    }
  }
  if (hostProcess) psc.windowsOptions = {hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM'};
  else if (winIntent && r.chance(0.4)) psc.windowsOptions = {runAsUserName: r.pick(['ContainerUser', 'ContainerAdministrator'])};
  if (Object.keys(psc).length > 0) spec.securityContext = psc;

  const usedHostPorts = new Set<number>();
  let nextPort = 1000;
  const container = (cname: string, regular: boolean): any => {
    const c: any = {name: cname, image: windows || winIntent ? 'mcr.microsoft.com/windows/nanoserver:ltsc2022' : 'registry.k8s.io/pause:3.10'};
    const sc: any = {};
    if (r.chance(0.35)) sc.runAsNonRoot = r.pick([true, false]);
    if (!windows) {
      const ape = r.maybe(0.35, [true, false, false]);
      if (ape !== undefined) sc.allowPrivilegeEscalation = ape;
      if (r.chance(0.12)) sc.privileged = ape === false ? false : r.pick([true, false]);
      if (r.chance(0.6)) {
        const caps: any = {};
        if (r.chance(0.75)) caps.drop = r.pick([['ALL'], ['ALL'], ['NET_RAW'], []]);
        if (r.chance(0.35)) {
          const add = new Set<string>();
          const n = 1 + r.int(2);
          for (let i = 0; i < n; i++) add.add(r.pick(CAPS));
          caps.add = [...add];
        }
        sc.capabilities = caps;
      }
      if (r.chance(0.3)) sc.seccompProfile = seccomp(r);
      if (!psc.appArmorProfile && r.chance(0.2)) {
        // A field, or the deprecated annotation (synced into the field by the apiserver), never both.
        if (r.chance(0.5)) sc.appArmorProfile = apparmor(r);
        else
          annotations[`container.apparmor.security.beta.kubernetes.io/${cname}`] = r.pick(['runtime/default', 'localhost/k8s-apparmor-example', 'unconfined']);
      } else if (r.chance(0.1)) {
        sc.appArmorProfile = apparmor(r);
      }
      if (r.chance(0.12)) sc.seLinuxOptions = selinux(r);
      if (r.chance(0.15)) sc.runAsUser = r.pick([0, 1000]);
      if (r.chance(0.12)) sc.procMount = userns ? r.pick(['Default', 'Unmasked']) : 'Default';
    }
    if (hostProcess) {
      if (r.chance(0.5)) sc.windowsOptions = {hostProcess: true};
    } else if (winIntent && r.chance(0.2)) {
      sc.windowsOptions = r.chance(0.5) ? {hostProcess: false} : {runAsUserName: r.pick(['ContainerUser', 'ContainerAdministrator'])};
    }
    if (Object.keys(sc).length > 0) c.securityContext = sc;
    if (r.chance(0.3)) {
      const ports: any[] = [];
      const n = 1 + r.int(2);
      for (let i = 0; i < n; i++) {
        const containerPort = spec.hostNetwork ? r.pick(HOST_PORTS.filter((p) => !usedHostPorts.has(p)).concat([nextPort++])) : nextPort++;
        let hostPort: number | undefined;
        if (spec.hostNetwork) {
          hostPort = r.chance(0.5) ? containerPort : undefined; // defaulted to containerPort anyway
          usedHostPorts.add(containerPort);
        } else if (r.chance(0.5)) {
          const free = HOST_PORTS.filter((p) => !usedHostPorts.has(p));
          if (free.length > 0) {
            hostPort = r.pick(free);
            usedHostPorts.add(hostPort);
          }
        }
        ports.push({containerPort, ...(hostPort !== undefined ? {hostPort} : {})});
      }
      if (new Set(ports.map((p) => p.containerPort)).size === ports.length) c.ports = ports;
    }
    if (regular) {
      if (r.chance(0.2)) c.livenessProbe = handler(r, 8080);
      if (r.chance(0.15)) c.readinessProbe = handler(r, 8080);
      if (r.chance(0.1)) c.startupProbe = handler(r, 8080);
      if (r.chance(0.15)) {
        c.lifecycle = {};
        if (r.chance(0.6)) c.lifecycle.postStart = handler(r, 8081);
        if (r.chance(0.6) || !c.lifecycle.postStart) c.lifecycle.preStop = handler(r, 8081);
      }
    }
    return c;
  };
  const nInit = r.pick([0, 0, 1, 2]);
  const nRegular = 1 + r.int(3);
  spec.initContainers = Array.from({length: nInit}, (_, i) => container(`init-${i}`, false));
  spec.containers = Array.from({length: nRegular}, (_, i) => container(`c${i}`, true));
  if (spec.initContainers.length === 0) delete spec.initContainers;

  // Volumes.
  if (r.chance(0.4)) {
    const kinds = [
      {emptyDir: {}},
      {configMap: {name: 'cm'}},
      {secret: {secretName: 's'}},
      {projected: {sources: []}},
      {downwardAPI: {items: []}},
      {persistentVolumeClaim: {claimName: 'pvc'}},
      {csi: {driver: 'inline.csi.example.com'}},
      {hostPath: {path: windows ? 'C:\\data' : '/var/log'}},
      {nfs: {server: 'nfs.example.com', path: '/exports'}},
      {azureFile: {secretName: 'az', shareName: 'share'}},
      {flexVolume: {driver: 'example.com/flex'}},
      {},
    ];
    const n = 1 + r.int(3);
    spec.volumes = Array.from({length: n}, (_, i) => ({name: `v${i}`, ...structuredClone(r.pick(kinds))}));
  }
  const metadata: any = {name, namespace};
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  return {pod: {apiVersion: 'v1', kind: 'Pod', metadata, spec}, os};
}
/* eslint-enable @typescript-eslint/no-explicit-any */
