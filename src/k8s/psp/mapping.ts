// A PodSecurityPolicy read as a plain object, mapped field by field to the Pod Security Standards
// level it corresponds to. kubernetes/website content/en/docs/reference/access-authn-authz/
// psp-to-pod-security-standards.md ("no opinion" fields allow every level; values outside the
// allowed ones are privileged), checked against the PSS rules of the chosen version
// (kubernetes/pod-security-admission policy/check_*.go) where the page predates them.
import type {Level, Version} from '../pss/api.js';
import {BASELINE_ALLOWED_CAPABILITIES} from '../pss/check-capabilities-baseline.js';
import {ALLOWED_VOLUME_TYPES} from '../pss/check-restricted-volumes.js';
import {SYSCTLS_1_0, SYSCTLS_1_27, SYSCTLS_1_29, SYSCTLS_1_32, SYSCTLS_1_37} from '../pss/check-sysctls.js';
import type {KubeObject} from '../object.js';

/** One PSP field that keeps the policy below restricted, and why. */
interface FieldVerdict {
  field: string;
  /** The highest level a pod admitted by this field's setting is guaranteed to meet. */
  level: Level;
  reason: string;
}

interface PspLevel {
  name: string;
  level: Level;
  fields: FieldVerdict[];
}

const SECCOMP_ALLOWED_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/allowedProfileNames';
export const SECCOMP_DEFAULT_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/defaultProfileName';
const APPARMOR_ALLOWED_ANNOTATION = 'apparmor.security.beta.kubernetes.io/allowedProfileNames';
export const APPARMOR_DEFAULT_ANNOTATION = 'apparmor.security.beta.kubernetes.io/defaultProfileName';

const RANK: Record<Level, number> = {privileged: 0, baseline: 1, restricted: 2};

function sysctlsAllowed(version: Version): ReadonlySet<string> {
  const minor = version.latest ? Infinity : version.minor;
  return minor >= 37 ? SYSCTLS_1_37 : minor >= 32 ? SYSCTLS_1_32 : minor >= 29 ? SYSCTLS_1_29 : minor >= 27 ? SYSCTLS_1_27 : SYSCTLS_1_0;
}

function selinuxTypes(version: Version): Set<string> {
  const minor = version.latest ? Infinity : version.minor;
  const t = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t']);
  if (minor >= 31) t.add('container_engine_t');
  return t;
}

