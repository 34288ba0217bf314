import assert from 'node:assert/strict';
import type {V1PodSpec} from '@kubernetes/client-node';
import {errorString} from '../../../src/k8s/field-error.js';
import {validatePodSpec} from '../../../src/k8s/pod-validation.js';

// The whole answer, identical errors collapsed at v1.37 as the apiserver does.
const lines = (spec: unknown, minor: number) => validatePodSpec(spec as V1PodSpec, 'spec', false, true, minor).map(errorString);
const projected = (sources: unknown[]) => ({name: 'certs', projected: {sources}});
const win = (volumes: unknown[]) => ({os: {name: 'windows'}, containers: [{name: 'a', image: 'x'}], volumes});
const src = (j: number) => `spec.volumes[0].projected.sources[${j}]`;
const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const cert = {signerName: 'example.com/s', keyType: 'ED25519', keyPath: 'k'};

// Each expected line is what the v1.34.3, v1.35.4, v1.36.3 and v1.37.2 apiservers answered for the
// same spec (dry-run create); the lint differential suite keeps checking them (lint-minor-cases.ts).
describe('projected volume sources (validateProjectionSources)', () => {
  it('clusterTrustBundle: dropped up to v1.36, then name and signerName are exclusive (the struct printed as Go marshals it)', () => {
    const spec = win([
      projected([{clusterTrustBundle: {name: 'n', signerName: 'ex<am>&ple', labelSelector: {matchLabels: {z: '1', a: '2'}}, optional: false, path: 'p'}}]),
    ]);
    for (const minor of [34, 35, 36]) assert.deepEqual(lines(spec, minor), [], `v1.${minor}`);
    assert.deepEqual(lines(spec, 37), [
      `${src(0)}.clusterTrustBundle: Invalid value: {"Name":"n","SignerName":"ex\\u003cam\\u003e\\u0026ple","LabelSelector":{"matchLabels":{"a":"2","z":"1"}},"Optional":false,"Path":"p","User":null}: only one of name and signerName may be used`,
    ]);
  });

  it('clusterTrustBundle by name: the signer prefix the name implies, no labelSelector; neither, and no path', () => {
    const spec = win([
      projected([
        {clusterTrustBundle: {name: 'example.com:s:Bad', labelSelector: {}, path: 'a'}},
        {clusterTrustBundle: {name: 'a/b:c', path: 'b'}},
        {clusterTrustBundle: {name: '', path: '../x'}},
        {clusterTrustBundle: {path: ''}},
      ]),
    ]);
    assert.deepEqual(lines(spec, 37), [
      `${src(0)}.clusterTrustBundle.name: Invalid value: "example.com:s:Bad": not a valid clustertrustbundlename: ${SUBDOMAIN}`,
      `${src(0)}.clusterTrustBundle.labelSelector: Invalid value: {}: labelSelector must be unset if name is specified`,
      `${src(1)}.clusterTrustBundle.name: Invalid value: "a/b:c": not a valid clustertrustbundlename: ClusterTrustBundle for signerName a/b must be named with prefix a:b:`,
      `${src(2)}.clusterTrustBundle.name: Required value: must be a valid object name`,
      `${src(2)}.clusterTrustBundle.name: Invalid value: "": not a valid clustertrustbundlename: ${SUBDOMAIN}`,
      `${src(2)}.clusterTrustBundle.path: Invalid value: "../x": must not contain '..'`,
      `${src(3)}.clusterTrustBundle: Required value: either name or signerName must be specified`,
      `${src(3)}.clusterTrustBundle.path: Required value`,
    ]);
  });

  it('clusterTrustBundle by signerName: the signer, then the label selector', () => {
    const spec = win([
      projected([
        {clusterTrustBundle: {signerName: '', path: 'x'}},
        {
          clusterTrustBundle: {
            signerName: 'example.com/s',
            labelSelector: {
              matchExpressions: [
                {key: 'Bad Key', operator: 'Exists', values: ['a']},
                {key: 'k', operator: 'In'},
                {key: 'k', operator: 'Bogus'},
              ],
            },
            path: 'p',
          },
        },
      ]),
    ]);
    assert.deepEqual(lines(spec, 37), [
      `${src(0)}.clusterTrustBundle.signerName: Required value: must be a valid signer name`,
      `${src(0)}.clusterTrustBundle.signerName: Required value`,
      `${src(1)}.clusterTrustBundle.labelSelector.matchExpressions[0].values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
      `${src(1)}.clusterTrustBundle.labelSelector.matchExpressions[0].key: Invalid value: "Bad Key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `${src(1)}.clusterTrustBundle.labelSelector.matchExpressions[1].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
      `${src(1)}.clusterTrustBundle.labelSelector.matchExpressions[2].operator: Invalid value: "Bogus": not a valid selector operator`,
    ]);
  });

  it('two clusterTrustBundles without a path claim the same empty path', () => {
    const spec = win([
      projected([{clusterTrustBundle: {signerName: 'example.com/s', path: ''}}, {clusterTrustBundle: {signerName: 'example.com/s', path: ''}}]),
    ]);
    assert.deepEqual(lines(spec, 37), [
      `${src(0)}.clusterTrustBundle.path: Required value`,
      `${src(1)}.clusterTrustBundle.path: Required value`,
      'spec.volumes[0].projected: Invalid value: "": conflicting duplicate paths',
    ]);
  });

  it('podCertificate userAnnotations: lowercased keys with a domain prefix', () => {
    const spec = win([projected([{podCertificate: {...cert, userAnnotations: {'Example.com/A': 'x', nodomain: 'y'}}}])]);
    assert.deepEqual(lines(spec, 36), []);
    assert.deepEqual(lines(spec, 37), [
      `${src(0)}.podCertificate.userAnnotations: Invalid value: "nodomain": must be a domain-prefixed key (such as "acme.io/foo")`,
    ]);
    const big = win([projected([{podCertificate: {...cert, userAnnotations: {'example.com/a': 'x'.repeat(262140)}}}])]);
    assert.deepEqual(lines(big, 37), [`${src(0)}.podCertificate.userAnnotations: Too long: may not be more than 262144 bytes`]);
  });

  it('paths and volume types across sources at every minor, the gated sources from v1.37 (the second conflict is the same error, said once)', () => {
    const spec = win([
      projected([
        {secret: {name: 'sec', items: [{key: 'k', path: 'ca.pem'}]}},
        {downwardAPI: {items: [{path: 'ca.pem', fieldRef: {fieldPath: 'metadata.name'}}]}},
        {clusterTrustBundle: {signerName: 'example.com/s', path: 'ca.pem'}, configMap: {name: 'c'}},
      ]),
    ]);
    const before = ['spec.volumes[0].projected: Invalid value: "ca.pem": conflicting duplicate paths'];
    for (const minor of [34, 35, 36]) assert.deepEqual(lines(spec, minor), before, `v1.${minor}`);
    assert.deepEqual(lines(spec, 37), [...before, `${src(2)}: Forbidden: may not specify more than 1 volume type per source`]);
  });

  it('the alpha user fields: dropped at v1.37 unless a source of two types keeps them (its first kind loses its own)', () => {
    const spec = win([
      projected([
        {serviceAccountToken: {path: 't', user: -1}},
        {secret: {name: 's'}, podCertificate: {...cert, user: -5}},
        {secret: {name: 's'}, clusterTrustBundle: {signerName: 'example.com/s', path: 'ctb', user: 3000000000}},
      ]),
    ]);
    assert.deepEqual(lines(spec, 36), [], 'both gated sources dropped, the user fields unknown');
    assert.deepEqual(lines(spec, 37), [
      `${src(1)}.podCertificate.user: Invalid value: -5: must be between 0 and 2147483647, inclusive`,
      `${src(1)}: Forbidden: may not specify more than 1 volume type per source`,
      `${src(2)}.clusterTrustBundle.user: Invalid value: 3000000000: must be between 0 and 2147483647, inclusive`,
      `${src(2)}: Forbidden: may not specify more than 1 volume type per source`,
    ]);
  });

  it('volumes after an image volume move up where v1.34 drops it', () => {
    const spec = win([
      {name: 'img', image: {reference: 'registry.k8s.io/pause:3.10'}},
      projected([{secret: {name: 's', items: [{key: 'k', path: 'x'}]}}, {configMap: {name: 'c', items: [{key: 'k', path: 'x'}]}}]),
    ]);
    assert.deepEqual(lines(spec, 34), ['spec.volumes[0].projected: Invalid value: "c": conflicting duplicate paths']);
    assert.deepEqual(lines(spec, 35), ['spec.volumes[1].projected: Invalid value: "c": conflicting duplicate paths']);
  });
});
