// Seeded generator of pods that exercise kube-apiserver's Windows validation rules, and are valid in
// every other respect (so any rejection must come from a rule lint models).
import {Gen} from '../../support/random.js';

const ASCII_ALNUM = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
const LOWER = [...'abcdefghijklmnopqrstuvwxyz0123456789'];
const USER_FORBIDDEN = [...'"/:;|=,+*?<>@[]'];
const NETBIOS_FORBIDDEN = [...'/:*?"<>|'];
const UNICODE = ['é', 'ß', 'ü', '世', '界', '😀', 'Ω', '\u00a0', '\u0085', '\u2028', '\u200b', '\ufffd', '\ud800', '\udc00', 'ǅ', '\u{e0001}'];
const CONTROL = ['\x00', '\x01', '\t', '\n', '\r', '\x1b', '\x1f', '\x7f'];
const HTMLISH = ['<', '>', '&'];

function userPart(g: Gen): string {
  switch (g.int(12)) {
    case 0:
      return '';
    case 1:
      return g.str([...ASCII_ALNUM, '-', '_', '$'], 1 + g.int(20));
    case 2:
      return g.str(['.', ' '], 1 + g.int(4));
    case 3:
      return g.str(ASCII_ALNUM, g.int(5)) + g.pick(USER_FORBIDDEN) + g.str(ASCII_ALNUM, g.int(5));
    case 4:
      return 'a'.repeat(g.pick([103, 104, 105, 106, 200]));
    case 5:
      return 'é'.repeat(g.pick([51, 52, 53])); // 2 bytes each: 102, 104, 106 bytes
    case 6:
      return '世'.repeat(g.pick([34, 35, 36])); // 3 bytes each: 102, 105, 108 bytes
    case 7:
      return g.str([...ASCII_ALNUM, ...UNICODE], 1 + g.int(12));
    case 8:
      return g.pick(['ContainerUser', 'ContainerAdministrator', 'SYSTEM', 'Local service', 'NetworkService', 'svc.account', ' lead', 'trail.']);
    case 9:
      return g.str(ASCII_ALNUM, 1 + g.int(6)) + g.pick(CONTROL) + g.str(ASCII_ALNUM, g.int(4));
    case 10:
      return g.str([...ASCII_ALNUM, ...HTMLISH, '.', ' '], 1 + g.int(10));
    default:
      return g.str(ASCII_ALNUM, 1 + g.int(10));
  }
}

function dnsLabel(g: Gen, len: number): string {
  if (len <= 0) return '';
  if (len === 1) return g.pick(ASCII_ALNUM);
  return g.pick(ASCII_ALNUM) + g.str([...ASCII_ALNUM, '-'], len - 2) + g.pick(ASCII_ALNUM);
}

function domainPart(g: Gen): string {
  switch (g.int(12)) {
    case 0:
      return '';
    case 1:
      return g.pick(['NT AUTHORITY', 'CONTOSO', 'contoso', 'BUILTIN', 'WORKGROUP']);
    case 2:
      return g.str([...ASCII_ALNUM, ' ', '-', '.', ...UNICODE], 1 + g.int(16)); // NetBIOS 1-16 runes
    case 3:
      return '.' + g.str(ASCII_ALNUM, g.int(6));
    case 4:
      return g.str(ASCII_ALNUM, 1 + g.int(5)) + g.pick(NETBIOS_FORBIDDEN) + g.str(ASCII_ALNUM, g.int(5));
    case 5: {
      // DNS names of several labels, some too long
      const labels = Array.from({length: 1 + g.int(4)}, () => dnsLabel(g, g.pick([1, 5, 20, 62, 63, 64, 70])));
      return labels.join('.');
    }
    case 6: {
      // around the 256-byte domain limit
      const total = g.pick([250, 255, 256, 257, 300]);
      const labels: string[] = [];
      let len = 0;
      while (len < total) {
        const n = Math.min(63, total - len - (labels.length > 0 ? 1 : 0));
        if (n <= 0) break;
        labels.push(dnsLabel(g, n));
        len += n + (labels.length > 1 ? 1 : 0);
      }
      return labels.join('.');
    }
    case 7:
      return g.pick([
        'a',
        'ab-c',
        'corp.contoso.com',
        'corp..contoso.com',
        '-corp.contoso.com',
        'corp.contoso.com.',
        'CORP.CONTOSO.COM',
        'corp_contoso.com',
        '1.2.3.4',
      ]);
    case 8:
      return 'x'.repeat(g.pick([15, 16, 64]));
    case 9:
      return '世'.repeat(g.pick([5, 15, 16, 86])); // runes vs bytes
    default:
      return g.str([...ASCII_ALNUM, '-'], 1 + g.int(15));
  }
}

