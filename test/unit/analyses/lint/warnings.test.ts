import assert from 'node:assert/strict';
import {findingsOf, ids, NODES, node, pod, winSpec} from './helpers.js';
import {parse as parseYaml} from 'yaml';
import type {Finding} from '../../../../src/report/types.js';

const noOs = (extra: Record<string, unknown> = {}, container: Record<string, unknown> = {}) => {
  const s = winSpec(extra, container);
  delete s.os;
  return s;
};

/** The pod spec of a bare pod's remedy: the corrected Pod manifest. */
const fixedSpec = (f: Finding) => (parseYaml(f.remedy?.manifest ?? '{}') as {spec: Record<string, unknown>}).spec;

describe('lint warnings (accepted, but Windows will not run it)', () => {
  describe('lint/os-name-missing', () => {
    it('warns when node selection requires Windows but spec.os is unset', () => {
      const f = findingsOf(pod(noOs()), 'lint/os-name-missing');
      assert.equal(f.length, 1);
      assert.equal(f[0].field, 'spec.os');
      // A bare pod cannot be patched: the corrected Pod, to replace it.
      assert.equal(f[0].remedy?.apply, 'replace');
      assert.deepEqual(fixedSpec(f[0]).os, {name: 'windows'});
    });
    it('warns via required node affinity', () => {
      const spec = {
        containers: [{name: 'a', image: 'x'}],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{matchExpressions: [{key: 'kubernetes.io/os', operator: 'In', values: ['windows']}]}],
            },
          },
        },
      };
      assert.equal(findingsOf(pod(spec), 'lint/os-name-missing').length, 1);
    });
    it('warns when the pod runs on a Windows node (live)', () => {
      assert.equal(findingsOf(pod({nodeName: 'win2022', containers: [{name: 'a', image: 'x'}]}), 'lint/os-name-missing', NODES).length, 1);
    });
    it('stays quiet with spec.os.name set, or for a Linux pod', () => {
      assert.equal(findingsOf(pod(winSpec()), 'lint/os-name-missing').length, 0);
      assert.equal(findingsOf(pod({containers: [{name: 'a', image: 'nginx'}]}), 'lint/os-name-missing').length, 0);
    });
  });

  describe('lint/linux-field-on-windows', () => {
    it('lists each Linux-only field of a Windows-bound pod without spec.os', () => {
      const f = findingsOf(pod(noOs({securityContext: {runAsUser: 1000}}, {securityContext: {capabilities: {drop: ['ALL']}}})), 'lint/linux-field-on-windows');
      assert.deepEqual(
        f.map((x) => x.field),
        ['spec.securityContext.runAsUser', 'spec.containers[0].securityContext.capabilities'],
      );
    });
    it('is an error, not a warning, once spec.os.name is windows', () => {
      assert.deepEqual(ids(pod(winSpec({securityContext: {runAsUser: 1000}}))), ['lint/windows-forbidden-field']);
    });
  });

  describe('lint/read-only-root-filesystem and lint/privileged', () => {
    it('warn when true on a Windows-bound pod without spec.os', () => {
      assert.equal(
        findingsOf(pod(noOs({}, {securityContext: {readOnlyRootFilesystem: true}})), 'lint/read-only-root-filesystem')[0].field,
        'spec.containers[0].securityContext.readOnlyRootFilesystem',
      );
      assert.equal(findingsOf(pod(noOs({}, {securityContext: {privileged: true}})), 'lint/privileged').length, 1);
    });
    it('false values are only Linux-only fields', () => {
      const w = pod(noOs({}, {securityContext: {readOnlyRootFilesystem: false, privileged: false}}));
      assert.equal(findingsOf(w, 'lint/read-only-root-filesystem').length + findingsOf(w, 'lint/privileged').length, 0);
      assert.equal(findingsOf(w, 'lint/linux-field-on-windows').length, 2);
    });
    it('not on Linux pods', () => {
      assert.deepEqual(ids(pod({containers: [{name: 'a', image: 'nginx', securityContext: {readOnlyRootFilesystem: true, privileged: true}}]})), []);
    });
  });

  describe('lint/hostprocess-user', () => {
    const hpSpec = (user: string) => winSpec({hostNetwork: true, securityContext: {windowsOptions: {hostProcess: true, runAsUserName: user}}});
    it('warns for a domain account', () => {
      const f = findingsOf(pod(hpSpec('CONTOSO\\svc')), 'lint/hostprocess-user');
      assert.equal(f.length, 1);
      assert.equal(f[0].field, 'spec.securityContext.windowsOptions.runAsUserName');
    });
    it('accepts the three service accounts (any case) and local groups', () => {
      for (const u of ['NT AUTHORITY\\SYSTEM', 'nt authority\\local service', 'NT AUTHORITY\\NetworkService', 'hpc-users']) {
        assert.equal(findingsOf(pod(hpSpec(u)), 'lint/hostprocess-user').length, 0, u);
      }
    });
    it('ignores non-HostProcess pods', () => {
      assert.equal(findingsOf(pod(winSpec({securityContext: {windowsOptions: {runAsUserName: 'CONTOSO\\svc'}}})), 'lint/hostprocess-user').length, 0);
    });
  });

  describe('lint/run-as-non-root-administrator', () => {
    it('warns for runAsNonRoot with ContainerAdministrator (case-insensitive, pod + container)', () => {
      const f = findingsOf(
        pod(winSpec({securityContext: {runAsNonRoot: true}}, {securityContext: {windowsOptions: {runAsUserName: 'containeradministrator'}}})),
        'lint/run-as-non-root-administrator',
      );
      assert.equal(f.length, 1);
      assert.equal(f[0].field, 'spec.containers[0].securityContext.windowsOptions.runAsUserName');
    });
    it('warns when a servercore image (default user ContainerAdministrator) has no runAsUserName', () => {
      const f = findingsOf(
        pod(winSpec({securityContext: {runAsNonRoot: true}}, {image: 'mcr.microsoft.com/windows/servercore:ltsc2022'})),
        'lint/run-as-non-root-administrator',
      );
      assert.equal(f.length, 1);
    });
    it('quiet for ContainerUser, nanoserver images, or without runAsNonRoot', () => {
      assert.equal(
        findingsOf(
          pod(winSpec({securityContext: {runAsNonRoot: true, windowsOptions: {runAsUserName: 'ContainerUser'}}})),
          'lint/run-as-non-root-administrator',
        ).length,
        0,
      );
      assert.equal(findingsOf(pod(winSpec({securityContext: {runAsNonRoot: true}})), 'lint/run-as-non-root-administrator').length, 0);
      assert.equal(
        findingsOf(pod(winSpec({securityContext: {windowsOptions: {runAsUserName: 'ContainerAdministrator'}}})), 'lint/run-as-non-root-administrator').length,
        0,
      );
    });
  });

  describe('volume and resource features Windows lacks', () => {
    it('lint/subpath-mount: subPath and subPathExpr', () => {
      const f = findingsOf(
        pod(
          winSpec(
            {volumes: [{name: 'v', emptyDir: {}}]},
            {
              volumeMounts: [
                {name: 'v', mountPath: 'C:\\a', subPath: 'x'},
                {name: 'v', mountPath: 'C:\\b', subPathExpr: '$(POD)'},
                {name: 'v', mountPath: 'C:\\c'},
              ],
            },
          ),
        ),
        'lint/subpath-mount',
      );
      assert.deepEqual(
        f.map((x) => x.field),
        ['spec.containers[0].volumeMounts[0].subPath', 'spec.containers[0].volumeMounts[1].subPathExpr'],
      );
    });
    it('lint/single-file-mount: hostPath volumes of a file type, unless every selected node runs containerd', () => {
      const spec = winSpec({
        volumes: [
          {name: 'f', hostPath: {path: 'C:\\etc\\hosts', type: 'File'}},
          {name: 'd', hostPath: {path: 'C:\\logs', type: 'DirectoryOrCreate'}},
          {name: 'c', configMap: {name: 'x', items: [{key: 'a', path: 'a'}]}},
          {name: 'p', projected: {sources: [{secret: {name: 'y', items: [{key: 'k', path: 'k'}]}}]}},
          {name: 'o', hostPath: {path: 'C:\\x.sock', type: 'FileOrCreate'}},
        ],
      });
      const offline = findingsOf(pod(spec), 'lint/single-file-mount');
      assert.deepEqual(
        offline.map((f) => f.field),
        ['spec.volumes[0].hostPath.type', 'spec.volumes[4].hostPath.type'],
      );
      assert.deepEqual(
        offline.map((f) => f.severity),
        ['info', 'info'],
        'offline the runtime is unknown: a note',
      );
      assert.match(offline[0].message, /only if your nodes still run Docker/);
      assert.equal(findingsOf(pod(spec), 'lint/single-file-mount', NODES).length, 0, 'its build selector keeps it off the 2019 Docker node');
      const any = {...spec, nodeSelector: {'kubernetes.io/os': 'windows'}};
      assert.deepEqual(
        findingsOf(pod(any), 'lint/single-file-mount', NODES).map((f) => f.severity),
        ['warning', 'warning'],
        'the Docker node is selectable',
      );
      const containerdOnly = NODES.filter((n) => n.metadata?.name !== 'winold');
      assert.equal(findingsOf(pod(any), 'lint/single-file-mount', containerdOnly).length, 0);
    });
    it('lint/nfs-volume', () => {
      assert.equal(findingsOf(pod(winSpec({volumes: [{name: 'n', nfs: {server: 's', path: '/p'}}]})), 'lint/nfs-volume')[0].field, 'spec.volumes[0].nfs');
    });
    it('lint/block-volume', () => {
      assert.equal(
        findingsOf(pod(winSpec({}, {volumeDevices: [{name: 'b', devicePath: 'x'}]})), 'lint/block-volume')[0].field,
        'spec.containers[0].volumeDevices',
      );
    });
    it('lint/memory-emptydir (disk emptyDir is fine)', () => {
      assert.equal(
        findingsOf(
          pod(
            winSpec({
              volumes: [
                {name: 'm', emptyDir: {medium: 'Memory'}},
                {name: 'd', emptyDir: {}},
              ],
            }),
          ),
          'lint/memory-emptydir',
        ).length,
        1,
      );
    });
    it('lint/hugepages in limits or requests, once per container', () => {
      const f = findingsOf(
        pod(winSpec({}, {resources: {limits: {'hugepages-2Mi': '1Gi', memory: '1Gi'}, requests: {'hugepages-1Gi': '1Gi'}}})),
        'lint/hugepages',
      );
      assert.deepEqual(
        f.map((x) => [x.field, x.message]),
        [
          [
            'spec.containers[0].resources.limits[hugepages-2Mi]',
            'container "app" requests hugepages-2Mi, hugepages-1Gi: huge pages are not implemented for Windows containers',
          ],
        ],
      );
      const same = findingsOf(
        pod(winSpec({}, {resources: {limits: {'hugepages-2Mi': '2Mi', memory: '1Gi'}, requests: {'hugepages-2Mi': '2Mi', memory: '1Gi'}}})),
        'lint/hugepages',
      );
      assert.equal(same.length, 1, 'a size in limits and requests is one finding');
      assert.equal(
        findingsOf(pod(winSpec({}, {resources: {requests: {'hugepages-2Mi': '2Mi'}}})), 'lint/hugepages')[0].field,
        'spec.containers[0].resources.requests[hugepages-2Mi]',
      );
    });
    it('lint/termination-message-path: custom path only', () => {
      assert.equal(findingsOf(pod(winSpec({}, {terminationMessagePath: 'C:\\logs\\t.txt'})), 'lint/termination-message-path').length, 1);
      assert.equal(findingsOf(pod(winSpec({}, {terminationMessagePath: '/dev/termination-log'})), 'lint/termination-message-path').length, 0);
    });
    it('lint/ipv6: hostAliases and nameservers', () => {
      const f = findingsOf(
        pod(
          winSpec({
            hostAliases: [
              {ip: 'fd00::1', hostnames: ['a']},
              {ip: '10.0.0.1', hostnames: ['b']},
            ],
            dnsConfig: {nameservers: ['2001:db8::53']},
          }),
        ),
        'lint/ipv6',
      );
      assert.deepEqual(
        f.map((x) => x.field),
        ['spec.hostAliases[0].ip', 'spec.dnsConfig.nameservers[0]'],
      );
    });
    it('none of these apply to Linux pods', () => {
      const linux = {
        os: {name: 'linux'},
        volumes: [
          {name: 'n', nfs: {server: 's', path: '/p'}},
          {name: 'm', emptyDir: {medium: 'Memory'}},
        ],
        containers: [{name: 'a', image: 'nginx', terminationMessagePath: '/x', volumeMounts: [{name: 'm', mountPath: '/m', subPath: 'x'}]}],
      };
      assert.deepEqual(ids(pod(linux)), []);
    });
  });
});

