import assert from 'node:assert/strict';
import type {V1PodSpec} from '@kubernetes/client-node';
import {errorString} from '../../../src/k8s/field-error.js';
import {validatePodResourceRules, validatePodSpec} from '../../../src/k8s/pod-validation.js';
import {resourceQualifiedName as isQualifiedName} from '../../../src/k8s/resource-names.js';

const c = (resources: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({name: 'a', image: 'x', resources, ...extra});
const lines = (spec: Record<string, unknown>, template = false, path = 'spec') =>
  validatePodSpec(spec as unknown as V1PodSpec, path, template).map(errorString);

describe('resource validation (validateResourceRequirements, v1.34)', () => {
  it('accepts requests at or below limits, and limits alone (requests default from them)', () => {
    assert.deepEqual(lines({containers: [c({requests: {cpu: '500m', memory: '1Gi'}, limits: {cpu: '1', memory: '1Gi'}}), c({limits: {cpu: '1'}})]}), []);
  });

  it('reports a request above its limit with the rounded request and the limit as the apiserver prints them', () => {
    assert.deepEqual(lines({containers: [c({requests: {cpu: '1.5'}, limits: {cpu: '1'}})]}), [
      'spec.containers[0].resources.requests: Invalid value: "1500m": must be less than or equal to cpu limit of 1',
    ]);
    // rounding to milli first: 1.0001 becomes 1001m, still above
    assert.deepEqual(lines({containers: [c({requests: {memory: '2Gi'}, limits: {memory: '1Gi'}})]}), [
      'spec.containers[0].resources.requests: Invalid value: "2Gi": must be less than or equal to memory limit of 1Gi',
    ]);
  });

  it('forbids hugepages without cpu or memory, and requires a hugepages limit equal to the request', () => {
    assert.deepEqual(lines({containers: [c({limits: {'hugepages-2Mi': '4Mi'}})]}), [
      'spec.containers[0].resources: Forbidden: HugePages require cpu or memory',
    ]);
    assert.deepEqual(lines({containers: [c({requests: {'hugepages-2Mi': '2Mi', memory: '1Gi'}, limits: {'hugepages-2Mi': '4Mi', memory: '1Gi'}})]}), [
      'spec.containers[0].resources.requests: Invalid value: "2Mi": must be equal to hugepages-2Mi limit of 4Mi',
    ]);
    assert.deepEqual(lines({containers: [c({limits: {'hugepages-2Mi': '3Mi', memory: '1Gi'}})]}), [
      'spec.containers[0].resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi',
      'spec.containers[0].resources.requests[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi',
    ]);
  });

  it('extended resources: whole numbers, request equal to limit, a limit required (a template gets no requests from limits)', () => {
    assert.deepEqual(lines({containers: [c({limits: {'example.com/gpu': '500m'}})]}), [
      'spec.containers[0].resources.limits[example.com/gpu]: Invalid value: "500m": must be an integer',
      'spec.containers[0].resources.requests[example.com/gpu]: Invalid value: "500m": must be an integer',
    ]);
    assert.deepEqual(lines({containers: [c({requests: {'example.com/gpu': '1'}})]}), [
      'spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources',
    ]);
    assert.deepEqual(lines({containers: [c({limits: {'example.com/gpu': '1'}})]}, true, 'spec.template.spec'), []);
    assert.deepEqual(lines({containers: [c({requests: {'example.com/gpu': '1'}, limits: {'example.com/gpu': '2'}})]}), [
      'spec.containers[0].resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2',
    ]);
  });

  it('rejects negative quantities and resource names that are not container resources', () => {
    assert.deepEqual(lines({containers: [c({requests: {cpu: '-1'}})]}), [
      'spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
    ]);
    assert.deepEqual(lines({containers: [c({limits: {pods: '1'}})]}), [
      'spec.containers[0].resources.limits[pods]: Invalid value: "pods": must be a standard resource for containers',
      'spec.containers[0].resources.requests[pods]: Invalid value: "pods": must be a standard resource for containers',
    ]);
    assert.deepEqual(lines({containers: [c({requests: {gpu: '1'}})]}), [
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.requests[gpu]: Invalid value: "gpu": must be a standard resource for containers',
    ]);
  });

  it('puts resource errors of a container before its windowsOptions errors, containers before init containers', () => {
    const bad = {requests: {cpu: '2'}, limits: {cpu: '1'}};
    assert.deepEqual(
      lines({initContainers: [c(bad)], containers: [c(bad, {securityContext: {windowsOptions: {runAsUserName: ''}}})]}).map((l) => l.split(':')[0]),
      ['spec.containers[0].resources.requests', 'spec.containers[0].securityContext.windowsOptions.runAsUserName', 'spec.initContainers[0].resources.requests'],
    );
  });

  it('pod-level resources: supported names and the containers aggregate; windows pods get only their own error', () => {
    assert.deepEqual(lines({resources: {requests: {cpu: '1'}, limits: {'ephemeral-storage': '1Gi'}}, containers: [c({requests: {cpu: '2'}})]}), [
      'spec.resources.limits[ephemeral-storage]: Unsupported value: "ephemeral-storage": supported values: "cpu", "hugepages-", "memory"',
      'spec.resources.requests[cpu]: Invalid value: "1": must be greater than or equal to aggregate container requests of 2',
    ]);
    assert.deepEqual(lines({os: {name: 'windows'}, resources: {requests: {cpu: '1'}}, containers: [c({requests: {cpu: '2'}})]}), [
      'spec.resources: Forbidden: may not be set for a windows pod',
    ]);
    assert.deepEqual(validatePodResourceRules({os: {name: 'windows'}, resources: {limits: {pods: '1'}}, containers: []} as V1PodSpec, 'spec', false), []);
  });

  it('IsQualifiedName messages, with the double space upstream prints between examples (v1.34 wording)', () => {
    assert.deepEqual(isQualifiedName('example.com/gpu', 34), []);
    assert.deepEqual(isQualifiedName('a/b/c', 34), [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
    assert.deepEqual(isQualifiedName('/x', 34), ['prefix part must be non-empty']);
    assert.deepEqual(isQualifiedName(`x/${'a'.repeat(64)}`, 34), ['name part must be no more than 63 characters']);
  });

  it('IsQualifiedName from v1.35 is content.IsLabelKey: "a valid label key", lengths in bytes', () => {
    for (const minor of [35, 36, 37]) {
      assert.deepEqual(isQualifiedName('a/b/c', minor), [
        "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ]);
      assert.deepEqual(isQualifiedName(`x/${'a'.repeat(64)}`, minor), ['name part must be no more than 63 bytes']);
      assert.deepEqual(isQualifiedName(`${'a'.repeat(254)}/x`, minor)[0], 'prefix part must be no more than 253 bytes');
    }
    assert.deepEqual(isQualifiedName(`${'a'.repeat(254)}/x`, 34)[0], 'prefix part must be no more than 253 characters');
  });

  it('"Limit must be set for non overcommitable resources": once per request before v1.37; from v1.37 identical errors come once, so once per container', () => {
    const spec = {containers: [{name: 'a', resources: {requests: {'example.com/gpu': '1', 'hugepages-2Mi': '2Mi', memory: '1Gi'}}}]};
    const limitErrors = (minor: number) =>
      validatePodSpec(spec as unknown as V1PodSpec, 'spec', false, true, minor)
        .map(errorString)
        .filter((l) => l.includes('Limit must be set'));
    assert.equal(limitErrors(34).length, 2);
    assert.equal(limitErrors(36).length, 2);
    assert.deepEqual(limitErrors(37), ['spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources']);
    // Errors that differ only in their field are all kept (what v1.37.2 answered for two such containers).
    const two = {containers: [spec.containers[0], {...spec.containers[0], name: 'b'}]};
    const twoAt37 = validatePodSpec(two as unknown as V1PodSpec, 'spec', false, true, 37)
      .map(errorString)
      .filter((l) => l.includes('Limit must be set'));
    assert.deepEqual(
      twoAt37,
      [0, 1].map((i) => `spec.containers[${i}].resources.limits: Required value: Limit must be set for non overcommitable resources`),
    );
  });
});
