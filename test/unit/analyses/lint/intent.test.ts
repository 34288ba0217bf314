// Issue 19's Windows half in lint: the reverse case, the deprecated beta OS label (the apiserver's
// own warning), removed Windows features, the documented limits, and the texts made true.
import assert from 'node:assert/strict';
import type {KubeObject} from '../../../../src/k8s/object.js';
import {toWorkload} from '../../../../src/source/workloads.js';
import {lintWorkload} from '../../../../src/analyses/lint/analysis.js';
import {deployment, findingsOf, ids, NODES, node, pod, winSpec} from './helpers.js';

const daemonSet = (spec: Record<string, unknown>, name = 'ds', podAnnotations?: Record<string, string>) =>
  toWorkload(
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: {name, namespace: 'ns'},
      spec: {template: {metadata: {annotations: podAnnotations}, spec}},
    } as KubeObject,
    'ns',
  )!;
const linux = (extra: Record<string, unknown> = {}) => ({containers: [{name: 'agent', image: 'quay.io/cilium/cilium:v1.16.0'}], ...extra});

describe('lint/linux-workload-on-windows-nodes (the reverse case)', () => {
  const untainted = [node('win-a', {build: '10.0.20348', taints: []}), node('win-b', {build: '10.0.17763'}), node('linux', {os: 'linux'})];

  it('a Linux DaemonSet that tolerates every taint lands on every Windows node, named (kubernetes/kubernetes#94366)', () => {
    const f = findingsOf(daemonSet(linux({tolerations: [{operator: 'Exists'}]})), 'lint/linux-workload-on-windows-nodes', NODES);
    assert.equal(f.length, 1);
    assert.equal(f[0].field, 'spec.template.spec.nodeSelector');
    assert.match(f[0].message, /admit Windows nodes win2019, win2022, winold .*the DaemonSet runs a pod on each of them/);
    assert.deepEqual(f[0].remedy?.patch, {spec: {template: {spec: {nodeSelector: {'kubernetes.io/os': 'linux'}}}}});
  });

  it('an untainted Windows node takes a Deployment with no OS selection; tainted ones do not', () => {
    const f = findingsOf(deployment(linux()), 'lint/linux-workload-on-windows-nodes', untainted);
    assert.equal(f.length, 1);
    assert.match(f[0].message, /admit Windows node win-a \(/);
    assert.match(f[0].message, /the scheduler may place its pods there/);
    assert.deepEqual(findingsOf(deployment(linux()), 'lint/linux-workload-on-windows-nodes', NODES), []);
  });

  it('spec.os.name: linux does not steer the scheduler; a Linux selector or affinity does', () => {
    assert.match(
      findingsOf(deployment(linux({os: {name: 'linux'}})), 'lint/linux-workload-on-windows-nodes', untainted)[0].message,
      /spec\.os\.name: linux does not steer the scheduler/,
    );
    assert.deepEqual(ids(deployment(linux({nodeSelector: {'kubernetes.io/os': 'linux'}})), untainted), []);
    assert.deepEqual(
      ids(
        deployment(
          linux({
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [{matchExpressions: [{key: 'kubernetes.io/os', operator: 'NotIn', values: ['windows']}]}],
                },
              },
            },
          }),
        ),
        untainted,
      ),
      [],
    );
  });

  it('not for Windows pods, not offline without nodes, not for pinned pods, not without Windows nodes', () => {
    assert.deepEqual(findingsOf(deployment(winSpec({tolerations: [{operator: 'Exists'}]})), 'lint/linux-workload-on-windows-nodes', untainted), []);
    assert.deepEqual(ids(deployment(linux())), []);
    assert.deepEqual(ids(pod(linux({nodeName: 'linux'})), untainted), []);
    assert.deepEqual(ids(deployment(linux()), [node('l1', {os: 'linux'})]), []);
  });
});

