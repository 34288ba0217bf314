import assert from 'node:assert/strict';
import type {V1PodSpec} from '@kubernetes/client-node';
import {errorString} from '../../../src/k8s/field-error.js';
import {validateWindowsPodSpec} from '../../../src/k8s/windows-validation.js';
import {validatePodSpec} from '../../../src/k8s/pod-validation.js';
import {BOTH_SIDES} from '../../e2e/support/lint-minor-cases.js';

const lines = (spec: unknown, minor: number) => validateWindowsPodSpec(spec as V1PodSpec, 'spec', undefined, minor).map(errorString);
const win = (extra: Record<string, unknown> = {}, c: Record<string, unknown> = {}) => ({
  os: {name: 'windows'},
  containers: [{name: 'a', image: 'x', ...c}],
  ...extra,
});
const rule = {action: 'Restart', exitCodes: {operator: 'In', values: [42]}};

// Every expected line below is what the v1.34.3, v1.35.4, v1.36.3 and v1.37.2 apiservers answered
// for the same spec (dry-run create); the lint differential suite keeps checking them.
describe('validation rules that changed between v1.34 and v1.37', () => {
  it('container restartPolicy and restartPolicyRules: dropped by v1.34, validated from v1.35, one more action from v1.36', () => {
    const bogus = win({}, {restartPolicy: 'Bogus'});
    assert.deepEqual(lines(bogus, 34), []);
    assert.deepEqual(lines(bogus, 35), ['spec.containers[0].restartPolicy: Unsupported value: "Bogus": supported values: "Always", "Never", "OnFailure"']);
    assert.deepEqual(lines(win({}, {restartPolicyRules: [rule]}), 35), [
      'spec.containers[0].restartPolicy: Required value: must specify restartPolicy when restart rules are used',
    ]);
    const badAction = win({}, {restartPolicy: 'Never', restartPolicyRules: [{action: 'Bogus', exitCodes: {operator: 'NotIn', values: [-1]}}]});
    assert.deepEqual(lines(badAction, 35), ['spec.containers[0].restartPolicyRules[0].action: Unsupported value: "Bogus": supported values: "Restart"']);
    assert.deepEqual(lines(badAction, 37), [
      'spec.containers[0].restartPolicyRules[0].action: Unsupported value: "Bogus": supported values: "Restart", "RestartAllContainers"',
    ]);
    assert.deepEqual(lines(win({}, {restartPolicy: 'Never', restartPolicyRules: [rule]}), 37), []);
  });

  it('init containers: any restartPolicy but Always is validated from v1.35; rules on a sidecar are forbidden at v1.35 only', () => {
    const sidecar = win({initContainers: [{name: 'i', image: 'x', restartPolicy: 'Always', restartPolicyRules: [rule]}]});
    assert.deepEqual(lines(sidecar, 34), []);
    assert.deepEqual(lines(sidecar, 35), [
      'spec.initContainers[0].restartPolicyRules: Forbidden: restartPolicyRules are not allowed for init containers with restart policy Always',
    ]);
    assert.deepEqual(lines(sidecar, 36), []);
    assert.deepEqual(lines(win({initContainers: [{name: 'i', image: 'x', restartPolicy: 'Never'}]}), 37), []);
  });

  it('counts restart rules and exit codes', () => {
    const many = win(
      {},
      {
        restartPolicy: 'Never',
        restartPolicyRules: Array.from({length: 21}, () => ({action: 'Restart', exitCodes: {operator: 'In', values: Array.from({length: 256}, (_, i) => i)}})),
      },
    );
    const out = lines(many, 37);
    assert.equal(out[0], 'spec.containers[0].restartPolicyRules: Too many: 21: must have at most 20 items');
    assert.equal(out[1], 'spec.containers[0].restartPolicyRules[0].exitCodes.values: Too many: 256: must have at most 255 items');
    assert.equal(out.length, 22);
    // v1.35 says it with field.TooLong
    assert.deepEqual(lines(many, 35).slice(0, 2), [
      'spec.containers[0].restartPolicyRules: Too long: may not be more than 20 bytes',
      'spec.containers[0].restartPolicyRules[0].exitCodes.values: Too long: may not be more than 255 bytes',
    ]);
  });

  it('resizePolicy RestartContainer on a non-sidecar init container: rejected from v1.36', () => {
    const spec = win({initContainers: [{name: 'i', image: 'x', resizePolicy: [{resourceName: 'cpu', restartPolicy: 'RestartContainer'}]}]});
    assert.deepEqual(lines(spec, 35), []);
    assert.deepEqual(lines(spec, 36), [
      `spec.initContainers[0].resizePolicy[0].restartPolicy: Invalid value: "RestartContainer": must not be set to 'RestartContainer' for non-sidecar initContainers`,
    ]);
    const sidecar = win({
      initContainers: [{name: 'i', image: 'x', restartPolicy: 'Always', resizePolicy: [{resourceName: 'cpu', restartPolicy: 'RestartContainer'}]}],
    });
    assert.deepEqual(lines(sidecar, 37), []);
  });

  it('image volumes: dropped by v1.34, reference and pullPolicy validated from v1.35, before any container', () => {
    const spec = win(
      {
        volumes: [
          {name: 'v', image: {}},
          {name: 'w', image: {reference: 'x', pullPolicy: 'Bogus'}},
        ],
      },
      {restartPolicy: 'Bogus'},
    );
    assert.deepEqual(lines(spec, 34), []);
    assert.deepEqual(lines(spec, 35), [
      'spec.volumes[0].image.reference: Required value',
      'spec.volumes[1].image.pullPolicy: Unsupported value: "Bogus": supported values: "Always", "IfNotPresent", "Never"',
      'spec.containers[0].restartPolicy: Unsupported value: "Bogus": supported values: "Always", "Never", "OnFailure"',
    ]);
  });

  it('hostnameOverride: dropped by v1.34, forbidden with hostNetwork (HostProcess pods) from v1.35, after the HostProcess rules', () => {
    const hp = win({hostnameOverride: 'foo', hostNetwork: true, securityContext: {windowsOptions: {hostProcess: true}}});
    assert.deepEqual(lines(hp, 34), []);
    assert.deepEqual(lines(hp, 35), ['spec.hostnameOverride: Forbidden: may not be specified when hostNetwork is true']);
    assert.deepEqual(lines(win({hostnameOverride: 'a'.repeat(65)}), 36), ['spec.hostnameOverride: Too long: may not be more than 64 bytes']);
    assert.deepEqual(lines(win({hostnameOverride: 'Foo_bar'}), 37), [
      `spec.hostnameOverride: Invalid value: "Foo_bar": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]);
    assert.deepEqual(lines(win({hostnameOverride: 'web-0'}), 37), []);
  });

  it('shareProcessNamespace with hostPID: at spec.securityContext before v1.37, at spec from v1.37, then the windows errors', () => {
    const spec = win({shareProcessNamespace: true, hostPID: true});
    const windows = ['spec.hostPID: Forbidden: cannot be set for a windows pod', 'spec.shareProcessNamespace: Forbidden: cannot be set for a windows pod'];
    assert.deepEqual(lines(spec, 36), [
      'spec.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled',
      ...windows,
    ]);
    assert.deepEqual(lines(spec, 37), [
      'spec.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled',
      ...windows,
    ]);
  });

  it('every both-sides case of the lint differential suite changes answer exactly where it says', () => {
    // The whole answer, as the apiserver gives it (identical errors collapsed at v1.37).
    const answer = (spec: unknown, minor: number) => validatePodSpec(spec as V1PodSpec, 'spec', false, true, minor).map(errorString);
    for (const c of BOTH_SIDES) {
      const before = answer(c.spec, c.changesAt - 1);
      const after = answer(c.spec, c.changesAt);
      assert.notDeepEqual(before, after, c.name);
      assert.ok(after.length > 0 || before.length > 0, c.name);
    }
  });
});
