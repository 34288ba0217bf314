// The manifests a registry answers for an image reference, and what each says about platforms:
// an OCI image index or a Docker manifest list names each entry's platform (os, os.version,
// architecture); an OCI or Docker image manifest names only its config blob, whose JSON carries
// os, os.version and architecture. OCI image-spec v1.1 image-index.md, manifest.md, config.md and
// media-types.md; Docker's "Image Manifest V2, Schema 2" (distribution docs/spec/manifest-v2-2.md).
import type {ImagePlatform} from '../../k8s/image-platforms.js';

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/** The Accept header of a manifest GET: the two list types first, then the two single-image types. */
export const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(', ');

/** A manifest as far as platforms go: the list's platforms, or the config blob to read them from. */
type ParsedManifest = {kind: 'index'; platforms: ImagePlatform[]} | {kind: 'image'; config: string};

export class ManifestError extends Error {
  override name = 'ManifestError';
}

type Json = Record<string, unknown>;

function parseObject(body: string, what: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new ManifestError(`${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ManifestError(`${what} is not a JSON object`);
  return value as Json;
}

/** The media type: the Content-Type's (parameters dropped), else the body's own `mediaType`, as containerd's resolver falls back. */
function mediaTypeOf(contentType: string | undefined, doc: Json): string {
  const header = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (header && header !== 'application/json' && header !== 'application/octet-stream') return header;
  if (typeof doc.mediaType === 'string') return doc.mediaType;
  // An OCI index or manifest may omit mediaType (image-spec before v1.1): tell them apart by their fields.
  if (Array.isArray(doc.manifests)) return MEDIA.ociIndex;
  if (typeof doc.config === 'object' && doc.config !== null) return MEDIA.ociManifest;
  return header;
}

/** A manifest GET's answer (its Content-Type and body) as platforms or the config to read. Throws ManifestError. */
export function parseManifest(contentType: string | undefined, body: string): ParsedManifest {
  const doc = parseObject(body, 'the manifest');
  const type = mediaTypeOf(contentType, doc);
  if (type === MEDIA.ociIndex || type === MEDIA.dockerList) return {kind: 'index', platforms: indexPlatforms(doc)};
  if (type === MEDIA.ociManifest || type === MEDIA.dockerManifest) return {kind: 'image', config: configDigest(doc)};
  if (type.startsWith('application/vnd.docker.distribution.manifest.v1'))
    throw new ManifestError('a schema 1 manifest (no platform information; containerd 2 refuses to pull it)');
  throw new ManifestError(`an unexpected manifest media type ${JSON.stringify(type || 'none')}`);
}

// BuildKit's attestation manifests sit in the index with platform unknown/unknown; they are not runnable images.
const ATTESTATION = 'attestation-manifest';

function indexPlatforms(doc: Json): ImagePlatform[] {
  if (!Array.isArray(doc.manifests)) throw new ManifestError('the manifest list has no "manifests" array');
  const out: ImagePlatform[] = [];
  for (const entry of doc.manifests as unknown[]) {
    if (typeof entry !== 'object' || entry === null) throw new ManifestError('a manifest list entry is not an object');
    const e = entry as Json;
    const annotations = (e.annotations ?? {}) as Json;
    if (annotations['vnd.docker.reference.type'] === ATTESTATION) continue;
    if (typeof e.platform !== 'object' || e.platform === null) continue; // no platform: nothing a runtime would select it for
    out.push(platformOf(e.platform as Json, 'a manifest list entry'));
  }
  return out;
}

function configDigest(doc: Json): string {
  const config = doc.config as Json | undefined;
  if (typeof config !== 'object' || config === null || typeof config.digest !== 'string') throw new ManifestError('the image manifest has no config digest');
  return config.digest;
}

/** An image config blob (OCI config.md: os, architecture, os.version) as its one platform. Throws ManifestError. */
export function parseConfig(body: string): ImagePlatform {
  return platformOf(parseObject(body, 'the image config'), 'the image config');
}

function platformOf(p: Json, where: string): ImagePlatform {
  if (typeof p.os !== 'string' || typeof p.architecture !== 'string') throw new ManifestError(`${where} has no os or architecture`);
  const osVersion = p['os.version'];
  return {os: p.os, architecture: p.architecture, ...(typeof osVersion === 'string' && osVersion !== '' ? {osVersion} : {})};
}
