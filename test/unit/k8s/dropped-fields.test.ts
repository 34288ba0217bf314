import assert from 'node:assert/strict';
import type {V1PodSpec} from '@kubernetes/client-node';
import {droppedFields} from '../../../src/k8s/dropped-fields.js';

const dropped = (spec: unknown, minor: number) =>
  droppedFields(spec as V1PodSpec, 'spec', minor).map((d) => `${d.field} (${d.gate}, kept from v1.${d.keptFrom})`);
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
});
