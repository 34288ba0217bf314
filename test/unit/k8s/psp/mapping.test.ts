// PSP -> PSS level per field (kubernetes/website psp-to-pod-security-standards.md), the mutating
// heuristics (kubernetes-sigs/pspmigrator), and `use` grants from RBAC objects.
import assert from 'node:assert/strict';
import {LATEST, majorMinor} from '../../../../src/k8s/pss/api.js';
import {pspLevel} from '../../../../src/k8s/psp/mapping.js';
import {mutatingFields} from '../../../../src/k8s/psp/mutating.js';
import {pspUseGrants, serviceAccountCanUse} from '../../../../src/k8s/psp/use.js';
import type {KubeObject} from '../../../../src/k8s/object.js';

const psp = (spec: object, annotations: Record<string, string> = {}, name = 'p'): KubeObject => ({
  apiVersion: 'policy/v1beta1',
  kind: 'PodSecurityPolicy',
  metadata: {name, annotations},
  spec,
});
const restrictedSpec = {
  privileged: false,
  allowPrivilegeEscalation: false,
  requiredDropCapabilities: ['ALL'],
  volumes: ['configMap', 'emptyDir', 'secret', 'projected', 'downwardAPI', 'persistentVolumeClaim', 'csi', 'ephemeral'],
  runAsUser: {rule: 'MustRunAsNonRoot'},
  seLinux: {rule: 'MustRunAs'},
  supplementalGroups: {rule: 'RunAsAny'},
  fsGroup: {rule: 'RunAsAny'},
};
const rtDefault = {'seccomp.security.alpha.kubernetes.io/allowedProfileNames': 'runtime/default'};

describe('psp mapping to Pod Security levels', () => {
  it('the upstream restricted example maps to restricted', () => {
    const m = pspLevel(psp(restrictedSpec, rtDefault), LATEST);
    assert.equal(m.level, 'restricted');
    assert.deepEqual(m.fields, []);
  });

  it('each field that lowers the level, with its reason', () => {
    const cases: [object, Record<string, string>, string, string][] = [
      [{allowPrivilegeEscalation: true}, rtDefault, 'spec.allowPrivilegeEscalation', 'baseline'],
      [{requiredDropCapabilities: []}, rtDefault, 'spec.requiredDropCapabilities', 'baseline'],
      [{allowedCapabilities: ['CHOWN']}, rtDefault, 'spec.allowedCapabilities', 'baseline'],
      [{allowedCapabilities: ['NET_BIND_SERVICE']}, rtDefault, '', 'restricted'],
      [{allowedCapabilities: ['SYS_ADMIN']}, rtDefault, 'spec.allowedCapabilities', 'privileged'],
      [{defaultAddCapabilities: ['*']}, rtDefault, 'spec.defaultAddCapabilities', 'privileged'],
      [{volumes: ['configMap', 'nfs']}, rtDefault, 'spec.volumes', 'baseline'],
      [{volumes: ['hostPath']}, rtDefault, 'spec.volumes', 'privileged'],
      [{volumes: ['*']}, rtDefault, 'spec.volumes', 'privileged'],
      [{hostNetwork: true}, rtDefault, 'spec.hostNetwork', 'privileged'],
      [{hostPorts: [{min: 80, max: 80}]}, rtDefault, 'spec.hostPorts', 'privileged'],
      [{runAsUser: {rule: 'RunAsAny'}}, rtDefault, 'spec.runAsUser.rule', 'baseline'],
      [{seLinux: {rule: 'RunAsAny'}}, rtDefault, 'spec.seLinux.rule', 'privileged'],
      [{seLinux: {rule: 'MustRunAs', seLinuxOptions: {type: 'spc_t'}}}, rtDefault, 'spec.seLinux.seLinuxOptions.type', 'privileged'],
      [{seLinux: {rule: 'MustRunAs', seLinuxOptions: {user: 'u'}}}, rtDefault, 'spec.seLinux.seLinuxOptions', 'privileged'],
      [{allowedProcMountTypes: ['Unmasked']}, rtDefault, 'spec.allowedProcMountTypes', 'privileged'],
      [{allowedUnsafeSysctls: ['net.core.somaxconn']}, rtDefault, 'spec.allowedUnsafeSysctls', 'privileged'],
      [
        {},
        {'seccomp.security.alpha.kubernetes.io/allowedProfileNames': 'runtime/default,'},
        'metadata.annotations[seccomp.security.alpha.kubernetes.io/allowedProfileNames]',
        'baseline',
      ],
      [
        {},
        {'seccomp.security.alpha.kubernetes.io/allowedProfileNames': '*'},
        'metadata.annotations[seccomp.security.alpha.kubernetes.io/allowedProfileNames]',
        'privileged',
      ],
      [{}, {}, 'metadata.annotations[seccomp.security.alpha.kubernetes.io/allowedProfileNames]', 'baseline'],
      [
        {},
        {...rtDefault, 'apparmor.security.beta.kubernetes.io/allowedProfileNames': 'unconfined'},
        'metadata.annotations[apparmor.security.beta.kubernetes.io/allowedProfileNames]',
        'privileged',
      ],
    ];
    for (const [patch, ann, field, level] of cases) {
      const m = pspLevel(psp({...restrictedSpec, ...patch}, ann), LATEST);
      assert.equal(m.level, level, JSON.stringify(patch) + JSON.stringify(ann));
      if (field)
        assert.deepEqual(
          m.fields.map((f) => f.field),
          [field],
          JSON.stringify(patch),
        );
    }
  });

  it('follows the PSS version: container_engine_t from v1.31, tcp_rmem from v1.32', () => {
    const engine = psp({...restrictedSpec, seLinux: {rule: 'MustRunAs', seLinuxOptions: {type: 'container_engine_t'}}}, rtDefault);
    assert.equal(pspLevel(engine, majorMinor(1, 30)).level, 'privileged');
    assert.equal(pspLevel(engine, majorMinor(1, 31)).level, 'restricted');
    const rmem = psp({...restrictedSpec, allowedUnsafeSysctls: ['net.ipv4.tcp_rmem']}, rtDefault);
    assert.equal(pspLevel(rmem, majorMinor(1, 31)).level, 'privileged');
    assert.equal(pspLevel(rmem, majorMinor(1, 32)).level, 'restricted');
  });
});