/** Splits a profile-name annotation: "runtime/default," allows runtime/default and unset (""). */
function profileList(v: string): string[] {
  return v.split(',').map((s) => s.trim());
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- PodSecurityPolicy has no type left in k8s.io/api (removed in v1.25)
type PspSpec = Record<string, any>;
/** Records a field that keeps the policy below restricted. */
type Verdict = (field: string, level: Level, reason: string) => void;

/** Maps one PSP (policy/v1beta1 PodSecurityPolicy as JSON) to the PSS level it corresponds to. */
export function pspLevel(psp: KubeObject, version: Version): PspLevel {
  const spec = (psp.spec ?? {}) as PspSpec;
  const annotations = (psp.metadata?.annotations ?? {}) as Record<string, string>;
  const out: FieldVerdict[] = [];
  const at: Verdict = (field, level, reason) => out.push({field, level, reason});

  hostAccessVerdicts(spec, at);
  capabilityVerdicts(spec, at);
  volumeVerdicts(spec, at);
  sysctlVerdicts(spec, version, at);
  seLinuxVerdicts(spec, version, at);
  userVerdicts(spec, at);
  profileVerdicts(annotations, at);

  let level: Level = 'restricted';
  for (const f of out) if (RANK[f.level] < RANK[level]) level = f.level;
  return {name: psp.metadata?.name ?? '', level, fields: out};
}

/** Privileged containers, host namespaces and host ports. */
function hostAccessVerdicts(spec: PspSpec, at: Verdict): void {
  if (spec.privileged === true) at('spec.privileged', 'privileged', 'allows privileged containers');
  for (const ns of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[ns] === true) at(`spec.${ns}`, 'privileged', `allows ${ns}=true (host namespaces)`);
  const ports = (spec.hostPorts ?? []) as {min?: number; max?: number}[];
  if (ports.some((r) => (r.max ?? 0) > 0))
    at('spec.hostPorts', 'privileged', `allows host ports ${ports.map((r) => `${r.min ?? 0}-${r.max ?? 0}`).join(', ')}`);
}

function capabilityVerdicts(spec: PspSpec, at: Verdict): void {
  for (const field of ['allowedCapabilities', 'defaultAddCapabilities']) {
    const caps = (spec[field] ?? []) as string[];
    const notBaseline = caps.filter((c) => c === '*' || !BASELINE_ALLOWED_CAPABILITIES.has(c));
    if (notBaseline.length > 0) at(`spec.${field}`, 'privileged', `allows adding ${notBaseline.join(', ')} (baseline allows only the default set)`);
    else if (caps.some((c) => c !== 'NET_BIND_SERVICE'))
      at(`spec.${field}`, 'baseline', `allows adding ${caps.filter((c) => c !== 'NET_BIND_SERVICE').join(', ')} (restricted allows only NET_BIND_SERVICE)`);
  }
  const drops = (spec.requiredDropCapabilities ?? []) as string[];
  if (!drops.includes('ALL')) at('spec.requiredDropCapabilities', 'baseline', 'does not require dropping ALL (restricted requires drop ["ALL"])');
}

function volumeVerdicts(spec: PspSpec, at: Verdict): void {
  const volumes = (spec.volumes ?? []) as string[];
  if (volumes.includes('*')) at('spec.volumes', 'privileged', 'allows every volume type ("*"), hostPath included');
  else if (volumes.includes('hostPath')) at('spec.volumes', 'privileged', 'allows hostPath volumes');
  else {
    const other = volumes.filter((v) => !(ALLOWED_VOLUME_TYPES as readonly string[]).includes(v));
    if (other.length > 0) at('spec.volumes', 'baseline', `allows volume types restricted forbids: ${other.join(', ')}`);
  }
  // allowedHostPaths has no opinion: it only narrows hostPath volumes, which `volumes` already judges.
}

function sysctlVerdicts(spec: PspSpec, version: Version, at: Verdict): void {
  const sysctls = (spec.allowedUnsafeSysctls ?? []) as string[];
  const safe = sysctlsAllowed(version);
  const unsafe = sysctls.filter((s) => !safe.has(s));
  if (unsafe.length > 0) at('spec.allowedUnsafeSysctls', 'privileged', `allows sysctls outside the safe set: ${unsafe.join(', ')}`);
}

function seLinuxVerdicts(spec: PspSpec, version: Version, at: Verdict): void {
  const seLinux = (spec.seLinux ?? {}) as {rule?: string; seLinuxOptions?: {user?: string; role?: string; type?: string}};
  if (seLinux.rule !== 'MustRunAs') {
    at('spec.seLinux.rule', 'privileged', `${seLinux.rule ?? 'unset'} lets pods pick any SELinux type, user and role (needs MustRunAs)`);
  } else {
    const o = seLinux.seLinuxOptions ?? {};
    if (o.user || o.role) at('spec.seLinux.seLinuxOptions', 'privileged', 'sets an SELinux user or role');
    else if (!selinuxTypes(version).has(o.type ?? '')) at('spec.seLinux.seLinuxOptions.type', 'privileged', `SELinux type "${o.type}" is not a container type`);
  }
}

/** runAsUser, privilege escalation and procMount. */
function userVerdicts(spec: PspSpec, at: Verdict): void {
  const runAsUser = (spec.runAsUser ?? {}) as {rule?: string};
  if (runAsUser.rule !== 'MustRunAsNonRoot')
    at('spec.runAsUser.rule', 'baseline', `${runAsUser.rule ?? 'unset'} does not force runAsNonRoot (restricted needs MustRunAsNonRoot)`);
  if (spec.allowPrivilegeEscalation !== false) at('spec.allowPrivilegeEscalation', 'baseline', 'allows privilege escalation (restricted needs false)');

  const procMounts = (spec.allowedProcMountTypes ?? []) as string[];
  if (procMounts.some((p) => p !== 'Default'))
    at('spec.allowedProcMountTypes', 'privileged', `allows procMount ${procMounts.filter((p) => p !== 'Default').join(', ')}`);
}

/** The seccomp and AppArmor profiles the policy's annotations allow. */
function profileVerdicts(annotations: Record<string, string>, at: Verdict): void {
  const seccomp = annotations[SECCOMP_ALLOWED_ANNOTATION];
  if (seccomp === undefined) {
    at(
      `metadata.annotations[${SECCOMP_ALLOWED_ANNOTATION}]`,
      'baseline',
      'no allowed seccomp profiles: pods run without one (restricted needs RuntimeDefault or Localhost)',
    );
  } else {
    const list = profileList(seccomp);
    const bad = list.filter((p) => p !== '' && p !== 'runtime/default' && p !== 'docker/default' && !p.startsWith('localhost/'));
    if (bad.length > 0) at(`metadata.annotations[${SECCOMP_ALLOWED_ANNOTATION}]`, 'privileged', `allows seccomp profiles ${bad.join(', ')}`);
    else if (list.includes(''))
      at(`metadata.annotations[${SECCOMP_ALLOWED_ANNOTATION}]`, 'baseline', 'allows pods without a seccomp profile (restricted needs one)');
  }
  const apparmor = annotations[APPARMOR_ALLOWED_ANNOTATION];
  if (apparmor !== undefined) {
    const bad = profileList(apparmor).filter((p) => p !== '' && p !== 'runtime/default' && !p.startsWith('localhost/'));
    if (bad.length > 0) at(`metadata.annotations[${APPARMOR_ALLOWED_ANNOTATION}]`, 'privileged', `allows AppArmor profiles ${bad.join(', ')}`);
  }
}
