// Every check at every version boundary, on both sides, with PSA's exact reason and detail
// (kubernetes/pod-security-admission policy/check_*.go and their _test.go expectations).
import assert from 'node:assert/strict';
import {majorMinor, LATEST, type Level, type Version} from '../../../../src/k8s/pss/api.js';
import {Evaluator, type IdentifiedResult} from '../../../../src/k8s/pss/registry.js';
import type {PodSpecLike} from '../../../../src/k8s/pss/types.js';
import {restrictedPod, windowsRestrictedPod} from './fixtures.js';

const ev = new Evaluator();
const v = (minor: number) => majorMinor(1, minor);

type Pod = ReturnType<typeof restrictedPod>;

/** The named check's result, or undefined when that check does not run at this level and version. */
function run(id: string, version: Version, pod: Pod, level: Level = 'restricted'): IdentifiedResult | undefined {
  return ev.evaluatePod({level, version}, pod.meta, pod.spec).find((r) => r.id === id);
}

function mutate(fn: (p: Pod) => void, base: () => Pod = restrictedPod): Pod {
  const p = base();
  fn(p);
  return p;
}

function expectFail(r: IdentifiedResult | undefined, reason: string, detail: string) {
  assert.ok(r, 'check did not run');
  assert.equal(r.allowed, false);
  assert.equal(r.forbiddenReason, reason);
  assert.equal(r.forbiddenDetail, detail);
}

function expectPass(r: IdentifiedResult | undefined) {
  assert.ok(r, 'check did not run');
  assert.equal(r.allowed, true, `${r.forbiddenReason} (${r.forbiddenDetail})`);
}

const ctrs = (p: Pod) => [...(p.spec.initContainers ?? []), ...(p.spec.containers ?? [])];

describe('pss check: allowPrivilegeEscalation (1.8, 1.25 Windows exemption)', () => {
  const unset = mutate((p) => ctrs(p).forEach((c) => delete c.securityContext!.allowPrivilegeEscalation));
  it('absent before v1.8, present from v1.8', () => {
    assert.equal(run('allowPrivilegeEscalation', v(7), unset), undefined);
    expectFail(
      run('allowPrivilegeEscalation', v(8), unset),
      'allowPrivilegeEscalation != false',
      'containers "init1", "c1", "c2" must set securityContext.allowPrivilegeEscalation=false',
    );
  });
  it('true fails; a single container is singular', () => {
    const p = mutate((q) => (q.spec.containers![1].securityContext!.allowPrivilegeEscalation = true));
    expectFail(
      run('allowPrivilegeEscalation', LATEST, p),
      'allowPrivilegeEscalation != false',
      'container "c2" must set securityContext.allowPrivilegeEscalation=false',
    );
  });
  it('Windows pods: checked at v1.24, exempt from v1.25', () => {
    const w = windowsRestrictedPod();
    expectFail(
      run('allowPrivilegeEscalation', v(24), w),
      'allowPrivilegeEscalation != false',
      'container "c1" must set securityContext.allowPrivilegeEscalation=false',
    );
    expectPass(run('allowPrivilegeEscalation', v(25), w));
  });
  it('ephemeral containers are visited last', () => {
    const p = mutate((q) => (q.spec.ephemeralContainers = [{name: 'dbg'}]));
    expectFail(
      run('allowPrivilegeEscalation', LATEST, p),
      'allowPrivilegeEscalation != false',
      'container "dbg" must set securityContext.allowPrivilegeEscalation=false',
    );
  });
});