export function runAsUserName(g: Gen): string {
  // About a third valid, so acceptance is exercised as much as rejection.
  if (g.chance(0.35))
    return `${g.pick(['', 'CONTOSO\\', 'corp.contoso.com\\', 'NT AUTHORITY\\', 'Ünïcødé\\'])}${g.pick(['web', 'ContainerUser', 'svc-app$', 'a'.repeat(104), 'é'.repeat(52), 'user name', 'x.y'])}`;
  switch (g.int(10)) {
    case 0:
      return '';
    case 1:
      return `${domainPart(g)}\\${userPart(g)}\\${userPart(g)}`;
    case 2:
      return `${domainPart(g)}\\\\${userPart(g)}`;
    case 3:
      return userPart(g);
    case 4:
      return g.pick([
        'NT AUTHORITY\\SYSTEM',
        'NT AUTHORITY\\Local service',
        'NT AUTHORITY\\NetworkService',
        'ContainerUser',
        'ContainerAdministrator',
        'CONTOSO\\gmsa-web$',
      ]);
    default:
      return `${domainPart(g)}\\${userPart(g)}`;
  }
}

export function gmsaCredentialSpecName(g: Gen): string {
  switch (g.int(8)) {
    case 0:
      return '';
    case 1:
      return g.pick(['gmsa-webapp1', 'webapp1.contoso.com', 'a', '0-0']);
    case 2:
      return g.pick(['gmsa-WebApp1', 'gmsa_webapp1', '-gmsa', 'gmsa-', 'gmsa..x', '.gmsa', 'gmsa.']);
    case 3:
      return `${dnsLabel(g, 63).toLowerCase()}.`.repeat(4) + 'x'.repeat(g.pick([0, 1, 2, 5]));
    case 4:
      return 'a'.repeat(g.pick([253, 254]));
    case 5:
      return g.str([...LOWER, '.', '-', ...UNICODE, '<', '&'], 1 + g.int(10));
    default:
      return g.str(LOWER, 1 + g.int(20));
  }
}

export function gmsaCredentialSpec(g: Gen): string {
  switch (g.int(12)) {
    case 0:
      return '';
    case 1:
      return 'x'.repeat(g.pick([65536, 65537]));
    default:
      return JSON.stringify({CmsPlugins: ['ActiveDirectory'], DomainJoinConfig: {DnsName: 'contoso.com', MachineAccountName: 'webapp1'}});
  }
}

type Obj = Record<string, unknown>;

function windowsOptions(g: Gen): Obj | undefined {
  if (!g.chance(0.45)) return undefined;
  const wo: Obj = {};
  if (g.chance(0.6)) wo.runAsUserName = runAsUserName(g);
  if (g.chance(0.15)) wo.gmsaCredentialSpecName = gmsaCredentialSpecName(g);
  if (g.chance(0.15)) wo.gmsaCredentialSpec = gmsaCredentialSpec(g);
  if (g.chance(0.15)) wo.hostProcess = g.chance(0.6);
  return wo;
}