describe('lint/os-label-deprecated: the apiserver warning, word for word (pkg/api/pod/warnings.go)', () => {
  it('nodeSelector, required and preferred affinity terms, with the template path', () => {
    const spec = {
      ...linux(),
      nodeSelector: {'beta.kubernetes.io/os': 'windows'},
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              {
                matchExpressions: [
                  {key: 'x', operator: 'Exists'},
                  {key: 'beta.kubernetes.io/os', operator: 'In', values: ['windows']},
                ],
              },
            ],
          },
          preferredDuringSchedulingIgnoredDuringExecution: [
            {weight: 1, preference: {matchExpressions: [{key: 'beta.kubernetes.io/os', operator: 'In', values: ['windows']}]}},
          ],
        },
      },
    };
    assert.deepEqual(
      findingsOf(deployment(spec), 'lint/os-label-deprecated').map((f) => f.message),
      [
        'spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead',
        'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[1].key: beta.kubernetes.io/os is deprecated since v1.14; use "kubernetes.io/os" instead',
        'spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].key: beta.kubernetes.io/os is deprecated since v1.14; use "kubernetes.io/os" instead',
      ],
    );
  });

  it('the beta label keeps a pod on Windows: no "may place it on a Linux node"', () => {
    const w = pod({
      containers: [{name: 'iis', image: 'mcr.microsoft.com/windows/servercore/iis'}],
      nodeSelector: {'beta.kubernetes.io/os': 'windows'},
      tolerations: [{operator: 'Exists'}],
    });
    const r = lintWorkload(w, NODES);
    assert.equal(r.item.os, 'windows');
    assert.deepEqual(
      r.findings.map((f) => f.id).filter((id) => id !== 'lint/image-os-version-mismatch'),
      ['lint/os-name-missing', 'lint/os-label-deprecated'],
    );
    assert.match(r.findings[0].message, /its node selection requires beta\.kubernetes\.io\/os=windows/);
  });
});

describe('lint/removed-windows-feature', () => {
  it('the Hyper-V isolation annotation, with the version that removed it', () => {
    const f = findingsOf(daemonSet(winSpec(), 'hv', {'experimental.windows.kubernetes.io/isolation-type': 'hyperv'}), 'lint/removed-windows-feature');
    assert.equal(f.length, 1);
    assert.equal(f[0].field, 'spec.template.metadata.annotations[experimental.windows.kubernetes.io/isolation-type]');
    assert.match(f[0].message, /removed in v1\.21 .*kubernetes\/kubernetes#95505.*runs process-isolated/);
  });

  it('the alpha gMSA annotations of 1.14-1.15, pod and container level', () => {
    const w = toWorkload(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: 'p',
          namespace: 'ns',
          annotations: {
            'pod.alpha.windows.kubernetes.io/gmsa-credential-spec-name': 'a',
            'iis.container.alpha.windows.kubernetes.io/gmsa-credential-spec': '{}',
            'unrelated.example.com/x': 'y',
          },
        },
        spec: winSpec(),
      } as KubeObject,
      'ns',
    )!;
    const f = findingsOf(w, 'lint/removed-windows-feature');
    assert.deepEqual(
      f.map((x) => x.field),
      [
        'metadata.annotations[pod.alpha.windows.kubernetes.io/gmsa-credential-spec-name]',
        'metadata.annotations[iis.container.alpha.windows.kubernetes.io/gmsa-credential-spec]',
      ],
    );
    assert.match(f[0].message, /replaced in v1\.16/);
  });

  it('process isolation is not a removed feature', () => {
    assert.deepEqual(
      findingsOf(daemonSet(winSpec(), 'p', {'experimental.windows.kubernetes.io/isolation-type': 'process'}), 'lint/removed-windows-feature'),
      [],
    );
  });
});

