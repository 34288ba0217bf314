import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {cannotBeHandled, decodeByMinor, decodeErrorAt, decodeObject, undecodableAt, DECODED_KINDS} from '../../../src/k8s/decode.js';
import {JSON_TYPES_VERSION, ROOTS, STRUCTS, TYPES} from '../../../src/k8s/json-types.generated.js';

const pod = (spec: unknown, extra: Record<string, unknown> = {}) => ({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'p'}, spec, ...extra});
const error = (obj: Record<string, unknown>) => decodeObject(obj)?.failure?.error;

describe('decode (as the apiserver decodes a request body)', () => {
  it('a string or an object where a list belongs: the innermost struct, the JSON path without indexes, the Go type', () => {
    assert.equal(error(pod({containers: 'abc'})), 'json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type []v1.Container');
    assert.equal(error(pod({containers: {name: 'a'}})), 'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container');
    assert.equal(
      error(pod({containers: [{name: 'a', ports: [{containerPort: '80'}]}]})),
      'json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
    );
    assert.equal(error(pod({containers: ['a']})), 'json: cannot unmarshal string into Go struct field PodSpec.spec.containers of type v1.Container');
  });

  it('from v1.35 the path names embedded structs (ProbeHandler, VolumeSource, EphemeralContainerCommon, LocalObjectReference)', () => {
    const at = (spec: Record<string, unknown>, minor: number) => decodeErrorAt(decodeObject(pod(spec))!.failure!, minor);
    const probe = {containers: [{name: 'a', livenessProbe: {httpGet: {port: true}}}]};
    assert.equal(at(probe, 34), 'json: cannot unmarshal bool into Go struct field HTTPGetAction.spec.containers.livenessProbe.httpGet.port of type int32');
    for (const minor of [35, 37])
      assert.equal(
        at(probe, minor),
        'json: cannot unmarshal bool into Go struct field HTTPGetAction.spec.containers.livenessProbe.ProbeHandler.httpGet.port of type int32',
      );
    assert.equal(
      at({containers: [], volumes: [{name: 'v', emptyDir: []}]}, 37),
      'json: cannot unmarshal array into Go struct field Volume.spec.volumes.VolumeSource.emptyDir of type v1.EmptyDirVolumeSource',
    );
    assert.equal(
      at({containers: [], ephemeralContainers: [{name: 'e', tty: 'yes'}]}, 37),
      'json: cannot unmarshal string into Go struct field EphemeralContainer.spec.ephemeralContainers.EphemeralContainerCommon.tty of type bool',
    );
    assert.equal(
      at({containers: [], ephemeralContainers: [{name: 'e', targetContainerName: 1}]}, 37),
      'json: cannot unmarshal number into Go struct field EphemeralContainer.spec.ephemeralContainers.targetContainerName of type string',
    );
    assert.equal(
      at({containers: [{name: 'a', envFrom: [{configMapRef: {name: 1}}]}]}, 37),
      'json: cannot unmarshal number into Go struct field ConfigMapEnvSource.spec.containers.envFrom.configMapRef.LocalObjectReference.name of type string',
    );
    assert.equal(
      at({containers: [{name: 'a', envFrom: [{configMapRef: {name: 1}}]}]}, 34),
      'json: cannot unmarshal number into Go struct field ConfigMapEnvSource.spec.containers.envFrom.configMapRef.name of type string',
    );
  });

  it('numbers: the literal for integers that do not fit, plain "number" for strings; named types print as such', () => {
    assert.equal(
      error(pod({containers: [], terminationGracePeriodSeconds: 1.5})),
      'json: cannot unmarshal number 1.5 into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64',
    );
    assert.equal(
      error(pod({containers: [], restartPolicy: 1})),
      'json: cannot unmarshal number into Go struct field PodSpec.spec.restartPolicy of type v1.RestartPolicy',
    );
    assert.equal(
      error(pod({containers: [], nodeSelector: {a: true}})),
      'json: cannot unmarshal bool into Go struct field PodSpec.spec.nodeSelector of type string',
    );
    assert.equal(
      error({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'd'}, spec: {replicas: 2 ** 31}}),
      'json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('keeps the first type error, but a quantity or IntOrString error stops decoding and wins', () => {
    assert.equal(
      error(pod({containers: [], hostNetwork: 'yes', hostPID: 1})),
      'json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool',
    );
    const q = decodeObject(pod({hostNetwork: 'yes', containers: [{name: 'a', resources: {limits: {memory: '1mi'}}}]}))!.failure!;
    assert.equal(q.error, "unable to parse quantity's suffix");
    assert.equal(q.field, 'spec.containers[0].resources.limits.memory');
    assert.equal(
      error(pod({containers: [{name: 'a', resources: {requests: {cpu: '2 GB'}}}]})),
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    assert.equal(
      error(pod({containers: [{name: 'a', resources: {requests: {cpu: true}}}]})),
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    assert.equal(
      error(pod({containers: [{name: 'a', livenessProbe: {tcpSocket: {port: {}}}}]})),
      'json: cannot unmarshal object into Go struct field TCPSocketAction.spec.containers.livenessProbe.tcpSocket.port of type int32',
    );
    assert.equal(error(pod({containers: [{name: 'a', livenessProbe: {tcpSocket: {port: 'http'}}}]})), undefined);
  });

  it('accepts null anywhere and a valid pod; lists unknown fields with indexes, case-sensitively, not under an unknown one', () => {
    assert.deepEqual(decodeObject(pod({containers: null, os: null, nodeSelector: {a: null}})), {unknownFields: []});
    const r = decodeObject(
      pod(
        {windowsOptions: {runAsUserName: 'x'}, Containers: [], containers: [{name: 'a', runAsUserName: 'u', securityContext: {gmsaCredentialSpecName: 'g'}}]},
        {status: {qosclass: 'x'}},
      ),
    );
    // In the order kubectl sends the keys (encoding/json sorts them, byte-wise), not the manifest's.
    assert.deepEqual(r, {
      unknownFields: [
        'spec.Containers',
        'spec.containers[0].runAsUserName',
        'spec.containers[0].securityContext.gmsaCredentialSpecName',
        'spec.windowsOptions',
        'status.qosclass',
      ],
    });
    assert.deepEqual(
      decodeObject({apiVersion: 'batch/v1', kind: 'CronJob', metadata: {name: 'c'}, spec: {jobTemplate: {spec: {template: {spec: {hostProcess: true}}}}}}),
      {unknownFields: ['spec.jobTemplate.spec.template.spec.hostProcess']},
    );
  });

  it('meets keys in the order kubectl sends them: the first type error and a stopping quantity follow the sorted keys', () => {
    // hostNetwork comes first in the file, containers first on the wire.
    assert.equal(decodeObject(pod({hostNetwork: 'yes', containers: 'x'}))?.failure?.field, 'spec.containers');
    // A quantity error stops decoding: cpu is met before memory whatever the file says.
    assert.equal(
      decodeObject(pod({containers: [{name: 'a', image: 'x', resources: {limits: {memory: '1Zi', cpu: 'lots'}}}]}))?.failure?.field,
      'spec.containers[0].resources.limits.cpu',
    );
    // Byte order, as strings.Compare: "Z" before "a", "10" before "9", U+FFFD before an astral character.
    assert.deepEqual(decodeObject(pod({zz: 1, Zz: 1, '9': 1, '10': 1, '\u{1F600}': 1, '\uFFFD': 1}))?.unknownFields, [
      'spec.10',
      'spec.9',
      'spec.Zz',
      'spec.zz',
      'spec.\uFFFD',
      'spec.\u{1F600}',
    ]);
  });

  it('has no answer for kinds or versions it has no types for', () => {
    assert.equal(decodeObject({apiVersion: 'extensions/v1beta1', kind: 'Deployment'}), undefined);
    assert.equal(decodeObject({apiVersion: 'v1', kind: 'ConfigMap'}), undefined);
  });

  it('wraps the error as the create handler does', () => {
    assert.equal(cannotBeHandled('Deployment', 'apps/v1', 'x'), 'Deployment in version "v1" cannot be handled as a Deployment: x');
  });

  it('the generated types are those of the k8s.io/api pinned in tools/jsonschema/go.mod, and every referenced type exists', () => {
    const mod = readFileSync(new URL('../../../tools/jsonschema/go.mod', import.meta.url), 'utf8');
    const pinned = /^replace k8s\.io\/api => k8s\.io\/api (\S+)$/m.exec(mod)?.[1];
    assert.equal(JSON_TYPES_VERSION, `k8s.io/api ${pinned}`, 'run `npm run gen:json-types`');
    for (const root of Object.values(ROOTS)) assert.ok(STRUCTS[root], root);
    for (const [key, [, kind, detail]] of Object.entries(TYPES)) {
      assert.ok(DECODED_KINDS.has(kind), `${key}: the decoder does not handle ${kind}`);
      if (kind === 'struct') assert.ok(STRUCTS[key], key);
      if (kind === 'slice' || kind === 'map') assert.ok(TYPES[detail], `${key} -> ${detail}`);
    }
    for (const fields of Object.values(STRUCTS)) for (const [, t] of fields) assert.ok(TYPES[t], t);
  });
});

describe('unknown fields follow the minor (json-types-minors.generated.ts)', () => {
  const pod = (spec: Record<string, unknown>) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name: 'p'},
    spec: {containers: [{name: 'a', image: 'x'}], ...spec},
  });
  const at = (spec: Record<string, unknown>) => {
    const obj = pod(spec);
    const oldest = decodeObject(obj)!;
    const later = decodeByMinor(obj, oldest)?.unknownFields;
    return [34, 35, 36, 37].map((m) => (m === 34 ? oldest.unknownFields : (later?.[m] ?? oldest.unknownFields)));
  };

  it('spec.workloadRef: known at v1.35 only (an alpha field that came and went), and what is under it is walked there', () => {
    assert.deepEqual(at({workloadRef: {name: 'w', nope: 1}}), [['spec.workloadRef'], ['spec.workloadRef.nope'], ['spec.workloadRef'], ['spec.workloadRef']]);
  });

  it('spec.schedulingGroup from v1.36, httpGet.protocol from v1.37', () => {
    assert.deepEqual(at({schedulingGroup: {podGroupName: 'g'}}), [['spec.schedulingGroup'], ['spec.schedulingGroup'], [], []]);
    const probe = at({containers: [{name: 'a', image: 'x', livenessProbe: {httpGet: {port: 80, protocol: 'HTTP'}}}]});
    assert.deepEqual(probe, [
      ['spec.containers[0].livenessProbe.httpGet.protocol'],
      ['spec.containers[0].livenessProbe.httpGet.protocol'],
      ['spec.containers[0].livenessProbe.httpGet.protocol'],
      [],
    ]);
  });

  // What the v1.34.3, v1.35.4, v1.36.3 and v1.37.2 apiservers answered (lint-differential-decode, "fields only some minors know").
  const failures = (spec: Record<string, unknown>) => {
    const obj = pod(spec);
    const oldest = decodeObject(obj)!;
    const w = {undecodable: oldest.failure, undecodableAt: decodeByMinor(obj, oldest)?.failures};
    return [34, 35, 36, 37, 38].map((m) => undecodableAt(w, m)?.error ?? null);
  };

  it('a wrong JSON type under a field only a later minor knows: undecodable at that minor, an unknown field before it', () => {
    const sg = 'json: cannot unmarshal number into Go struct field PodSchedulingGroup.spec.schedulingGroup.podGroupName of type string';
    assert.deepEqual(failures({schedulingGroup: {podGroupName: 7}, containers: []}), [null, null, sg, sg, sg]);
    const wr = 'json: cannot unmarshal string into Go struct field PodSpec.spec.workloadRef of type v1.WorkloadReference';
    assert.deepEqual(failures({workloadRef: 'w', containers: []}), [null, wr, null, null, null]);
  });

  it('each minor keeps its own first type error', () => {
    const at35 = 'json: cannot unmarshal array into Go struct field PodSpec.spec.workloadRef of type v1.WorkloadReference';
    const at36 = 'json: cannot unmarshal string into Go struct field PodSpec.spec.schedulingGroup of type v1.PodSchedulingGroup';
    assert.deepEqual(failures({workloadRef: [], schedulingGroup: 'g', containers: [{name: 'a', image: 'x', hostNetwork: 'yes'}]}), [
      null,
      at35,
      at36,
      at36,
      at36,
    ]);
  });

  it('does not decode again when no such field is present', () => {
    const obj = pod({Containers: []});
    assert.equal(decodeByMinor(obj, decodeObject(obj)!), undefined);
  });
});