describe('pss check: appArmorProfile (1.0)', () => {
  it('fields: Unconfined on pod and containers, sorted values, "and"-joined setters', () => {
    const p = mutate((q) => {
      q.spec.securityContext!.appArmorProfile = {type: 'Unconfined'};
      q.spec.containers![0].securityContext!.appArmorProfile = {type: 'Unconfined'};
      q.spec.containers![1].securityContext!.appArmorProfile = {type: 'Localhost', localhostProfile: 'x'};
    });
    expectFail(run('appArmorProfile', v(0), p), 'forbidden AppArmor profile', 'pod and container "c1" must not set AppArmor profile type to "Unconfined"');
  });
  it('annotations: allowed values pass, others fail with key="value"', () => {
    const ok = mutate((q) => {
      q.meta.annotations['container.apparmor.security.beta.kubernetes.io/c1'] = 'runtime/default';
      q.meta.annotations['container.apparmor.security.beta.kubernetes.io/c2'] = 'localhost/foo';
      q.meta.annotations['container.apparmor.security.beta.kubernetes.io/init1'] = '';
    });
    expectPass(run('appArmorProfile', LATEST, ok));
    const bad = mutate((q) => {
      q.meta.annotations['container.apparmor.security.beta.kubernetes.io/c2'] = 'unconfined';
      q.meta.annotations['container.apparmor.security.beta.kubernetes.io/c1'] = 'bad';
      q.spec.containers![0].securityContext!.appArmorProfile = {type: 'Unconfined'};
    });
    expectFail(
      run('appArmorProfile', LATEST, bad),
      'forbidden AppArmor profiles',
      'container "c1" and annotations must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/c1=\\"bad\\"", "container.apparmor.security.beta.kubernetes.io/c2=\\"unconfined\\""'.replace(
        /\\"/g,
        '"',
      ),
    );
  });
});

describe('pss check: capabilities_baseline (1.0) and capabilities_restricted (1.22, 1.25 Windows exemption)', () => {
  const addSysAdmin = mutate((q) => {
    q.spec.containers![0].securityContext!.capabilities = {drop: ['ALL'], add: ['SYS_ADMIN', 'NET_RAW', 'CHOWN']};
    q.spec.containers![1].securityContext!.capabilities = {drop: ['ALL'], add: ['NET_RAW']};
  });
  it('baseline: non-default caps, sorted and distinct', () => {
    expectFail(
      run('capabilities_baseline', v(0), addSysAdmin, 'baseline'),
      'non-default capabilities',
      'containers "c1", "c2" must not include "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add',
    );
    expectPass(
      run(
        'capabilities_baseline',
        LATEST,
        mutate((q) => (q.spec.containers![0].securityContext!.capabilities!.add = ['CHOWN', 'NET_BIND_SERVICE', 'SYS_CHROOT'])),
        'baseline',
      ),
    );
  });
  it('restricted before v1.22 runs the baseline check; from v1.22 the restricted one replaces it', () => {
    assert.ok(run('capabilities_baseline', v(21), addSysAdmin));
    assert.equal(run('capabilities_restricted', v(21), addSysAdmin), undefined);
    assert.equal(run('capabilities_baseline', v(22), addSysAdmin), undefined);
    expectFail(
      run('capabilities_restricted', v(22), addSysAdmin),
      'unrestricted capabilities',
      'containers "c1", "c2" must not include "CHOWN", "NET_RAW", "SYS_ADMIN" in securityContext.capabilities.add',
    );
  });
  it('restricted: missing drop ALL and forbidden adds are joined with "; "', () => {
    const p = mutate((q) => {
      delete q.spec.initContainers![0].securityContext!.capabilities;
      q.spec.containers![0].securityContext!.capabilities = {drop: ['NET_RAW'], add: ['NET_BIND_SERVICE']};
      q.spec.containers![1].securityContext!.capabilities = {add: ['KILL']};
    });
    expectFail(
      run('capabilities_restricted', LATEST, p),
      'unrestricted capabilities',
      'containers "init1", "c1", "c2" must set securityContext.capabilities.drop=["ALL"]; container "c2" must not include "KILL" in securityContext.capabilities.add',
    );
  });
  it('Windows pods: required at v1.24, exempt at v1.25 (and capabilities_baseline stays overridden)', () => {
    const w = windowsRestrictedPod();
    expectFail(run('capabilities_restricted', v(24), w), 'unrestricted capabilities', 'container "c1" must set securityContext.capabilities.drop=["ALL"]');
    expectPass(run('capabilities_restricted', v(25), w));
    assert.equal(run('capabilities_baseline', v(25), w), undefined);
  });
});