/** Container-level Linux-only fields, each with a value valid in every other respect. */
function linuxContainerFields(g: Gen, sc: Obj): void {
  if (g.chance(0.1)) sc.appArmorProfile = {type: 'RuntimeDefault'};
  if (g.chance(0.1)) sc.seLinuxOptions = {level: 's0:c123,c456'};
  if (g.chance(0.1)) sc.seccompProfile = {type: 'RuntimeDefault'};
  if (g.chance(0.1)) sc.capabilities = {drop: ['ALL']};
  if (g.chance(0.1)) sc.readOnlyRootFilesystem = g.chance(0.5);
  if (g.chance(0.1)) sc.privileged = g.chance(0.5);
  if (g.chance(0.1)) sc.allowPrivilegeEscalation = sc.privileged === true ? true : g.chance(0.5);
  if (g.chance(0.08)) sc.procMount = 'Default';
  if (g.chance(0.1)) sc.runAsUser = 1000;
  if (g.chance(0.1)) sc.runAsGroup = 1000;
  if (g.chance(0.1)) sc.runAsNonRoot = g.chance(0.5);
}

function container(g: Gen, name: string): Obj {
  const c: Obj = {
    name,
    image: g.pick(['mcr.microsoft.com/windows/nanoserver:ltsc2022', 'mcr.microsoft.com/windows/servercore:ltsc2019', 'registry.k8s.io/pause:3.10']),
  };
  const sc: Obj = {};
  const wo = windowsOptions(g);
  if (wo) sc.windowsOptions = wo;
  if (g.chance(0.2)) linuxContainerFields(g, sc);
  if (Object.keys(sc).length > 0 || g.chance(0.05)) c.securityContext = sc;
  return c;
}

function podLinuxFields(g: Gen, spec: Obj, sc: Obj): void {
  if (g.chance(0.06)) sc.appArmorProfile = {type: 'RuntimeDefault'};
  if (g.chance(0.06)) sc.seLinuxOptions = {level: 's0:c123,c456'};
  if (g.chance(0.06)) spec.hostUsers = true;
  if (g.chance(0.06)) spec.hostPID = g.chance(0.7);
  if (g.chance(0.06)) spec.hostIPC = g.chance(0.7);
  if (g.chance(0.06)) sc.seccompProfile = {type: 'RuntimeDefault'};
  if (g.chance(0.06)) sc.fsGroup = 2000;
  if (g.chance(0.06)) sc.fsGroupChangePolicy = 'OnRootMismatch';
  // an IPC sysctl is rejected with hostIPC: true, which is not a Windows rule
  if (g.chance(0.06) && spec.hostIPC !== true) sc.sysctls = g.chance(0.7) ? [{name: 'kernel.shm_rmid_forced', value: '0'}] : [];
  if (g.chance(0.06)) spec.shareProcessNamespace = false;
  if (g.chance(0.06)) sc.runAsUser = 1000;
  if (g.chance(0.06)) sc.runAsGroup = 1000;
  if (g.chance(0.06)) sc.supplementalGroups = g.chance(0.5) ? [] : [3000];
  if (g.chance(0.06)) sc.supplementalGroupsPolicy = 'Merge';
  if (g.chance(0.06)) sc.seLinuxChangePolicy = 'Recursive';
  if (g.chance(0.06)) sc.runAsNonRoot = true;
}

