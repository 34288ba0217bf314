// The create-time defaulting and mutation PSA sees (kube-apiserver v1.34.3 SetDefaults_Pod host
// network ports, applyAppArmorVersionSkew), checked against what the apiserver stores.
import assert from 'node:assert/strict';
import {admittedPod} from '../../../../src/k8s/pss/admitted.js';
import {majorMinor} from '../../../../src/k8s/pss/api.js';
import {Evaluator, forbiddenDetail} from '../../../../src/k8s/pss/registry.js';
import type {PodSpecLike} from '../../../../src/k8s/pss/types.js';

describe('pss admitted pod', () => {
  it('hostNetwork: ports without a hostPort get hostPort = containerPort (containers and init containers)', () => {
    const spec: PodSpecLike = {
      hostNetwork: true,
      initContainers: [{name: 'i', ports: [{containerPort: 53}]}],
      containers: [{name: 'c', ports: [{containerPort: 80}, {containerPort: 81, hostPort: 81}]}],
    };
    const {spec: out} = admittedPod({}, spec);
    assert.deepEqual(out.containers![0].ports, [
      {containerPort: 80, hostPort: 80},
      {containerPort: 81, hostPort: 81},
    ]);
    assert.deepEqual(out.initContainers![0].ports, [{containerPort: 53, hostPort: 53}]);
    assert.equal(spec.containers![0].ports![0].hostPort, undefined, 'the input is not modified');
    const a = new Evaluator().evaluate({level: 'baseline', version: majorMinor(1, 34)}, {}, out);
    assert.equal(forbiddenDetail(a), 'host namespaces (hostNetwork=true), hostPort (containers "i", "c" use hostPorts 53, 80, 81)');
  });

  it('without hostNetwork ports are left alone', () => {
    const spec: PodSpecLike = {containers: [{name: 'c', ports: [{containerPort: 80}]}]};
    assert.equal(admittedPod({}, spec).spec, spec);
  });

  it('AppArmor annotations are copied into container fields that are unset (not on Windows pods)', () => {
    const meta = {
      annotations: {
        'container.apparmor.security.beta.kubernetes.io/a': 'unconfined',
        'container.apparmor.security.beta.kubernetes.io/b': 'localhost/prof',
        'container.apparmor.security.beta.kubernetes.io/c': 'runtime/default',
        'container.apparmor.security.beta.kubernetes.io/d': 'localhost/',
      },
    };
    const spec: PodSpecLike = {
      securityContext: {appArmorProfile: {type: 'RuntimeDefault'}},
      containers: [
        {name: 'a'},
        {name: 'b'},
        {name: 'c'},
        {name: 'd'},
        {name: 'e', securityContext: {appArmorProfile: {type: 'Localhost', localhostProfile: 'x'}}},
      ],
    };
    const out = admittedPod(meta, spec).spec;
    assert.deepEqual(out.containers![0].securityContext, {appArmorProfile: {type: 'Unconfined'}});
    assert.deepEqual(out.containers![1].securityContext, {appArmorProfile: {type: 'Localhost', localhostProfile: 'prof'}});
    assert.equal(out.containers![2].securityContext, undefined, 'equal to the pod-level profile: not copied');
    assert.equal(out.containers![3].securityContext, undefined, 'an invalid localhost annotation is not copied');
    const a = new Evaluator().evaluate({level: 'baseline', version: majorMinor(1, 34)}, meta, out);
    assert.equal(
      forbiddenDetail(a),
      'forbidden AppArmor profiles (container "a" and annotation must not set AppArmor profile type to "Unconfined", "container.apparmor.security.beta.kubernetes.io/a=\\"unconfined\\"")'.replace(
        /\\"/g,
        '"',
      ),
    );
    const win = admittedPod(meta, {...spec, os: {name: 'windows'}}).spec;
    assert.equal(win.containers![0].securityContext, undefined);
  });
});
