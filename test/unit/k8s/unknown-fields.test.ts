import assert from 'node:assert/strict';
import {unknownAtEveryMinor, withoutPaths} from '../../../src/k8s/unknown-fields.js';

describe('unknown fields left out of corrected manifests', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name: 'p', labels: {'a.b': 'x'}},
    spec: {
      bogus: 1,
      containers: [
        {name: 'c', image: 'i'},
        {name: 'd', image: 'i', typo: {x: 1}},
      ],
      nodeSelector: {'k.io/x': 'y'},
    },
  };

  it('removes each path, through lists and map keys with dots, and copies only along the paths', () => {
    const out = withoutPaths(pod, ['spec.bogus', 'spec.containers[1].typo']);
    assert.deepEqual(out.spec, {
      containers: [
        {name: 'c', image: 'i'},
        {name: 'd', image: 'i'},
      ],
      nodeSelector: {'k.io/x': 'y'},
    });
    assert.equal(pod.spec.bogus, 1, 'the input is not changed');
    assert.ok('typo' in pod.spec.containers[1]);
    assert.equal(out.metadata, pod.metadata, 'untouched parts are shared');
    assert.equal(out.spec.containers[0], pod.spec.containers[0]);
  });

  it('takes a map key that holds dots as one key', () => {
    const out = withoutPaths(pod, ['spec.nodeSelector.k.io/x']);
    assert.deepEqual(out.spec.nodeSelector, {});
  });

  it('leaves a path that names nothing alone', () => {
    for (const path of ['spec.nothing', 'spec.containers[5].typo', 'spec.containers.typo', 'spec.bogus.deeper', 'spec.containers[0]']) {
      assert.deepEqual(withoutPaths(pod, [path]), pod, path);
    }
  });

  it('counts only fields that every supported minor calls unknown', () => {
    assert.deepEqual(unknownAtEveryMinor({unknownFields: ['spec.a', 'spec.b']}), ['spec.a', 'spec.b']);
    assert.deepEqual(unknownAtEveryMinor({unknownFields: ['spec.a', 'spec.b'], unknownFieldsAt: {35: ['spec.a', 'spec.b'], 37: ['spec.a']}}), ['spec.a']);
    assert.deepEqual(unknownAtEveryMinor({}), []);
  });
});