/** One generated pod spec: Windows options, HostProcess mixes, OS names and Linux-only fields. */
export function podSpec(g: Gen): Obj {
  const spec: Obj = {};
  const containers = Array.from({length: 1 + g.int(2)}, (_, i) => container(g, `c${i}`));
  spec.containers = containers;
  if (g.chance(0.35)) spec.initContainers = Array.from({length: 1 + g.int(2)}, (_, i) => container(g, `init${i}`));
  const sc: Obj = {};
  const wo = windowsOptions(g);
  if (wo) sc.windowsOptions = wo;
  if (g.chance(0.3)) podLinuxFields(g, spec, sc);
  if (Object.keys(sc).length > 0) spec.securityContext = sc;
  if (g.chance(0.4)) spec.hostNetwork = g.chance(0.6);
  // Some coherent HostProcess pods: every container inherits it and the pod uses the host network.
  if (g.chance(0.08)) {
    spec.hostNetwork = true;
    spec.securityContext = {
      ...(spec.securityContext as Obj | undefined),
      windowsOptions: {...((spec.securityContext as Obj | undefined)?.windowsOptions as Obj | undefined), hostProcess: true},
    };
  }
  const os = g.int(10);
  if (os < 4) spec.os = {name: 'windows'};
  else if (os < 6) spec.os = {name: 'linux'};
  else if (os === 6) spec.os = {name: g.pick(['', 'Windows', 'darwin', 'win<dows>', 'wïndows'])};
  if (g.chance(0.05)) spec.resources = {requests: {cpu: '100m'}};
  if (g.chance(0.5)) {
    spec.nodeSelector = {'kubernetes.io/os': 'windows'};
    spec.tolerations = [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}];
  }
  return spec;
}

const RESTART_POLICIES = ['Always', 'Never', 'OnFailure', 'Bogus', 'always'];

function restartRules(g: Gen): Obj[] {
  return Array.from({length: g.pick([1, 1, 2, 21])}, () => {
    const rule: Obj = {action: g.pick(['Restart', 'Restart', 'RestartAllContainers', 'Bogus'])};
    if (!g.chance(0.1))
      rule.exitCodes = {operator: g.pick(['In', 'NotIn', 'In', 'Bogus']), values: g.chance(0.05) ? Array.from({length: 256}, (_, i) => i) : [1, 42]};
    return rule;
  });
}

/** A container's restartPolicy and restartPolicyRules: dropped by v1.34, validated from v1.35 (more actions from v1.36). */
function restartFields(g: Gen, c: Obj): void {
  if (g.chance(0.7)) c.restartPolicy = g.pick(RESTART_POLICIES);
  if (g.chance(0.5)) c.restartPolicyRules = restartRules(g);
}

/**
 * Fields whose validation changed between v1.34 and v1.37 (src/k8s/minor-pod-rules.ts), added to a
 * generated spec so each rule is judged on both sides of its change: container restart rules, init
 * containers resizing with RestartContainer, image volumes, hostnameOverride (also on HostProcess
 * pods, which use the host network), shareProcessNamespace with hostPID, and env fileKeyRef (drawn
 * last, so the draws before it stay as they were).
 */
export function minorRuleFields(g: Gen, spec: Obj): void {
  for (const c of spec.containers as Obj[]) if (g.chance(0.12)) restartFields(g, c);
  for (const c of (spec.initContainers ?? []) as Obj[]) {
    if (g.chance(0.15)) restartFields(g, c);
    if (g.chance(0.15))
      c.resizePolicy = [
        {resourceName: 'cpu', restartPolicy: g.pick(['NotRequired', 'RestartContainer'])},
        ...(g.chance(0.4) ? [{resourceName: 'memory', restartPolicy: 'RestartContainer'}] : []),
      ];
  }
  if (g.chance(0.1)) {
    spec.volumes = Array.from({length: 1 + g.int(2)}, (_, i) => {
      const image: Obj = {};
      if (g.chance(0.7)) image.reference = g.pick(['mcr.microsoft.com/windows/nanoserver:ltsc2022', 'registry.k8s.io/pause:3.10', '']);
      if (g.chance(0.5)) image.pullPolicy = g.pick(['Always', 'IfNotPresent', 'Never', 'Bogus', '']);
      return {name: `img-${i}`, image};
    });
  }
  if (g.chance(0.1)) {
    spec.hostnameOverride = g.pick(['web-0', 'web-0.corp.example', 'Web_0', 'a'.repeat(64), 'a'.repeat(65), `${'a'.repeat(63)}.${'b'.repeat(10)}`, '-web', '']);
    if (g.chance(0.2)) spec.setHostnameAsFQDN = g.chance(0.7);
  }
  if (g.chance(0.06)) {
    spec.shareProcessNamespace = true;
    spec.hostPID = true;
  }
  if (g.chance(0.12)) fileKeyRefFields(g, spec);
  if (g.chance(0.14)) projectedVolume(g, spec);
  if (g.chance(0.1)) podRuleFields(g, spec);
}

