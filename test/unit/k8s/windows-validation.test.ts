import assert from 'node:assert/strict';
import type {V1PodSpec} from '@kubernetes/client-node';
import {errorString} from '../../../src/k8s/field-error.js';
import {validateWindowsHostProcessPod, validateWindowsPodSpec, WINDOWS_FORBIDDEN_CONTAINER_FIELDS} from '../../../src/k8s/windows-validation.js';

const lines = (spec: unknown, path = 'spec', minor?: number) => validateWindowsPodSpec(spec as V1PodSpec, path, undefined, minor).map(errorString);
const hp = (v?: boolean) => (v === undefined ? {} : {securityContext: {windowsOptions: {hostProcess: v}}});

describe('validateWindowsHostProcessPod', () => {
  it('accepts a pod where every container inherits hostProcess and hostNetwork is true', () => {
    assert.deepEqual(
      lines({hostNetwork: true, securityContext: {windowsOptions: {hostProcess: true}}, containers: [{name: 'a'}], initContainers: [{name: 'i'}]}),
      [],
    );
  });

  it('reports a container value that differs from the pod value (with the pod value in the message)', () => {
    assert.deepEqual(lines({hostNetwork: true, securityContext: {windowsOptions: {hostProcess: true}}, containers: [{name: 'a', ...hp(false)}]}), [
      'spec.containers[0].securityContext.windowsOptions.hostProcess: Invalid value: false: pod hostProcess value must be identical if both are specified, was true',
    ]);
  });

  it('reports mixed HostProcess and regular containers, then hostNetwork, visiting init containers first', () => {
    assert.deepEqual(lines({initContainers: [{name: 'i', ...hp(true)}], containers: [{name: 'a'}]}), [
      'spec: Invalid value: "": If pod contains any hostProcess containers then all containers must be HostProcess containers',
      'spec.hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers',
    ]);
  });

  it('counts ephemeral containers: one without hostProcess makes the pod mixed unless the pod sets it', () => {
    const base = {hostNetwork: true, containers: [{name: 'a', ...hp(true)}], ephemeralContainers: [{name: 'dbg'}]};
    assert.equal(validateWindowsHostProcessPod(base as V1PodSpec, 'spec').length, 1);
    assert.equal(validateWindowsHostProcessPod({...base, securityContext: {windowsOptions: {hostProcess: true}}} as V1PodSpec, 'spec').length, 0);
  });

  it('explicit hostProcess: false everywhere is not a HostProcess pod', () => {
    assert.deepEqual(lines({securityContext: {windowsOptions: {hostProcess: false}}, containers: [{name: 'a', ...hp(false)}]}), []);
  });

  it('uses the template path for workloads', () => {
    assert.deepEqual(lines({containers: [{name: 'a', ...hp(true)}]}, 'spec.template.spec'), [
      'spec.template.spec.hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers',
    ]);
  });
});