describe('lint scheduling warnings', () => {
  it('lint/windows-node-selector-missing: a Windows pod with nothing steering it to Windows', () => {
    const spec = winSpec();
    delete spec.nodeSelector;
    const f = findingsOf(pod(spec), 'lint/windows-node-selector-missing');
    assert.equal(f.length, 1);
    assert.deepEqual(fixedSpec(f[0]).nodeSelector, {'kubernetes.io/os': 'windows'});
    assert.equal(
      findingsOf(
        pod(spec),
        'lint/windows-node-selector-missing',
        NODES.filter((n) => n.metadata?.name !== 'linux'),
      ).length,
      0,
      'no Linux node to land on',
    );
    assert.equal(findingsOf(pod({...spec, runtimeClassName: 'windows-2022'}), 'lint/windows-node-selector-missing').length, 0, 'RuntimeClass may schedule it');
    assert.equal(findingsOf(pod(winSpec()), 'lint/windows-node-selector-missing').length, 0);
  });

  it('lint/windows-node-selector-missing also for pods that are Windows by their image', () => {
    assert.equal(
      findingsOf(
        pod({containers: [{name: 'a', image: 'mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022'}]}),
        'lint/windows-node-selector-missing',
      ).length,
      1,
    );
  });

  it('lint/windows-toleration-missing: every selected Windows node is tainted', () => {
    const spec = winSpec();
    delete spec.tolerations;
    const f = findingsOf(pod(spec), 'lint/windows-toleration-missing', NODES);
    assert.equal(f.length, 1);
    assert.deepEqual(fixedSpec(f[0]).tolerations, [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}]);
    assert.equal(findingsOf(pod(winSpec()), 'lint/windows-toleration-missing', NODES).length, 0);
    assert.equal(findingsOf(pod({...spec, tolerations: [{operator: 'Exists'}]}), 'lint/windows-toleration-missing', NODES).length, 0);
    assert.equal(findingsOf(pod(spec), 'lint/windows-toleration-missing', [node('w', {taints: []})]).length, 0);
    assert.equal(findingsOf(pod(spec), 'lint/windows-toleration-missing').length, 0, 'needs nodes');
  });

  it('lint/image-os-version-mismatch: image build vs the builds of the nodes it can use', () => {
    const pinned = (image: string, build?: string) =>
      pod(winSpec({nodeSelector: {'kubernetes.io/os': 'windows', ...(build ? {'node.kubernetes.io/windows-build': build} : {})}}, {image}));
    assert.equal(findingsOf(pinned('mcr.microsoft.com/windows/servercore:ltsc2019', '10.0.20348'), 'lint/image-os-version-mismatch', NODES).length, 1);
    assert.equal(
      findingsOf(pinned('mcr.microsoft.com/windows/servercore:ltsc2019', '10.0.17763'), 'lint/image-os-version-mismatch', NODES).length,
      0,
      'only 2019 nodes selected',
    );
    const some = findingsOf(pinned('mcr.microsoft.com/windows/servercore:ltsc2019'), 'lint/image-os-version-mismatch', NODES);
    assert.equal(some.length, 1, 'a 2022 node is selected too: the scheduler ignores the image build');
    assert.match(some[0].message, /can land on 1 of 3 Windows nodes that cannot run it under process isolation: win2022 \(LTSC 2022/);
    assert.deepEqual(fixedSpec(some[0]).nodeSelector, {'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.17763'});
    assert.equal(
      findingsOf(pinned('mcr.microsoft.com/windows/nanoserver:ltsc2025'), 'lint/image-os-version-mismatch', NODES)[0].field,
      'spec.containers[0].image',
    );
    assert.equal(
      findingsOf(pinned('mcr.microsoft.com/windows/servercore:ltsc2022'), 'lint/image-os-version-mismatch', [node('w25', {build: '10.0.26100'})]).length,
      0,
      '2025 hosts run 2022 images',
    );
    assert.equal(findingsOf(pinned('myregistry/app:v1'), 'lint/image-os-version-mismatch', NODES).length, 0, 'unknown image build: say nothing');
  });

  it('lint/hostprocess-node-unsupported: only old-runtime nodes selected', () => {
    const hp = (selector: Record<string, string>) =>
      pod(winSpec({hostNetwork: true, nodeSelector: {'kubernetes.io/os': 'windows', ...selector}, securityContext: {windowsOptions: {hostProcess: true}}}));
    const f = findingsOf(hp({'kubernetes.io/hostname': 'winold'}), 'lint/hostprocess-node-unsupported', NODES);
    assert.equal(f.length, 1);
    assert.match(f[0].message, /kubelet v1\.22\.17 is older than 1\.23/);
    const some = findingsOf(hp({'node.kubernetes.io/windows-build': '10.0.17763'}), 'lint/hostprocess-node-unsupported', NODES);
    assert.equal(some.length, 1, 'one of the two 2019 nodes it can land on is too old');
    assert.match(some[0].message, /1 of the 2 Windows nodes this pod can land on lack them: winold:/);
    assert.equal(
      findingsOf(hp({'node.kubernetes.io/windows-build': '10.0.20348'}), 'lint/hostprocess-node-unsupported', NODES).length,
      0,
      'the 2022 node runs it',
    );
  });

  it('Linux pods get no scheduling warnings', () => {
    assert.deepEqual(ids(pod({os: {name: 'linux'}, nodeSelector: {'kubernetes.io/os': 'linux'}, containers: [{name: 'a', image: 'nginx'}]}), NODES), []);
    assert.deepEqual(ids(pod({containers: [{name: 'a', image: 'nginx'}]}), NODES), [], 'an OS-agnostic pod is left alone');
  });
});