/**
 * Pod rules whose wording changed (tolerations from v1.35, resizePolicy with restartPolicy Never from
 * v1.36) or that v1.34 already enforced (hostUsers: false with host namespaces).
 */
function podRuleFields(g: Gen, spec: Obj): void {
  if (g.chance(0.4)) {
    const t: Obj = {key: g.pick(['k', 'example.com/k', 'Bad Key', '']), operator: g.pick(['Lt', 'Gt', 'Equal', 'Exists', 'Bogus'])};
    if (g.chance(0.6)) t.value = g.pick(['5', 'x', '', 'a b']);
    if (g.chance(0.5)) t.effect = g.pick(['NoSchedule', 'NoExecute', 'Bogus']);
    if (g.chance(0.15)) t.tolerationSeconds = 30;
    spec.tolerations = [...((spec.tolerations ?? []) as Obj[]), t];
  }
  if (g.chance(0.4)) {
    spec.restartPolicy = g.pick(['Never', 'Always', 'OnFailure']);
    const c = g.pick(spec.containers as Obj[]);
    c.resizePolicy = [{resourceName: g.pick(['cpu', 'memory', 'gpu']), restartPolicy: g.pick(['NotRequired', 'RestartContainer', 'Bogus'])}];
  }
  if (g.chance(0.3)) spec.hostUsers = false;
}

/** A podCertificate source: dropped to v1.36, validated from v1.37. */
function podCertificate(g: Gen): Obj {
  const pc: Obj = {};
  if (g.chance(0.9))
    pc.signerName = g.pick([
      'example.com/pod-identity',
      'kubernetes.io/kube-apiserver-client-pod',
      'corp/x',
      'Example.com/x',
      'example.com/a/b',
      '',
      'example.com/-x',
    ]);
  if (g.chance(0.9)) pc.keyType = g.pick(['ECDSAP256', 'ED25519', 'RSA3072', 'RSA1024', '']);
  if (g.chance(0.3)) pc.maxExpirationSeconds = g.pick([3600, 60, 86400, 86401, 7862400, 7862401]);
  for (const field of ['credentialBundlePath', 'keyPath', 'certificateChainPath']) {
    if (g.chance(0.4)) pc[field] = g.pick(['bundle.pem', 'tls/key.pem', '/abs.pem', '..x.pem', 'a/../b.pem', 'tls/key.pem', 'ca.pem']);
  }
  // At most one bad key: Go visits the map in random order.
  if (g.chance(0.15))
    pc.userAnnotations = {'example.com/team': 'web', ...(g.chance(0.5) ? {[g.pick(['Example.COM/Owner', 'owner', 'a/b/c', '', 'bad key/x'])]: 'x'} : {})};
  if (g.chance(0.05)) pc.user = g.pick([1000, -1]);
  return pc;
}

/** A clusterTrustBundle source: dropped to v1.36, validated from v1.37. */
function clusterTrustBundle(g: Gen): Obj {
  const ctb: Obj = {};
  const pick = g.int(10);
  if (pick < 4 || pick === 8) ctb.signerName = g.pick(['example.com/signer', 'example.com/signer', 'corp/x', '', 'Example.com/x']);
  if (pick >= 4) ctb.name = g.pick(['example.com:signer:root', 'my-bundle', 'Bad_Bundle', '', 'x:y', 'a/b:c', 'example.com:signer:UPPER']);
  if (g.chance(0.4)) {
    const sel: Obj = {};
    if (g.chance(0.6)) sel.matchLabels = {[g.pick(['app', 'example.com/tier', 'bad key'])]: g.pick(['web', 'a b', ''])};
    if (g.chance(0.4))
      sel.matchExpressions = [
        {key: g.pick(['tier', 'Bad Key']), operator: g.pick(['In', 'NotIn', 'Exists', 'Bogus']), ...(g.chance(0.6) ? {values: [g.pick(['a', 'a<b'])]} : {})},
      ];
    ctb.labelSelector = sel;
  }
  if (g.chance(0.3)) ctb.optional = g.chance(0.5);
  if (g.chance(0.9)) ctb.path = g.pick(['ca.pem', 'bundle/ca.pem', '/ca.pem', '../ca.pem', '..ca', 'tls/key.pem']);
  else ctb.path = '';
  if (g.chance(0.05)) ctb.user = g.pick([1000, 3000000000]);
  return ctb;
}