describe('psp mutating heuristics', () => {
  it('lists each mutating field; a RunAsAny policy without defaults mutates nothing', () => {
    assert.deepEqual(
      mutatingFields(psp({seLinux: {rule: 'RunAsAny'}, runAsUser: {rule: 'RunAsAny'}, supplementalGroups: {rule: 'RunAsAny'}, fsGroup: {rule: 'RunAsAny'}})),
      [],
    );
    const m = mutatingFields(
      psp(
        {
          defaultAddCapabilities: ['CHOWN'],
          requiredDropCapabilities: ['ALL'],
          seLinux: {rule: 'MustRunAs'},
          runAsUser: {rule: 'MustRunAsNonRoot'},
          runAsGroup: {rule: 'MustRunAs'},
          readOnlyRootFilesystem: true,
          defaultAllowPrivilegeEscalation: false,
          allowPrivilegeEscalation: false,
        },
        {'seccomp.security.alpha.kubernetes.io/defaultProfileName': 'runtime/default'},
      ),
    );
    assert.deepEqual(
      m.map((f) => f.field),
      [
        'spec.defaultAddCapabilities',
        'spec.requiredDropCapabilities',
        'spec.seLinux.rule',
        'spec.runAsUser.rule',
        'spec.runAsGroup.rule',
        'spec.readOnlyRootFilesystem',
        'spec.defaultAllowPrivilegeEscalation',
        'spec.allowPrivilegeEscalation',
        'metadata.annotations[seccomp.security.alpha.kubernetes.io/defaultProfileName]',
      ],
    );
  });
});

describe('psp use grants', () => {
  const role = (name: string, rules: object[]): KubeObject => ({apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: {name}, rules});
  const crb = (name: string, roleName: string, subjects: object[]): KubeObject => ({
    kind: 'ClusterRoleBinding',
    metadata: {name},
    roleRef: {kind: 'ClusterRole', name: roleName},
    subjects,
  });
  const rb = (name: string, ns: string, roleName: string, subjects: object[]): KubeObject => ({
    kind: 'RoleBinding',
    metadata: {name, namespace: ns},
    roleRef: {kind: 'ClusterRole', name: roleName},
    subjects,
  });
  const psps = [psp({}, {}, 'a'), psp({}, {}, 'b')];

  it('matches verb use on podsecuritypolicies in policy or extensions, by resourceNames or all', () => {
    const grants = pspUseGrants(psps, {
      clusterroles: [
        role('use-a', [{apiGroups: ['policy'], resources: ['podsecuritypolicies'], verbs: ['use'], resourceNames: ['a']}]),
        role('use-all', [{apiGroups: ['extensions'], resources: ['podsecuritypolicies'], verbs: ['*']}]),
        role('get-a', [{apiGroups: ['policy'], resources: ['podsecuritypolicies'], verbs: ['get'], resourceNames: ['a']}]),
        role('wrong-group', [{apiGroups: ['apps'], resources: ['podsecuritypolicies'], verbs: ['use']}]),
      ],
      clusterrolebindings: [
        crb('c1', 'use-a', [{kind: 'Group', name: 'system:authenticated'}]),
        crb('c2', 'get-a', [{kind: 'User', name: 'eve'}]),
        crb('c3', 'wrong-group', [{kind: 'User', name: 'mal'}]),
      ],
      rolebindings: [rb('r1', 'ns1', 'use-all', [{kind: 'ServiceAccount', name: 'sa'}])],
      roles: [],
    });
    assert.deepEqual(
      grants.map((g) => `${g.psp} ${g.subject} ${g.namespace ?? '*'} ${g.via}`),
      [
        'a Group "system:authenticated" * ClusterRoleBinding "c1" of ClusterRole "use-a"',
        'a ServiceAccount "sa/ns1" ns1 RoleBinding "r1/ns1" of ClusterRole "use-all"',
        'b ServiceAccount "sa/ns1" ns1 RoleBinding "r1/ns1" of ClusterRole "use-all"',
      ],
    );
    assert.ok(serviceAccountCanUse(grants, 'b', 'ns1', 'sa'));
    assert.equal(serviceAccountCanUse(grants, 'b', 'ns2', 'sa'), undefined);
    assert.ok(serviceAccountCanUse(grants, 'a', 'anywhere', 'default'), 'system:authenticated covers service accounts');
  });
});