describe('pss check: hostNamespaces, hostPathVolumes, hostPorts (1.0)', () => {
  it('hostNamespaces lists those set, in order', () => {
    const p = mutate((q) => Object.assign(q.spec, {hostIPC: true, hostNetwork: true, hostPID: false}));
    expectFail(run('hostNamespaces', v(0), p, 'baseline'), 'host namespaces', 'hostNetwork=true, hostIPC=true');
    expectFail(
      run(
        'hostNamespaces',
        LATEST,
        mutate((q) => Object.assign(q.spec, {hostPID: true})),
      ),
      'host namespaces',
      'hostPID=true',
    );
  });
  it('hostPathVolumes at baseline; replaced by restrictedVolumes in restricted', () => {
    const p = mutate(
      (q) =>
        (q.spec.volumes = [
          {name: 'a', hostPath: {path: '/'}},
          {name: 'b', emptyDir: {}},
          {name: 'c', hostPath: {path: '/x'}},
        ]),
    );
    expectFail(run('hostPathVolumes', v(0), p, 'baseline'), 'hostPath volumes', 'volumes "a", "c"');
    assert.equal(run('hostPathVolumes', v(0), p, 'restricted'), undefined);
    expectFail(run('restrictedVolumes', v(0), p), 'restricted volume types', 'volumes "a", "c" use restricted volume type "hostPath"');
  });
  it('hostPorts: distinct ports as sorted strings', () => {
    const p = mutate((q) => {
      q.spec.containers![0].ports = [
        {containerPort: 80, hostPort: 80},
        {containerPort: 443, hostPort: 443},
      ];
      q.spec.containers![1].ports = [
        {containerPort: 8080, hostPort: 0},
        {containerPort: 81, hostPort: 80},
      ];
    });
    expectFail(run('hostPorts', LATEST, p, 'baseline'), 'hostPort', 'containers "c1", "c2" use hostPorts 443, 80');
    const one = mutate((q) => (q.spec.containers![1].ports = [{containerPort: 9000, hostPort: 9000}]));
    expectFail(run('hostPorts', v(0), one, 'baseline'), 'hostPort', 'container "c2" uses hostPort 9000');
  });
});

describe('pss check: hostProbesAndHostLifecycle (1.34)', () => {
  const p = mutate((q) => {
    q.spec.containers![1].livenessProbe = {httpGet: {host: '10.0.0.1', port: 80}};
    q.spec.containers![1].lifecycle = {preStop: {tcpSocket: {host: 'example.com', port: 80}}};
    q.spec.containers![0].readinessProbe = {tcpSocket: {host: '10.0.0.1', port: 80}};
    q.spec.initContainers![0].startupProbe = {httpGet: {host: '', port: 80}};
  });
  it('absent at v1.33, enforced at v1.34: containers and hosts as sorted sets', () => {
    assert.equal(run('hostProbesAndHostLifecycle', v(33), p, 'baseline'), undefined);
    expectFail(
      run('hostProbesAndHostLifecycle', v(34), p, 'baseline'),
      'probe or lifecycle host',
      'containers "c1", "c2" use probe or lifecycle hosts "10.0.0.1", "example.com"',
    );
  });
  it('singular form, and an empty host passes', () => {
    const one = mutate((q) => (q.spec.containers![0].lifecycle = {postStart: {httpGet: {host: '127.0.0.1', port: 1}}}));
    expectFail(run('hostProbesAndHostLifecycle', LATEST, one), 'probe or lifecycle host', 'container "c1" uses probe or lifecycle host "127.0.0.1"');
    expectPass(
      run(
        'hostProbesAndHostLifecycle',
        LATEST,
        mutate((q) => (q.spec.containers![0].livenessProbe = {httpGet: {host: '', port: 1}})),
      ),
    );
  });
});

