import assert from 'node:assert/strict';
import {MEDIA, parseConfig, parseManifest} from '../../../../src/source/registry/manifest.js';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const entry = (platform: object | undefined, annotations?: object) => ({
  mediaType: MEDIA.dockerManifest,
  digest: digest('a'),
  size: 1,
  ...(platform ? {platform} : {}),
  ...(annotations ? {annotations} : {}),
});

describe('registry manifests (OCI image index / Docker manifest list / image manifests)', () => {
  it('reads every platform of a Docker manifest list, os.version included', () => {
    const list = {
      schemaVersion: 2,
      mediaType: MEDIA.dockerList,
      manifests: [
        entry({os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.6414'}),
        entry({os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.2849'}),
        entry({os: 'linux', architecture: 'amd64'}),
      ],
    };
    assert.deepEqual(parseManifest(MEDIA.dockerList, JSON.stringify(list)), {
      kind: 'index',
      platforms: [
        {os: 'windows', architecture: 'amd64', osVersion: '10.0.17763.6414'},
        {os: 'windows', architecture: 'amd64', osVersion: '10.0.20348.2849'},
        {os: 'linux', architecture: 'amd64'},
      ],
    });
  });

  it('takes the media type from the body when the Content-Type is generic, and leaves out attestations and entries without a platform', () => {
    const index = {
      schemaVersion: 2,
      manifests: [
        entry({os: 'windows', architecture: 'amd64', 'os.version': '10.0.26100.2314'}),
        entry({os: 'unknown', architecture: 'unknown'}, {'vnd.docker.reference.type': 'attestation-manifest'}),
        entry(undefined),
      ],
    };
    const parsed = parseManifest('application/json', JSON.stringify(index));
    assert.deepEqual(parsed, {kind: 'index', platforms: [{os: 'windows', architecture: 'amd64', osVersion: '10.0.26100.2314'}]});
  });

  it('sends a single image to its config, whose os.version is its one platform', () => {
    const manifest = {
      schemaVersion: 2,
      mediaType: MEDIA.ociManifest,
      config: {mediaType: 'application/vnd.oci.image.config.v1+json', digest: digest('c'), size: 2},
      layers: [],
    };
    assert.deepEqual(parseManifest(`${MEDIA.ociManifest}; charset=utf-8`, JSON.stringify(manifest)), {kind: 'image', config: digest('c')});
    assert.deepEqual(parseConfig(JSON.stringify({os: 'windows', architecture: 'amd64', 'os.version': '10.0.20348.1', rootfs: {}})), {
      os: 'windows',
      architecture: 'amd64',
      osVersion: '10.0.20348.1',
    });
  });

  it('refuses what is not a manifest it can read, in one phrase', () => {
    assert.throws(() => parseManifest(MEDIA.dockerList, '<html>'), /the manifest is not JSON/);
    assert.throws(() => parseManifest(MEDIA.dockerList, '[]'), /not a JSON object/);
    assert.throws(() => parseManifest(MEDIA.dockerList, '{}'), /no "manifests" array/);
    assert.throws(() => parseManifest('application/vnd.docker.distribution.manifest.v1+prettyjws', '{"schemaVersion":1}'), /schema 1 manifest/);
    assert.throws(() => parseManifest('text/plain', '{"a":1}'), /unexpected manifest media type "text\/plain"/);
    assert.throws(() => parseManifest(MEDIA.ociManifest, '{"config":{}}'), /no config digest/);
    assert.throws(() => parseConfig('{"os":"windows"}'), /no os or architecture/);
  });
});