/** One of the sources whose own rules do not change: always valid, but it claims paths and counts as a volume type. */
function plainSource(g: Gen): Obj {
  switch (g.int(4)) {
    case 0:
      return {secret: {name: 's', items: [{key: 'k', path: g.pick(['tls/key.pem', 'ca.pem', 'secret.txt']), ...(g.chance(0.1) ? {user: -1} : {})}]}};
    case 1:
      return {configMap: {name: 'c', ...(g.chance(0.5) ? {items: [{key: 'k', path: g.pick(['ca.pem', 'config.txt'])}]} : {})}};
    case 2:
      return {downwardAPI: {items: [{path: g.pick(['ca.pem', 'labels']), fieldRef: {fieldPath: 'metadata.labels'}}]}};
    default:
      return {serviceAccountToken: {path: 'token', ...(g.chance(0.5) ? {expirationSeconds: 3600} : {}), ...(g.chance(0.1) ? {user: -1} : {})}};
  }
}

/**
 * A projected volume of podCertificate, clusterTrustBundle and other sources: the gated two are
 * dropped to v1.36 and validated from v1.37, where they also claim paths beside the others and
 * count as a volume type of their source.
 */
function projectedVolume(g: Gen, spec: Obj): void {
  const sources: Obj[] = Array.from({length: 1 + g.int(3)}, () => {
    const k = g.int(10);
    return k < 4 ? {podCertificate: podCertificate(g)} : k < 8 ? {clusterTrustBundle: clusterTrustBundle(g)} : plainSource(g);
  });
  if (g.chance(0.25)) sources.unshift(plainSource(g));
  // Two volume types in one source: the later of them keeps its alpha user field at v1.37.
  if (g.chance(0.12)) Object.assign(sources[sources.length - 1], plainSource(g));
  spec.volumes = [...((spec.volumes ?? []) as Obj[]), {name: 'certs', projected: {sources}}];
}

/** An env var from a file (fileKeyRef: dropped by v1.34, validated from v1.35) and, mostly, the emptyDir volume it names. */
function fileKeyRefFields(g: Gen, spec: Obj): void {
  const volumes = (spec.volumes ?? []) as Obj[];
  if (g.chance(0.7)) volumes.push({name: 'env-files', emptyDir: {}});
  spec.volumes = volumes;
  const ref: Obj = {};
  if (g.chance(0.9)) ref.key = g.pick(['CONFIG', 'config.value', 'A=B', 'caf\u00e9', '']);
  if (g.chance(0.9)) ref.path = g.pick(['env/config.env', 'config.env', '../config.env', 'a/../b', '']);
  if (g.chance(0.9)) ref.volumeName = g.pick(['env-files', 'env-files', 'img-0', 'missing', 'Env_Files', '']);
  const valueFrom: Obj = g.chance(0.9) ? {fileKeyRef: ref} : {};
  if (g.chance(0.08)) valueFrom.fieldRef = {fieldPath: 'metadata.name'};
  const env: Obj = {name: 'FROM_FILE', valueFrom};
  if (g.chance(0.08)) env.value = 'x';
  const containers = [...((spec.initContainers ?? []) as Obj[]), ...(spec.containers as Obj[])];
  g.pick(containers).env = [env];
}
