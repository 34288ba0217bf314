import assert from 'node:assert/strict';
import {apiHost, manifestReference, parseImageReference, repositoryName} from '../../../../src/source/registry/reference.js';

const HEX64 = 'f'.repeat(64);

describe('registry image references (distribution/reference ParseNormalizedNamed, the kubelet default tag)', () => {
  const cases: [string, string, string, string | undefined, string | undefined][] = [
    // input, domain, path, tag, digest
    ['nginx', 'docker.io', 'library/nginx', 'latest', undefined],
    ['ubuntu:22.04', 'docker.io', 'library/ubuntu', '22.04', undefined],
    ['docker.io/nginx', 'docker.io', 'library/nginx', 'latest', undefined],
    ['index.docker.io/foo/bar:1', 'docker.io', 'foo/bar', '1', undefined],
    ['nonlibrary/ubuntu', 'docker.io', 'nonlibrary/ubuntu', 'latest', undefined],
    ['localhost/fooo', 'localhost', 'fooo', 'latest', undefined],
    ['LOCALDOMAIN/fooo/bar', 'LOCALDOMAIN', 'fooo/bar', 'latest', undefined],
    ['127.0.0.1:8000/private/moonbase', '127.0.0.1:8000', 'private/moonbase', 'latest', undefined],
    ['mcr.microsoft.com/windows/servercore:ltsc2022', 'mcr.microsoft.com', 'windows/servercore', 'ltsc2022', undefined],
    [`mcr.microsoft.com/oss/kubernetes/pause@sha256:${HEX64}`, 'mcr.microsoft.com', 'oss/kubernetes/pause', undefined, `sha256:${HEX64}`],
    [`test:5000/repo:tag@sha256:${HEX64}`, 'test:5000', 'repo', 'tag', `sha256:${HEX64}`],
    ['[::1]:5000/repo:tag', '[::1]:5000', 'repo', 'tag', undefined],
    ['192.168.0.1:80', 'docker.io', 'library/192.168.0.1', '80', undefined],
    ['b.gcr.io/test.example.com/my-app:test.example.com', 'b.gcr.io', 'test.example.com/my-app', 'test.example.com', undefined],
    ['lowercase:Uppercase', 'docker.io', 'library/lowercase', 'Uppercase', undefined],
  ];
  for (const [input, domain, path, tag, digest] of cases) {
    it(`${input} -> ${domain}/${path} ${tag ?? ''}${digest ?? ''}`, () => {
      const ref = parseImageReference(input);
      assert.deepEqual(ref, {domain, path, ...(tag ? {tag} : {}), ...(digest ? {digest} : {})});
    });
  }

  // normalize_test.go TestValidateReferenceName's invalid names, and reference_test.go's errors (their words).
  const invalid: [string, RegExp][] = [
    ['https://github.com/docker/docker', /invalid reference format/],
    ['docker/Docker', /repository name \(docker\/Docker\) must be lowercase/],
    ['-docker', /invalid reference format/],
    ['docker///docker', /invalid reference format/],
    ['[fc00::1]:5000', /invalid reference format/],
    ['[fe80::1%eth0]:5000/debian', /invalid reference format/],
    ['1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a', /cannot specify 64-byte hexadecimal strings/],
    ['repo@sha256:ffffffffffffffffffffffffffffffffff', /invalid checksum digest length/],
    [`validname@invaliddigest:${HEX64}`, /unsupported digest algorithm/],
    [`repo@sha256:${'F'.repeat(64)}`, /invalid checksum digest format/],
    ['test:5000/Uppercase/lowercase:tag', /repository name \(Uppercase\/lowercase\) must be lowercase/],
    [`domain/${'a'.repeat(256)}:tag`, /must not be more than 255 characters/],
    ['', /invalid reference format/],
    ['nginx:', /invalid reference format/],
  ];
  for (const [input, err] of invalid) {
    it(`refuses ${JSON.stringify(input.length > 60 ? input.slice(0, 60) + '...' : input)}`, () => {
      assert.throws(() => parseImageReference(input), err);
    });
  }

  it('asks the manifests endpoint for the digest over the tag, and Docker Hub at its API host', () => {
    const ref = parseImageReference(`repo:tag@sha256:${HEX64}`);
    assert.equal(manifestReference(ref), `sha256:${HEX64}`);
    assert.equal(repositoryName(ref), 'docker.io/library/repo');
    assert.equal(apiHost(ref.domain), 'registry-1.docker.io');
    assert.equal(apiHost('127.0.0.1:5000'), '127.0.0.1:5000');
  });
});
