// Checks that remember, by identity, the shared frozen objects they found clean (src/util/clean-memo.ts):
// the pods of a workload carry one decoded object each for their tolerations, service-account token
// volume and container resources (src/source/protobuf/decode.ts). Each check must answer for the next
// pod exactly as it would without the memo: its own field paths when something is wrong, another
// answer at another minor, and nothing remembered of an object that can still change.
import assert from 'node:assert/strict';
import type {V1PodSpec} from '@kubernetes/client-node';
import {CleanMemo} from '../../../src/util/clean-memo.js';
import {errorString} from '../../../src/k8s/field-error.js';
import {validatePodSpec} from '../../../src/k8s/pod-validation.js';
import {applyPodDefaults, InvalidQuantityError, readPodResources} from '../../../src/k8s/pod-defaults.js';
import {findingsOf, pod, winSpec} from '../analyses/lint/helpers.js';
import {frozenDeep} from '../../../src/util/frozen.js';

const shared = frozenDeep;

const lines = (spec: unknown, minor: number) => validatePodSpec(spec as V1PodSpec, 'spec', false, false, minor).map(errorString);

describe('util/clean-memo', () => {
  it('remembers a frozen object at one minor, and nothing of an object that can change', () => {
    const memo = new CleanMemo();
    const frozen = shared({a: 1});
    const open = {a: 1};
    memo.note(frozen, 35);
    memo.note(open, 35);
    memo.note(undefined, 35);
    assert.ok(memo.has(frozen, 35));
    assert.ok(!memo.has(frozen, 36), 'another minor is another answer');
    assert.ok(!memo.has(open, 35), 'an object that can change is checked every time');
    assert.ok(!memo.has(shared({a: 1}), 35), 'by identity, not by content');
    assert.ok(!memo.has(undefined, 35) && !memo.has(null));
    memo.note(frozen);
    assert.ok(memo.has(frozen) && !memo.has(frozen, 35), 'one minor remembered per object: the last');
  });

  it('tolerations: a shared clean one stays clean; a shared wrong one is reported at each place, in each pod', () => {
    const clean = shared({key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'});
    const wrong = shared({key: 'k', operator: 'Lt', value: '5', effect: 'NoSchedule'});
    const spec = (tolerations: unknown[]) => ({containers: [{name: 'a', image: 'x'}], tolerations});
    for (let i = 0; i < 3; i++) assert.deepEqual(lines(spec([clean, clean]), 34), []);
    const refused = (at: number, minor: number) =>
      `spec.tolerations[${at}].operator: Unsupported value: "Lt": supported values: "Equal", "Exists"${minor >= 35 ? ', "Lt", "Gt"' : ''}`;
    for (const minor of [34, 35, 34]) assert.deepEqual(lines(spec([clean, wrong, clean, wrong]), minor), [refused(1, minor), refused(3, minor)], `v1.${minor}`);
  });

  it('a projected volume clean at v1.36 is checked again at v1.37, where its user field is kept and out of range', () => {
    const projected = shared({sources: [{secret: {name: 's'}, podCertificate: {signerName: 'example.com/s', keyType: 'ED25519', keyPath: 'k', user: -5}}]});
    const spec = (volumeName: string, at: number) => ({
      os: {name: 'windows'},
      containers: [{name: 'a', image: 'x'}],
      volumes: [...Array.from({length: at}, (_, i) => ({name: `e${i}`, emptyDir: {}})), {name: volumeName, projected}],
    });
    assert.deepEqual(lines(spec('a', 0), 36), []);
    assert.deepEqual(lines(spec('a', 0), 36), []);
    const at = (i: number) => [
      `spec.volumes[${i}].projected.sources[0].podCertificate.user: Invalid value: -5: must be between 0 and 2147483647, inclusive`,
      `spec.volumes[${i}].projected.sources[0]: Forbidden: may not specify more than 1 volume type per source`,
    ];
    assert.deepEqual(lines(spec('a', 0), 37), at(0));
    assert.deepEqual(lines(spec('b', 2), 37), at(2), 'the same object in another place: its own path');
    assert.deepEqual(lines(spec('a', 0), 36), []);
  });

  it('windowsOptions: a shared invalid runAsUserName is reported at the pod and at each container that carries it', () => {
    const good = shared({runAsUserName: 'ContainerUser'});
    const bad = shared({runAsUserName: 'a\\b\\c'});
    const spec = (pod: object, containers: object[]) => ({
      os: {name: 'windows'},
      securityContext: {windowsOptions: pod},
      containers: containers.map((windowsOptions, i) => ({name: `c${i}`, image: 'x', securityContext: {windowsOptions}})),
    });
    const backslashes = (at: string) => `${at}.runAsUserName: Invalid value: "a\\\\b\\\\c": runAsUserName cannot contain more than one backslash`;
    for (let i = 0; i < 2; i++) assert.deepEqual(lines(spec(good, [good, good]), 34), []);
    assert.deepEqual(lines(spec(bad, [good, bad, bad]), 34), [
      backslashes('spec.containers[1].securityContext.windowsOptions'),
      backslashes('spec.containers[2].securityContext.windowsOptions'),
      backslashes('spec.securityContext.windowsOptions'),
    ]);
  });

  it('readPodResources: a shared resources object is parsed once; defaulting copies its lists before it changes them', () => {
    const resources = shared({limits: {cpu: '500m', memory: '1Gi'}});
    const spec = {
      containers: [
        {name: 'a', resources},
        {name: 'b', resources},
      ],
    };
    const first = readPodResources(spec);
    const second = readPodResources({initContainers: [{name: 'i', resources}]});
    assert.equal(first.containers[0].limits, first.containers[1].limits);
    assert.equal(first.containers[0].limits, second.containers[0].limits);
    assert.equal(second.containers[0].type, 'init');
    assert.deepEqual(
      [...first.containers[0].limits!.entries()].map(([k, v]) => `${k}=${v.toString()}`),
      ['cpu=500m', 'memory=1Gi'],
    );
    assert.equal(first.containers[0].requests, undefined);
    const defaulted = applyPodDefaults(first, 34).resources;
    assert.deepEqual([...defaulted.containers[0].requests!.keys()], ['cpu', 'memory']);
    assert.equal(first.containers[0].requests, undefined, 'the shared lists are as parsed');
    assert.equal(first.containers[0].limits!.size, 2);
  });

  it('readPodResources: a shared resources object that does not parse fails at each container', () => {
    const resources = shared({requests: {cpu: 'lots'}});
    for (const [spec, field] of [
      [{containers: [{name: 'a', resources}]}, 'spec.containers[0].resources.requests.cpu'],
      [{containers: [{name: 'a'}, {name: 'b', resources}]}, 'spec.containers[1].resources.requests.cpu'],
    ] as const) {
      assert.throws(
        () => readPodResources(spec),
        (err: unknown) => err instanceof InvalidQuantityError && err.field === field,
      );
    }
  });

  it('lint/volume-default-mode: a shared projected volume with an item mode is reported in every pod, a clean one in none', () => {
    const withMode = shared({defaultMode: 420, sources: [{secret: {name: 'y', items: [{key: 'k', path: 'k', mode: 0o600}]}}]});
    const clean = shared({defaultMode: 420, sources: [{serviceAccountToken: {path: 'token'}}]});
    for (let i = 0; i < 3; i++) {
      const spec = winSpec({
        volumes: [
          {name: 'c', projected: clean},
          {name: 'p', projected: withMode},
        ],
      });
      assert.deepEqual(
        findingsOf(pod(spec, `p${i}`), 'lint/volume-default-mode').map((f) => [f.object?.name, f.field]),
        [[`p${i}`, 'spec.volumes[1].projected.sources[0].secret.items[0].mode']],
      );
    }
  });
});