describe('spec.os rules', () => {
  it('empty name: Required value, and nothing else OS-related', () => {
    assert.deepEqual(lines({os: {name: ''}, securityContext: {runAsUser: 1}, containers: [{name: 'a'}]}), ['spec.os.name: Required value']);
  });

  it('unknown name: Unsupported value rendered through json.Marshal', () => {
    assert.deepEqual(lines({os: {name: 'win<dows>'}, containers: [{name: 'a'}]}), [
      'spec.os: Unsupported value: "win\\u003cdows\\u003e": supported values: "linux", "windows"',
    ]);
  });

  it('linux: windowsOptions forbidden at pod and container level', () => {
    assert.deepEqual(
      lines({
        os: {name: 'linux'},
        securityContext: {windowsOptions: {}},
        initContainers: [{name: 'i', securityContext: {windowsOptions: {}}}],
        containers: [{name: 'a'}],
      }),
      [
        'spec.securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod',
        'spec.initContainers[0].securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod',
      ],
    );
  });

  it('windows: every pod-level Linux-only field, in the order of v1.34 to v1.36 (host fields inside the security context)', () => {
    const spec = {
      os: {name: 'windows'},
      hostUsers: true,
      hostPID: true,
      hostIPC: true,
      shareProcessNamespace: false,
      securityContext: {
        appArmorProfile: {type: 'RuntimeDefault'},
        seLinuxOptions: {},
        seccompProfile: {type: 'RuntimeDefault'},
        fsGroup: 1,
        fsGroupChangePolicy: 'Always',
        sysctls: [{name: 'a', value: 'b'}],
        runAsUser: 1,
        runAsGroup: 1,
        supplementalGroups: [],
        supplementalGroupsPolicy: 'Merge',
        seLinuxChangePolicy: 'Recursive',
        runAsNonRoot: true,
        windowsOptions: {runAsUserName: 'ContainerUser'},
      },
      containers: [{name: 'a'}],
    };
    for (const minor of [34, 35, 36])
      assert.deepEqual(
        lines(spec, 'spec', minor).map((l) => l.replace(': Forbidden: cannot be set for a windows pod', '')),
        [
          'spec.securityContext.appArmorProfile',
          'spec.securityContext.seLinuxOptions',
          'spec.hostUsers',
          'spec.hostPID',
          'spec.hostIPC',
          'spec.securityContext.seccompProfile',
          'spec.securityContext.fsGroup',
          'spec.securityContext.fsGroupChangePolicy',
          'spec.securityContext.sysctls',
          'spec.shareProcessNamespace',
          'spec.securityContext.runAsUser',
          'spec.securityContext.runAsGroup',
          'spec.securityContext.supplementalGroups',
          'spec.securityContext.supplementalGroupsPolicy',
          'spec.securityContext.seLinuxChangePolicy',
        ],
      );
  });

  it('windows: from v1.37 the pod security context first, then hostUsers, hostPID, hostIPC, shareProcessNamespace', () => {
    const spec = {
      os: {name: 'windows'},
      hostUsers: true,
      hostPID: true,
      hostIPC: true,
      shareProcessNamespace: false,
      securityContext: {
        appArmorProfile: {type: 'RuntimeDefault'},
        seccompProfile: {type: 'RuntimeDefault'},
        sysctls: [{name: 'a', value: 'b'}],
        runAsUser: 1,
        seLinuxChangePolicy: 'Recursive',
      },
      containers: [{name: 'a'}],
    };
    assert.deepEqual(
      lines(spec, 'spec', 37).map((l) => l.replace(': Forbidden: cannot be set for a windows pod', '')),
      [
        'spec.securityContext.appArmorProfile',
        'spec.securityContext.seccompProfile',
        'spec.securityContext.sysctls',
        'spec.securityContext.runAsUser',
        'spec.securityContext.seLinuxChangePolicy',
        'spec.hostUsers',
        'spec.hostPID',
        'spec.hostIPC',
        'spec.shareProcessNamespace',
      ],
    );
  });

  it('windows: false hostPID/hostIPC and empty sysctls are fine', () => {
    assert.deepEqual(lines({os: {name: 'windows'}, hostPID: false, hostIPC: false, securityContext: {sysctls: []}, containers: [{name: 'a'}]}), []);
  });

  it('windows: container fields in order, even when false, across init, regular, ephemeral', () => {
    const sc = Object.fromEntries(
      WINDOWS_FORBIDDEN_CONTAINER_FIELDS.map((k) => [
        k,
        k === 'capabilities' || k.endsWith('Options') || k.endsWith('Profile')
          ? {}
          : k === 'procMount'
            ? 'Default'
            : typeof k === 'string' && k.startsWith('run')
              ? 1
              : false,
      ]),
    );
    const out = lines({
      os: {name: 'windows'},
      initContainers: [{name: 'i', securityContext: {privileged: false}}],
      containers: [{name: 'a', securityContext: sc}],
      ephemeralContainers: [{name: 'e', securityContext: {runAsGroup: 1}}],
    });
    assert.deepEqual(
      out.map((l) => l.split(':')[0]),
      [
        'spec.initContainers[0].securityContext.privileged',
        ...WINDOWS_FORBIDDEN_CONTAINER_FIELDS.map((k) => `spec.containers[0].securityContext.${k}`),
        'spec.ephemeralContainers[0].securityContext.runAsGroup',
      ],
    );
  });

  it('windows: pod-level resources forbidden; on other pods not our concern', () => {
    assert.deepEqual(lines({os: {name: 'windows'}, resources: {requests: {cpu: '1'}}, containers: [{name: 'a'}]}), [
      'spec.resources: Forbidden: may not be set for a windows pod',
    ]);
    assert.deepEqual(lines({resources: {requests: {cpu: '1'}}, containers: [{name: 'a'}]}), []);
  });

  it('no spec.os: Linux-only fields are accepted', () => {
    assert.deepEqual(lines({hostPID: true, securityContext: {runAsUser: 1}, containers: [{name: 'a', securityContext: {privileged: true}}]}), []);
  });
});

describe('validateWindowsPodSpec ordering', () => {
  it('containers, init, ephemeral windowsOptions; resources; pod windowsOptions; HostProcess; OS', () => {
    const bad = {windowsOptions: {runAsUserName: ''}};
    const out = lines({
      os: {name: 'windows'},
      resources: {},
      hostPID: true,
      securityContext: {windowsOptions: {runAsUserName: '', hostProcess: true}},
      initContainers: [{name: 'i', securityContext: bad}],
      containers: [{name: 'a', securityContext: bad}],
      ephemeralContainers: [{name: 'e', securityContext: bad}],
    });
    assert.deepEqual(
      out.map((l) => l.split(':')[0]),
      [
        'spec.containers[0].securityContext.windowsOptions.runAsUserName',
        'spec.initContainers[0].securityContext.windowsOptions.runAsUserName',
        'spec.ephemeralContainers[0].securityContext.windowsOptions.runAsUserName',
        'spec.resources',
        'spec.securityContext.windowsOptions.runAsUserName',
        'spec.hostNetwork',
        'spec.hostPID',
      ],
    );
  });
});