describe('pss check: privileged, windowsHostProcess (1.0)', () => {
  it('privileged=true fails; false passes', () => {
    const p = mutate((q) => {
      q.spec.initContainers![0].securityContext!.privileged = true;
      q.spec.containers![0].securityContext!.privileged = false;
    });
    expectFail(run('privileged', v(0), p, 'baseline'), 'privileged', 'container "init1" must not set securityContext.privileged=true');
  });
  it('hostProcess on pod and containers', () => {
    const p = mutate((q) => {
      q.spec.securityContext!.windowsOptions = {hostProcess: true};
      q.spec.containers = [
        {name: 'c1', securityContext: {windowsOptions: {hostProcess: true}}},
        {name: 'c2', securityContext: {windowsOptions: {hostProcess: true}}},
        {name: 'c3', securityContext: {windowsOptions: {hostProcess: false}}},
      ];
    }, windowsRestrictedPod);
    expectFail(
      run('windowsHostProcess', v(0), p, 'baseline'),
      'hostProcess',
      'pod and containers "c1", "c2" must not set securityContext.windowsOptions.hostProcess=true',
    );
    expectPass(
      run(
        'windowsHostProcess',
        LATEST,
        mutate((q) => (q.spec.securityContext!.windowsOptions = {hostProcess: false}), windowsRestrictedPod),
      ),
    );
  });
});

describe('pss check: procMount (1.0, 1.35 userns) and procMount_restricted (1.35)', () => {
  const unmasked = mutate((q) => {
    q.spec.containers![0].securityContext!.procMount = 'Unmasked';
    q.spec.containers![1].securityContext!.procMount = 'Default';
  });
  const userns = mutate((q) => {
    q.spec.hostUsers = false;
    q.spec.containers![0].securityContext!.procMount = 'Unmasked';
  });
  it('Unmasked fails at baseline everywhere without a user namespace', () => {
    expectFail(run('procMount', v(0), unmasked, 'baseline'), 'procMount', 'container "c1" must not set securityContext.procMount to "Unmasked"');
    expectFail(run('procMount', LATEST, unmasked, 'baseline'), 'procMount', 'container "c1" must not set securityContext.procMount to "Unmasked"');
  });
  it('hostUsers=false: baseline still fails at v1.34, passes from v1.35', () => {
    expectFail(run('procMount', v(34), userns, 'baseline'), 'procMount', 'container "c1" must not set securityContext.procMount to "Unmasked"');
    expectPass(run('procMount', v(35), userns, 'baseline'));
  });
  it('restricted: baseline procMount up to v1.34, procMount_restricted (unconditional) from v1.35', () => {
    assert.ok(run('procMount', v(34), userns, 'restricted'));
    assert.equal(run('procMount_restricted', v(34), userns, 'restricted'), undefined);
    assert.equal(run('procMount', v(35), userns, 'restricted'), undefined);
    expectFail(run('procMount_restricted', v(35), userns), 'procMount', 'container "c1" must not set securityContext.procMount to "Unmasked"');
  });
});

