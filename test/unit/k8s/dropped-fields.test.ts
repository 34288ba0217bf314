import assert from 'node:assert/strict';
import type {V1PodSpec} from '@kubernetes/client-node';
import {droppedFields} from '../../../src/k8s/dropped-fields.js';
import {gatedOffByDefaultSpec} from '../../support/fixtures.js';

const dropped = (spec: unknown, minor: number) =>
  droppedFields(spec as V1PodSpec, 'spec', minor).map((d) => `${d.field} (${d.gate}, ${d.keptFrom === undefined ? 'alpha' : `kept from v1.${d.keptFrom}`})`);
const c = (extra: Record<string, unknown> = {}) => ({name: 'a', image: 'x', ...extra});
const rule = {action: 'Restart', exitCodes: {operator: 'In', values: [42]}};

// The lint differential suite checks each of these against the dry-run pod of every minor's apiserver.
describe('fields the apiserver drops while their gate is off', () => {
  it('v1.34: container restart rules (init containers keep restartPolicy Always), hostnameOverride', () => {
    const spec = {
      hostnameOverride: 'web-0',
      containers: [c({restartPolicy: 'Never', restartPolicyRules: [rule]})],
      initContainers: [c({name: 'side', restartPolicy: 'Always'}), c({name: 'i', restartPolicy: 'OnFailure'})],
    };
    assert.deepEqual(dropped(spec, 34), [
      'spec.hostnameOverride (HostnameOverride, kept from v1.35)',
      'spec.initContainers[1].restartPolicy (ContainerRestartRules, kept from v1.35)',
      'spec.containers[0].restartPolicy (ContainerRestartRules, kept from v1.35)',
      'spec.containers[0].restartPolicyRules (ContainerRestartRules, kept from v1.35)',
    ]);
    assert.deepEqual(dropped(spec, 35), []);
  });

  it('v1.34: an image volume and the mounts naming it; env fileKeyRef', () => {
    const spec = {
      volumes: [
        {name: 'cfg', emptyDir: {}},
        {name: 'img', image: {reference: 'r'}},
      ],
      containers: [
        c({
          volumeMounts: [
            {name: 'cfg', mountPath: '/cfg'},
            {name: 'img', mountPath: '/img'},
          ],
          env: [{name: 'E', valueFrom: {fileKeyRef: {key: 'K'}}}],
        }),
      ],
    };
    assert.deepEqual(dropped(spec, 34), [
      'spec.volumes[1] (ImageVolume, kept from v1.35)',
      'spec.containers[0].volumeMounts[1] (ImageVolume, kept from v1.35)',
      'spec.containers[0].env[0].valueFrom.fileKeyRef (EnvFiles, kept from v1.35)',
    ]);
    assert.deepEqual(dropped(spec, 37), []);
  });

  it('to v1.36: projected podCertificate and clusterTrustBundle sources', () => {
    const spec = {containers: [c()], volumes: [{name: 'certs', projected: {sources: [{podCertificate: {}}, {clusterTrustBundle: {}}]}}]};
    const both = [
      'spec.volumes[0].projected.sources[0].podCertificate (PodCertificateRequest, kept from v1.37)',
      'spec.volumes[0].projected.sources[1].clusterTrustBundle (ClusterTrustBundleProjection, kept from v1.37)',
    ];
    assert.deepEqual(dropped(spec, 34), both);
    assert.deepEqual(dropped(spec, 36), both);
    assert.deepEqual(dropped(spec, 37), []);
  });

  it("v1.37: the alpha user fields (AtomicWriteVolumeUserFields), of each volume's first kind and each source's first kind", () => {
    const spec = {
      containers: [c()],
      volumes: [
        {name: 's', secret: {secretName: 's', defaultUser: 5, items: [{key: 'k', path: 'p', user: 6}]}},
        {name: 'd', downwardAPI: {items: [{path: 'p', fieldRef: {fieldPath: 'metadata.name'}, user: 6}]}},
        {
          name: 'v',
          projected: {
            defaultUser: 7,
            sources: [{serviceAccountToken: {path: 't', user: 8}}, {secret: {name: 's'}, podCertificate: {keyPath: 'k', user: 10}}],
          },
        },
      ],
    };
    const userGate = (minor: number) => dropped(spec, minor).filter((l) => l.includes('AtomicWriteVolumeUserFields'));
    for (const minor of [34, 35, 36]) assert.deepEqual(userGate(minor), [], `v1.${minor}: an unknown field there`);
    assert.deepEqual(userGate(37), [
      'spec.volumes[0].secret.defaultUser (AtomicWriteVolumeUserFields, alpha)',
      'spec.volumes[0].secret.items[0].user (AtomicWriteVolumeUserFields, alpha)',
      'spec.volumes[1].downwardAPI.items[0].user (AtomicWriteVolumeUserFields, alpha)',
      'spec.volumes[2].projected.defaultUser (AtomicWriteVolumeUserFields, alpha)',
      'spec.volumes[2].projected.sources[0].serviceAccountToken.user (AtomicWriteVolumeUserFields, alpha)',
    ]);
  });

  it('fields decoded and dropped because their gate is off by default where they exist (alpha, or beta and off)', () => {
    const spec = gatedOffByDefaultSpec(c);
    assert.deepEqual(dropped(spec, 34), ['spec.containers[0].lifecycle.stopSignal (ContainerStopSignals, alpha)']);
    assert.deepEqual(dropped(spec, 35), ['spec.workloadRef (GenericWorkload, alpha)', 'spec.containers[0].lifecycle.stopSignal (ContainerStopSignals, alpha)']);
    assert.deepEqual(dropped(spec, 36), [
      'spec.schedulingGroup (GenericWorkload, alpha)',
      'spec.containers[0].lifecycle.stopSignal (ContainerStopSignals, alpha)',
    ]);
    assert.deepEqual(dropped(spec, 37), [
      'spec.schedulingGroup (GenericWorkload, alpha)',
      'spec.evictionResponders (EvictionRequestAPI, alpha)',
      'spec.containers[0].livenessProbe.httpGet.protocol (H2CContainerProbe, alpha)',
      'spec.containers[0].lifecycle.preStop.httpGet.protocol (H2CContainerProbe, alpha)',
      'spec.containers[0].readinessProbe.grpc.mode (GRPCContainerProbeTLS, alpha)',
      'spec.volumes[0].emptyDir.mode (EmptyDirVolumeMode, alpha)',
      'spec.containers[0].volumeMounts[0].bindMountOptions (VolumeBindMountOptions, alpha)',
      'spec.containers[0].lifecycle.stopSignal (ContainerStopSignals, alpha)',
    ]);
  });
});
