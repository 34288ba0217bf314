import assert from 'node:assert/strict';
import {lintWorkload} from '../../../../src/analyses/lint/analysis.js';
import {deployment, findingsOf, pod, winSpec} from './helpers.js';

describe('lint error findings (what the apiserver rejects)', () => {
  it('a healthy Windows pod is valid with no findings', () => {
    const r = lintWorkload(pod(winSpec()), undefined);
    assert.equal(r.item.valid, true);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.item, {kind: 'Pod', namespace: 'ns', name: 'p', valid: true, os: 'windows', errors: 0, warnings: 0, version: 'v1.37'});
  });

  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    [
      'lint/run-as-username-invalid',
      winSpec({securityContext: {windowsOptions: {runAsUserName: 'a\\b\\c'}}}),
      'spec.securityContext.windowsOptions.runAsUserName',
      'Invalid value: "a\\\\b\\\\c": runAsUserName cannot contain more than one backslash',
    ],
    [
      'lint/gmsa-credential-spec-name-invalid',
      winSpec({}, {securityContext: {windowsOptions: {gmsaCredentialSpecName: 'gmsa-WebApp1'}}}),
      'spec.containers[0].securityContext.windowsOptions.gmsaCredentialSpecName',
      'Invalid value: "gmsa-WebApp1": a lowercase RFC 1123 subdomain',
    ],
    [
      'lint/gmsa-credential-spec-invalid',
      winSpec({}, {securityContext: {windowsOptions: {gmsaCredentialSpec: ''}}}),
      'spec.containers[0].securityContext.windowsOptions.gmsaCredentialSpec',
      'Invalid value: "": gmsaCredentialSpec cannot be an empty string',
    ],
    [
      'lint/hostprocess-mismatch',
      winSpec({hostNetwork: true, securityContext: {windowsOptions: {hostProcess: false}}}, {securityContext: {windowsOptions: {hostProcess: true}}}),
      'spec.containers[0].securityContext.windowsOptions.hostProcess',
      'Invalid value: true: pod hostProcess value must be identical if both are specified, was false',
    ],
    [
      'lint/hostprocess-mixed',
      winSpec({hostNetwork: true, initContainers: [{name: 'i', image: 'x', securityContext: {windowsOptions: {hostProcess: true}}}]}),
      'spec',
      'Invalid value: "": If pod contains any hostProcess containers then all containers must be HostProcess containers',
    ],
    [
      'lint/hostprocess-host-network',
      winSpec({securityContext: {windowsOptions: {hostProcess: true}}}),
      'spec.hostNetwork',
      'Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers',
    ],
    ['lint/os-name-invalid', winSpec({os: {name: 'Windows'}}), 'spec.os', 'Unsupported value: "Windows": supported values: "linux", "windows"'],
    [
      'lint/windows-forbidden-field',
      winSpec({securityContext: {seccompProfile: {type: 'RuntimeDefault'}}}),
      'spec.securityContext.seccompProfile',
      'Forbidden: cannot be set for a windows pod',
    ],
    [
      'lint/linux-windows-options',
      {os: {name: 'linux'}, containers: [{name: 'a', image: 'nginx', securityContext: {windowsOptions: {runAsUserName: 'x'}}}]},
      'spec.containers[0].securityContext.windowsOptions',
      'Forbidden: windows options cannot be set for a linux pod',
    ],
    ['lint/windows-pod-resources', winSpec({resources: {limits: {cpu: '1'}}}), 'spec.resources', 'Forbidden: may not be set for a windows pod'],
  ];
  for (const [id, spec, field, message] of cases) {
    it(`${id}: field, message, invalid item`, () => {
      const r = lintWorkload(pod(spec), undefined);
      const f = r.findings.filter((x) => x.id === id);
      assert.equal(f.length, 1, JSON.stringify(r.findings));
      assert.equal(f[0].severity, 'error');
      assert.equal(f[0].field, field);
      assert.ok(f[0].message.startsWith(message), f[0].message);
      assert.ok(f[0].source?.includes('validation.go'));
      assert.ok(f[0].remedy?.text);
      assert.equal(r.item.valid, false);
      assert.equal(r.item.errors, r.findings.filter((x) => x.severity === 'error').length);
    });
  }

  it('uses spec.template.spec paths for a Deployment', () => {
    const f = findingsOf(deployment(winSpec({securityContext: {windowsOptions: {runAsUserName: ''}}})), 'lint/run-as-username-invalid');
    assert.equal(f[0].field, 'spec.template.spec.securityContext.windowsOptions.runAsUserName');
    assert.deepEqual(f[0].object, {kind: 'Deployment', namespace: 'ns', name: 'd'});
  });

  it('warnings alone keep the item valid', () => {
    const r = lintWorkload(pod(winSpec({}, {terminationMessagePath: '/x'})), undefined);
    assert.equal(r.item.valid, true);
    assert.equal(r.item.warnings, 1);
  });
});