describe('pss check: restrictedVolumes (1.0)', () => {
  it('allowed types pass, including image and a source-less volume (defaulted to emptyDir)', () => {
    const p = mutate(
      (q) =>
        (q.spec.volumes = [
          {name: 'a', configMap: {name: 'x'}},
          {name: 'b', csi: {driver: 'd'}},
          {name: 'c', downwardAPI: {}},
          {name: 'd', emptyDir: {}},
          {name: 'e', ephemeral: {}},
          {name: 'f', image: {reference: 'x'}},
          {name: 'g', persistentVolumeClaim: {claimName: 'x'}},
          {name: 'h', projected: {sources: []}},
          {name: 'i', secret: {secretName: 'x'}},
          {name: 'j'},
        ]),
    );
    expectPass(run('restrictedVolumes', LATEST, p));
  });
  it('restricted and unknown types, distinct and sorted', () => {
    const p = mutate(
      (q) =>
        (q.spec.volumes = [
          {name: 'n', nfs: {server: 's', path: '/'}},
          {name: 'g', gitRepo: {repository: 'r'}},
          {name: 'n2', nfs: {server: 's', path: '/'}},
          {name: 'u', futureThing: {}},
        ]),
    );
    expectFail(
      run('restrictedVolumes', v(0), p),
      'restricted volume types',
      'volumes "n", "g", "n2", "u" use restricted volume types "gitRepo", "nfs", "unknown"',
    );
    const one = mutate((q) => (q.spec.volumes = [{name: 'az', azureFile: {secretName: 's', shareName: 'x'}}]));
    expectFail(run('restrictedVolumes', LATEST, one), 'restricted volume types', 'volume "az" uses restricted volume type "azureFile"');
  });
});

describe('pss check: runAsNonRoot (1.0, 1.35 userns) and runAsUser (1.23, 1.35 userns)', () => {
  it('runAsNonRoot: explicit false on pod and containers', () => {
    const p = mutate((q) => {
      q.spec.securityContext!.runAsNonRoot = false;
      q.spec.containers![1].securityContext!.runAsNonRoot = false;
      q.spec.containers![0].securityContext!.runAsNonRoot = true;
    });
    expectFail(run('runAsNonRoot', v(0), p), 'runAsNonRoot != true', 'pod and container "c2" must not set securityContext.runAsNonRoot=false');
  });
  it('runAsNonRoot: unset on the pod and some containers', () => {
    const p = mutate((q) => {
      delete q.spec.securityContext!.runAsNonRoot;
      q.spec.initContainers![0].securityContext!.runAsNonRoot = true;
    });
    expectFail(run('runAsNonRoot', LATEST, p), 'runAsNonRoot != true', 'pod or containers "c1", "c2" must set securityContext.runAsNonRoot=true');
  });
  it('runAsNonRoot: Windows pods are not exempt, at any version', () => {
    const w = mutate((q) => delete q.spec.securityContext!.runAsNonRoot, windowsRestrictedPod);
    expectFail(run('runAsNonRoot', LATEST, w), 'runAsNonRoot != true', 'pod or container "c1" must set securityContext.runAsNonRoot=true');
  });
  it('runAsNonRoot: hostUsers=false fails at v1.34, passes at v1.35', () => {
    const p = mutate((q) => {
      q.spec.hostUsers = false;
      q.spec.securityContext!.runAsNonRoot = false;
    });
    expectFail(run('runAsNonRoot', v(34), p), 'runAsNonRoot != true', 'pod must not set securityContext.runAsNonRoot=false');
    expectPass(run('runAsNonRoot', v(35), p));
  });
  it('runAsUser: absent at v1.22, present at v1.23; userns relaxation at v1.35', () => {
    const p = mutate((q) => {
      q.spec.securityContext!.runAsUser = 0;
      q.spec.containers![0].securityContext!.runAsUser = 0;
      q.spec.containers![1].securityContext!.runAsUser = 1000;
    });
    assert.equal(run('runAsUser', v(22), p), undefined);
    expectFail(run('runAsUser', v(23), p), 'runAsUser=0', 'pod and container "c1" must not set runAsUser=0');
    const u = mutate((q) => {
      q.spec.hostUsers = false;
      q.spec.containers![0].securityContext!.runAsUser = 0;
    });
    expectFail(run('runAsUser', v(34), u), 'runAsUser=0', 'container "c1" must not set runAsUser=0');
    expectPass(run('runAsUser', v(35), u));
    expectFail(
      run(
        'runAsUser',
        v(35),
        mutate((q) => ((q.spec.hostUsers = true), (q.spec.securityContext!.runAsUser = 0))),
      ),
      'runAsUser=0',
      'pod must not set runAsUser=0',
    );
  });
});