describe('documented Windows limits (kubernetes/website concepts/windows/intro.md, windows-storage.md, dns-pod-service.md)', () => {
  it('lint/dns-policy-host-network', () => {
    const f = findingsOf(pod(winSpec({dnsPolicy: 'ClusterFirstWithHostNet'})), 'lint/dns-policy-host-network');
    assert.deepEqual(
      f.map((x) => [x.field, x.message]),
      [['spec.dnsPolicy', 'dnsPolicy ClusterFirstWithHostNet is not supported for pods that run on Windows nodes']],
    );
    assert.deepEqual(findingsOf(pod(winSpec({dnsPolicy: 'ClusterFirst'})), 'lint/dns-policy-host-network'), []);
    assert.deepEqual(ids(pod(linux({dnsPolicy: 'ClusterFirstWithHostNet'}))), []);
  });

  it('lint/host-network: hostNetwork on a Windows pod that is not HostProcess (windows-networking.md, Limitations)', () => {
    const f = findingsOf(pod(winSpec({hostNetwork: true})), 'lint/host-network');
    assert.deepEqual(
      f.map((x) => x.field),
      ['spec.hostNetwork'],
    );
    assert.match(f[0].message, /Windows nodes do not support host networking mode/);
    const hp = {hostNetwork: true, securityContext: {windowsOptions: {hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM'}}};
    assert.deepEqual(findingsOf(pod(winSpec(hp)), 'lint/host-network'), []);
    assert.deepEqual(findingsOf(pod(winSpec({hostNetwork: false})), 'lint/host-network'), []);
  });

  it('lint/mount-propagation: HostToContainer and Bidirectional, not None', () => {
    const spec = winSpec(
      {volumes: [{name: 'v', emptyDir: {}}]},
      {
        volumeMounts: [
          {name: 'v', mountPath: 'C:\\a', mountPropagation: 'HostToContainer'},
          {name: 'v', mountPath: 'C:\\b', mountPropagation: 'None'},
        ],
      },
    );
    assert.deepEqual(
      findingsOf(pod(spec), 'lint/mount-propagation').map((f) => f.field),
      ['spec.containers[0].volumeMounts[0].mountPropagation'],
    );
  });

  it('lint/volume-default-mode: a non-default defaultMode or item mode (0644 is what the apiserver defaults)', () => {
    const spec = winSpec({
      volumes: [
        {name: 's', secret: {secretName: 's', defaultMode: 0o400}},
        {name: 'c', configMap: {name: 'c', defaultMode: 420, items: [{key: 'k', path: 'k', mode: 0o755}]}},
        {name: 'p', projected: {defaultMode: 420, sources: [{secret: {name: 'y', items: [{key: 'k', path: 'k', mode: 0o600}]}}]}},
      ],
    });
    const f = findingsOf(pod(spec), 'lint/volume-default-mode');
    assert.deepEqual(
      f.map((x) => x.field),
      ['spec.volumes[0].secret.defaultMode', 'spec.volumes[1].configMap.items[0].mode', 'spec.volumes[2].projected.sources[0].secret.items[0].mode'],
    );
    assert.match(f[0].message, /sets defaultMode 0400: Windows has no POSIX file modes/);
  });
});

describe('every message true', () => {
  it('privileged on a HostProcess container: the field is redundant, not "use a HostProcess pod"', () => {
    const spec = {
      hostNetwork: true,
      securityContext: {windowsOptions: {hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM'}},
      nodeSelector: {'kubernetes.io/os': 'windows'},
      containers: [
        {name: 'hp', image: 'mcr.microsoft.com/oss/kubernetes/windows-host-process-containers-base-image:v1.0.0', securityContext: {privileged: true}},
      ],
    };
    const f = findingsOf(pod(spec), 'lint/privileged');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /is a HostProcess container.*privileged: true is redundant/);
    assert.doesNotMatch(f[0].remedy!.text, /use a HostProcess pod/);
  });

  it('subPath: warned where a Docker Windows node can take the pod, not on containerd-only nodes', () => {
    const spec = (nodeSelector: Record<string, string>) =>
      winSpec({volumes: [{name: 'v', emptyDir: {}}], nodeSelector}, {volumeMounts: [{name: 'v', mountPath: 'C:\\a', subPath: 'x'}]});
    const containerd = findingsOf(pod(spec({'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348'})), 'lint/subpath-mount', NODES);
    assert.deepEqual(containerd, []);
    const docker = findingsOf(pod(spec({'kubernetes.io/os': 'windows'})), 'lint/subpath-mount', NODES);
    assert.equal(docker.length, 1);
    assert.match(docker[0].message, /on Docker Windows node winold only whole volumes can be mounted \(containerd is not affected/);
    assert.match(findingsOf(pod(spec({'kubernetes.io/os': 'windows'})), 'lint/subpath-mount')[0].message, /Windows nodes that run Docker/);
  });
});

describe('one rule for the image default user (lint and psp agree)', () => {
  it('Server Core based images (IIS, .NET Framework, servercore tags) default to ContainerAdministrator; Nano Server does not', async () => {
    const {defaultsToContainerAdministrator} = await import('../../../../src/k8s/windows-image.js');
    const {imageDefaultsToAdministrator} = await import('../../../../src/analyses/psp/windows.js');
    const cases: Array<[string, boolean]> = [
      ['microsoft/iis', true],
      ['mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022', true],
      ['mcr.microsoft.com/dotnet/framework/aspnet:4.8', true],
      ['mcr.microsoft.com/powershell:lts-windowsservercore-ltsc2022', true],
      ['mcr.microsoft.com/windows/server:ltsc2022', true],
      ['mcr.microsoft.com/windows/nanoserver:ltsc2022', false],
      ['mcr.microsoft.com/powershell:lts-nanoserver-ltsc2022', false],
      ['nginx', false],
    ];
    for (const [image, admin] of cases) {
      assert.equal(defaultsToContainerAdministrator(image), admin, image);
      assert.equal(imageDefaultsToAdministrator(image), admin, image);
      const f = findingsOf(pod(winSpec({securityContext: {runAsNonRoot: true}}, {image})), 'lint/run-as-non-root-administrator');
      assert.equal(f.length, admin ? 1 : 0, image);
    }
  });
});
