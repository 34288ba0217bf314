import assert from 'node:assert/strict';
import type {V1PodSpec} from '@kubernetes/client-node';
import {errorString} from '../../../src/k8s/field-error.js';
import {validateWindowsPodSpec} from '../../../src/k8s/windows-validation.js';

const lines = (spec: unknown, minor: number) => validateWindowsPodSpec(spec as V1PodSpec, 'spec', undefined, minor).map(errorString);
const emptyDir = {name: 'env-files', emptyDir: {}};
const env = (valueFrom: unknown, extra: Record<string, unknown> = {}) => [{name: 'FROM_FILE', valueFrom, ...extra}];
const win = (containerEnv: unknown, extra: Record<string, unknown> = {}) => ({
  os: {name: 'windows'},
  containers: [{name: 'a', image: 'x', env: containerEnv}],
  ...extra,
});
const good = {key: 'CONFIG', path: 'config.env', volumeName: 'env-files'};
const V134_NO_SOURCE =
  'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`';

// Each expected line is what the v1.34.3, v1.35.4, v1.36.3 and v1.37.2 apiservers answered for the
// same spec (dry-run create, test/e2e/support/lint-minor-cases.ts); the lint differential suite keeps checking them.
describe('env valueFrom and fileKeyRef (gate EnvFiles, on from v1.35)', () => {
  it('v1.34 drops fileKeyRef and rejects the valueFrom left with no source; v1.35 accepts it', () => {
    const spec = win(env({fileKeyRef: good}), {volumes: [emptyDir]});
    assert.deepEqual(lines(spec, 34), [V134_NO_SOURCE]);
    assert.deepEqual(lines(spec, 35), []);
    assert.deepEqual(lines(spec, 37), []);
  });

  it('a valueFrom with no source: fileKeyRef joins the list from v1.35', () => {
    assert.deepEqual(lines(win(env({})), 34), [V134_NO_SOURCE]);
    assert.deepEqual(lines(win(env({})), 36), [
      'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`',
    ]);
  });

  it('key and path required; a value beside the source; two sources', () => {
    const spec = win(env({fileKeyRef: {volumeName: 'env-files'}}, {value: 'x'}), {volumes: [emptyDir]});
    assert.deepEqual(lines(spec, 34), [V134_NO_SOURCE]);
    assert.deepEqual(lines(spec, 35), [
      'spec.containers[0].env[0].valueFrom.fileKeyRef.key: Required value',
      'spec.containers[0].env[0].valueFrom.fileKeyRef.path: Required value',
      'spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
    ]);
    const two = win(env({fileKeyRef: good, fieldRef: {fieldPath: 'metadata.name'}}), {volumes: [emptyDir]});
    assert.deepEqual(lines(two, 34), []);
    assert.deepEqual(lines(two, 35), ['spec.containers[0].env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time']);
  });

  it('key, volumeName and path formats, then the volume it names, last of all', () => {
    const spec = win(env({fileKeyRef: {key: 'A=B', path: '../config.env', volumeName: 'Env_Files'}}), {hostPID: true});
    assert.deepEqual(lines(spec, 35), [
      `spec.containers[0].env[0].valueFrom.fileKeyRef.key: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
      `spec.containers[0].env[0].valueFrom.fileKeyRef.volumeName: Invalid value: "Env_Files": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      `spec.containers[0].env[0].valueFrom.fileKeyRef.path: Invalid value: "../config.env": must not contain '..'`,
      'spec.hostPID: Forbidden: cannot be set for a windows pod',
      'spec.containers[0].env[0].valueFrom.fileKeyRef.volumeName: Not found: "Env_Files"',
    ]);
    assert.deepEqual(lines(win(env({fileKeyRef: {...good, key: 'café', path: 'a/../b'}}), {volumes: [emptyDir]}), 35), [
      `spec.containers[0].env[0].valueFrom.fileKeyRef.key: Invalid value: "café": a valid environment variable name must consist only of printable ASCII characters other than '='`,
      `spec.containers[0].env[0].valueFrom.fileKeyRef.path: Invalid value: "a/../b": must not contain '..'`,
    ]);
  });

  it('the named volume must be an emptyDir; init containers are visited first', () => {
    const spec = {
      os: {name: 'windows'},
      volumes: [{name: 'cfg', configMap: {name: 'cfg'}}],
      initContainers: [{name: 'i', image: 'x', env: env({fileKeyRef: {...good, volumeName: 'cfg'}})}],
      containers: [{name: 'a', image: 'x', env: env({fileKeyRef: {...good, volumeName: 'gone'}})}],
    };
    assert.deepEqual(lines(spec, 37), [
      'spec.initContainers[0].env[0].valueFrom.fileKeyRef.volumeName: Invalid value: "cfg": referenced volume must be of type emptyDir',
      'spec.containers[0].env[0].valueFrom.fileKeyRef.volumeName: Not found: "gone"',
    ]);
    assert.deepEqual(lines(spec, 34), [
      'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      'spec.initContainers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
    ]);
  });

  it('env comes before the rest of the container: its restart rules', () => {
    const spec = {os: {name: 'windows'}, containers: [{name: 'a', image: 'x', restartPolicy: 'Bogus', env: env({})}]};
    assert.deepEqual(lines(spec, 35), [
      'spec.containers[0].env[0].valueFrom: Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef`, `secretKeyRef` or `fileKeyRef`',
      'spec.containers[0].restartPolicy: Unsupported value: "Bogus": supported values: "Always", "Never", "OnFailure"',
    ]);
  });
});
