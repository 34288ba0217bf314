import assert from 'node:assert/strict';
import type {V1PodSpec} from '@kubernetes/client-node';
import {errorString} from '../../../src/k8s/field-error.js';
import {validatePodSpec} from '../../../src/k8s/pod-validation.js';

// The whole answer, identical errors collapsed at v1.37 as the apiserver does.
const lines = (spec: unknown, minor: number) => validatePodSpec(spec as V1PodSpec, 'spec', false, true, minor).map(errorString);

// The pod rules v1.34 already enforced that lint called valid, as the four apiservers answered.
describe('tolerations, resizePolicy with restartPolicy Never, hostUsers: false', () => {
  const pod = (extra: Record<string, unknown>) => ({containers: [{name: 'a', image: 'x'}], ...extra});

  it('tolerations: Lt and Gt refused at every minor, named among the supported operators from v1.35', () => {
    const spec = pod({
      tolerations: [
        {key: 'k', operator: 'Lt', value: '5', effect: 'NoSchedule'},
        {key: 'k', operator: 'Gt', value: 'x', effect: 'NoSchedule'},
      ],
    });
    assert.deepEqual(lines(spec, 34), [
      'spec.tolerations[0].operator: Unsupported value: "Lt": supported values: "Equal", "Exists"',
      'spec.tolerations[1].operator: Unsupported value: "Gt": supported values: "Equal", "Exists"',
    ]);
    for (const minor of [35, 36, 37])
      assert.deepEqual(lines(spec, minor), [
        'spec.tolerations[0].operator: Unsupported value: "Lt": supported values: "Equal", "Exists", "Lt", "Gt"',
        'spec.tolerations[1].operator: Unsupported value: "Gt": supported values: "Equal", "Exists", "Lt", "Gt"',
      ]);
  });

  it('resizePolicy other than NotRequired with restartPolicy Never: worded "pod `restartPolicy`" from v1.36', () => {
    const spec = pod({restartPolicy: 'Never', containers: [{name: 'a', image: 'x', resizePolicy: [{resourceName: 'cpu', restartPolicy: 'RestartContainer'}]}]});
    for (const minor of [34, 35])
      assert.deepEqual(lines(spec, minor), [
        `spec.containers[0].resizePolicy: Invalid value: "RestartContainer": must be 'NotRequired' when \`restartPolicy\` is 'Never'`,
      ]);
    for (const minor of [36, 37])
      assert.deepEqual(lines(spec, minor), [
        `spec.containers[0].resizePolicy: Invalid value: "RestartContainer": must be 'NotRequired' when pod \`restartPolicy\` is 'Never'`,
      ]);
  });

  it('hostUsers: false forbids the host namespaces, at upstream paths', () => {
    const spec = pod({hostUsers: false, hostNetwork: true, hostPID: true, hostIPC: true});
    for (const minor of [34, 37])
      assert.deepEqual(lines(spec, minor), [
        'spec.hostNetwork: Forbidden: when `hostUsers` is false',
        'spec.HostPID: Forbidden: when `hostUsers` is false',
        'spec.HostIPC: Forbidden: when `hostUsers` is false',
      ]);
  });
});
