import assert from 'node:assert/strict';
import type {V1PodSpec} from '@kubernetes/client-node';
import {errorString} from '../../../src/k8s/field-error.js';
import {validateWindowsPodSpec} from '../../../src/k8s/windows-validation.js';
import {MALFORMED_POD_CERTIFICATE} from '../../support/fixtures.js';

const lines = (spec: unknown, minor: number) => validateWindowsPodSpec(spec as V1PodSpec, 'spec', undefined, minor).map(errorString);
const projected = (sources: unknown[]) => ({name: 'certs', projected: {sources}});
const win = (volumes: unknown[]) => ({os: {name: 'windows'}, containers: [{name: 'a', image: 'x'}], volumes});
const good = {signerName: 'example.com/pod-identity', keyType: 'ECDSAP256', credentialBundlePath: 'bundle.pem'};
const at = 'spec.volumes[0].projected.sources[0].podCertificate';
const KEY_TYPES = 'supported values: "RSA3072", "RSA4096", "ECDSAP256", "ECDSAP384", "ECDSAP521", "ED25519"';

// Each expected line is what the v1.34.3, v1.35.4, v1.36.3 and v1.37.2 apiservers answered for the
// same spec (dry-run create, test/e2e/support/lint-minor-cases.ts); the lint differential suite keeps checking them.
describe('projected podCertificate (gate PodCertificateRequest, on from v1.37)', () => {
  it('dropped up to v1.36 (the pod is accepted without it); validated from v1.37', () => {
    const spec = win([projected([{podCertificate: {signerName: 'Example/x/y', keyType: 'RSA1024'}}])]);
    for (const minor of [34, 35, 36]) assert.deepEqual(lines(spec, minor), [], `v1.${minor}`);
    assert.deepEqual(lines(spec, 37), [
      `${at}.signerName: Invalid value: "Example/x/y": must be a fully qualified domain and path of the form 'example.com/signer-name'`,
      `${at}.keyType: Unsupported value: "RSA1024": ${KEY_TYPES}`,
      `${at}: Required value: specify at least one of credentialBundlePath, keyPath, and certificateChainPath`,
    ]);
  });

  it('signerName labels, expiration and each path', () => {
    assert.deepEqual(lines(win([projected([{podCertificate: MALFORMED_POD_CERTIFICATE}])]), 37), [
      `${at}.signerName: Invalid value: "corp": should be a domain with at least two segments separated by dots`,
      `${at}.signerName: Invalid value: "-bad.x": validating label "-bad": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      `${at}.maxExpirationSeconds: Invalid value: 60: if provided, maxExpirationSeconds must be >= 3600`,
      `${at}.credentialBundlePath: Invalid value: "a/../b": must not contain '..'`,
      `${at}.keyPath: Invalid value: "/key.pem": must be a relative path`,
      `${at}.certificateChainPath: Invalid value: "..chain.pem": must not start with '..'`,
    ]);
  });

  it('paths shared across sources, a kubernetes.io signer over a day, two volume types in one source', () => {
    assert.deepEqual(lines(win([projected([{podCertificate: good}, {podCertificate: {...good, keyType: 'RSA4096'}}])]), 37), [
      'spec.volumes[0].projected: Invalid value: "bundle.pem": conflicting duplicate paths',
    ]);
    const spec = win([
      projected([
        {secret: {name: 's', items: [{key: 'k', path: 'tls/key.pem'}]}},
        {
          podCertificate: {...good, signerName: 'kubernetes.io/kube-apiserver-client-pod', maxExpirationSeconds: 86401, keyPath: 'tls/key.pem'},
          configMap: {name: 'c'},
        },
      ]),
    ]);
    assert.deepEqual(lines(spec, 37), [
      'spec.volumes[0].projected.sources[1].podCertificate.maxExpirationSeconds: Invalid value: 86401: if provided, maxExpirationSeconds must be <= 86400',
      'spec.volumes[0].projected: Invalid value: "tls/key.pem": conflicting duplicate paths',
      'spec.volumes[0].projected.sources[1]: Forbidden: may not specify more than 1 volume type per source',
    ]);
  });

  it('volume by volume, with the image volumes', () => {
    const spec = win([{name: 'img', image: {}}, projected([{podCertificate: {...good, keyType: ''}}])]);
    assert.deepEqual(lines(spec, 36), ['spec.volumes[0].image.reference: Required value']);
    assert.deepEqual(lines(spec, 37), [
      'spec.volumes[0].image.reference: Required value',
      `spec.volumes[1].projected.sources[0].podCertificate.keyType: Unsupported value: "": ${KEY_TYPES}`,
    ]);
  });
});