describe('pss check: seLinuxOptions (1.0, 1.31 container_engine_t)', () => {
  const engine = mutate((q) => (q.spec.securityContext!.seLinuxOptions = {type: 'container_engine_t'}));
  it('container_engine_t: forbidden at v1.30, allowed at v1.31', () => {
    expectFail(
      run('seLinuxOptions', v(30), engine, 'baseline'),
      'seLinuxOptions',
      'pod set forbidden securityContext.seLinuxOptions: type "container_engine_t"',
    );
    expectPass(run('seLinuxOptions', v(31), engine, 'baseline'));
  });
  it('types, user and role joined with "; "', () => {
    const p = mutate((q) => {
      q.spec.securityContext!.seLinuxOptions = {type: 'spc_t', user: 'u'};
      q.spec.containers![0].securityContext!.seLinuxOptions = {type: 'unconfined_t', role: 'r'};
      q.spec.containers![1].securityContext!.seLinuxOptions = {type: 'container_t', level: 's0:c1'};
    });
    expectFail(
      run('seLinuxOptions', LATEST, p),
      'seLinuxOptions',
      'pod and container "c1" set forbidden securityContext.seLinuxOptions: types "spc_t", "unconfined_t"; user may not be set; role may not be set',
    );
  });
});

describe('pss check: seccompProfile_baseline (1.0 annotations, 1.19 fields) and seccompProfile_restricted (1.19, 1.25 Windows)', () => {
  it('v1.0-1.18 reads the annotations, v1.19+ the fields', () => {
    const p = mutate((q) => {
      q.meta.annotations['seccomp.security.alpha.kubernetes.io/pod'] = 'unconfined';
      q.meta.annotations['container.seccomp.security.alpha.kubernetes.io/c1'] = 'runtime/default';
      q.meta.annotations['container.seccomp.security.alpha.kubernetes.io/c2'] = 'unconfined';
      q.meta.annotations['container.seccomp.security.alpha.kubernetes.io/gone'] = 'unconfined';
    });
    expectFail(
      run('seccompProfile_baseline', v(18), p, 'baseline'),
      'seccompProfile',
      'forbidden annotations container.seccomp.security.alpha.kubernetes.io/c2="unconfined", seccomp.security.alpha.kubernetes.io/pod="unconfined"',
    );
    expectPass(run('seccompProfile_baseline', v(19), p, 'baseline'));
    const f = mutate((q) => {
      q.spec.securityContext!.seccompProfile = {type: 'Unconfined'};
      q.spec.containers![1].securityContext!.seccompProfile = {type: 'Unconfined'};
    });
    expectPass(run('seccompProfile_baseline', v(18), f, 'baseline'));
    expectFail(
      run('seccompProfile_baseline', v(19), f, 'baseline'),
      'seccompProfile',
      'pod and container "c2" must not set securityContext.seccompProfile.type to "Unconfined"',
    );
  });
  it('restricted: absent at v1.18 (baseline runs), replaces baseline at v1.19', () => {
    const p = mutate((q) => delete q.spec.securityContext!.seccompProfile);
    assert.equal(run('seccompProfile_restricted', v(18), p), undefined);
    assert.ok(run('seccompProfile_baseline', v(18), p));
    assert.equal(run('seccompProfile_baseline', v(19), p), undefined);
    expectFail(
      run('seccompProfile_restricted', v(19), p),
      'seccompProfile',
      'pod or containers "init1", "c1", "c2" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    );
  });
  it('restricted: a container may opt in when the pod does not; explicit bad values come first', () => {
    const p = mutate((q) => {
      delete q.spec.securityContext!.seccompProfile;
      q.spec.initContainers![0].securityContext!.seccompProfile = {type: 'Localhost', localhostProfile: 'x'};
      q.spec.containers![0].securityContext!.seccompProfile = {type: 'Unconfined'};
    });
    expectFail(
      run('seccompProfile_restricted', LATEST, p),
      'seccompProfile',
      'container "c1" must not set securityContext.seccompProfile.type to "Unconfined"',
    );
  });
  it('Windows pods: required at v1.24, exempt at v1.25', () => {
    const w = windowsRestrictedPod();
    expectFail(
      run('seccompProfile_restricted', v(24), w),
      'seccompProfile',
      'pod or container "c1" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"',
    );
    expectPass(run('seccompProfile_restricted', v(25), w));
  });
});

describe('pss check: sysctls (1.0, 1.27, 1.29, 1.32, 1.37)', () => {
  const withSysctls = (names: string[]) => mutate((q) => (q.spec.securityContext!.sysctls = names.map((name) => ({name, value: '1'}))));
  const boundaries: [number, string][] = [
    [27, 'net.ipv4.ip_local_reserved_ports'],
    [29, 'net.ipv4.tcp_keepalive_time'],
    [29, 'net.ipv4.tcp_fin_timeout'],
    [29, 'net.ipv4.tcp_keepalive_intvl'],
    [29, 'net.ipv4.tcp_keepalive_probes'],
    [32, 'net.ipv4.tcp_rmem'],
    [32, 'net.ipv4.tcp_wmem'],
    [37, 'net.ipv4.tcp_slow_start_after_idle'],
    [37, 'net.ipv4.tcp_notsent_lowat'],
  ];
  for (const [minor, name] of boundaries) {
    it(`${name}: forbidden at v1.${minor - 1}, allowed at v1.${minor}`, () => {
      expectFail(run('sysctls', v(minor - 1), withSysctls([name]), 'baseline'), 'forbidden sysctls', name);
      expectPass(run('sysctls', v(minor), withSysctls([name]), 'baseline'));
    });
  }
  it('the v1.0 safe set passes at v1.0; others listed in spec order with duplicates', () => {
    expectPass(
      run(
        'sysctls',
        v(0),
        withSysctls([
          'kernel.shm_rmid_forced',
          'net.ipv4.ip_local_port_range',
          'net.ipv4.tcp_syncookies',
          'net.ipv4.ping_group_range',
          'net.ipv4.ip_unprivileged_port_start',
        ]),
        'baseline',
      ),
    );
    expectFail(
      run('sysctls', LATEST, withSysctls(['net.core.somaxconn', 'kernel.msgmax', 'net.core.somaxconn']), 'baseline'),
      'forbidden sysctls',
      'net.core.somaxconn, kernel.msgmax, net.core.somaxconn',
    );
  });
});

describe('pss check: the v1.25 Windows exemption does not cover baseline or runAsUser', () => {
  it('a Windows pod with hostProcess fails baseline at v1.34 even with spec.os.name', () => {
    const w = mutate((q) => {
      q.spec.hostNetwork = true;
      q.spec.securityContext!.windowsOptions = {hostProcess: true};
    }, windowsRestrictedPod);
    const ids = ev
      .evaluatePod({level: 'restricted', version: v(34)}, w.meta, w.spec)
      .filter((r) => !r.allowed)
      .map((r) => r.id);
    assert.deepEqual(ids, ['hostNamespaces', 'windowsHostProcess']);
  });
  it('an unset spec.os gets the full Linux rules', () => {
    const w = mutate((q) => delete q.spec.os, windowsRestrictedPod);
    const ids = ev
      .evaluatePod({level: 'restricted', version: v(34)}, w.meta, w.spec as PodSpecLike)
      .filter((r) => !r.allowed)
      .map((r) => r.id);
    assert.deepEqual(ids, ['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted']);
  });
});
