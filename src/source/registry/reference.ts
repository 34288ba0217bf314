// Image references parsed exactly as the container runtime parses them: the grammar of
// distribution/reference (github.com/distribution/reference v0.6.0 regexp.go, reference.go Parse)
// and its Docker normalization (normalize.go ParseNormalizedNamed, splitDockerDomain: docker.io
// and library/ for familiar names, index.docker.io canonicalized), digests checked as
// opencontainers/go-digest v1.0.0 Digest.Validate does. The kubelet parses spec.containers[].image
// this way (pkg/util/parsers ParseImageName) and pulls `:latest` when neither tag nor digest is given.

/** A parsed reference: where to ask (domain) and what (repository path, tag or digest). */
export interface ImageReference {
  /** The registry host[:port] as written, `docker.io` for Docker Hub. */
  domain: string;
  /** The repository path inside the registry, e.g. `library/nginx`. */
  path: string;
  /** The tag; `latest` when neither tag nor digest was written (the kubelet's default). */
  tag?: string;
  digest?: string;
}

const DOCKER_HUB = 'docker.io';
/** Docker Hub's API host: the `docker.io` domain is served at registry-1.docker.io (distribution's registry/client docs). */
const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
const LEGACY_DOCKER_HUB = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
const REPOSITORY_NAME_MAX = 255;

// regexp.go, piece by piece.
const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const optionalPort = '(?::[0-9]+)?';
const tagPat = '[\\w][\\w.-]{0,127}';
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const ipv6address = '\\[(?:[a-fA-F0-9:]+)\\]';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const domainAndPort = `(?:${domainName}|${ipv6address})${optionalPort}`;
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePat = `(?:${domainAndPort}/)?${remoteName}`;
// Go's RE2 has no backtracking surprises; these patterns are linear in JavaScript too (no nested quantifiers over the same text).
const REFERENCE = new RegExp(`^(${namePat})(?::(${tagPat}))?(?:@(${digestPat}))?$`);
const ANCHORED_NAME = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;

// go-digest: the algorithms it has (Available) and the encoded form each takes.
const DIGEST_HEX_LENGTH: Record<string, number> = {sha256: 64, sha384: 96, sha512: 128};
const DIGEST_LOOSE = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export class ReferenceError extends Error {
  override name = 'ReferenceError';
}

/** ParseNormalizedNamed, then the kubelet's default tag. Throws ReferenceError with distribution's words. */
export function parseImageReference(s: string): ImageReference {
  if (IDENTIFIER.test(s)) throw new ReferenceError(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  const [domain, remainder] = splitDockerDomain(s);
  const tagSep = remainder.indexOf(':');
  const remote = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) throw new ReferenceError(`invalid reference format: repository name (${remote}) must be lowercase`);
  const ref = parse(`${domain}/${remainder}`);
  return ref.tag === undefined && ref.digest === undefined ? {...ref, tag: 'latest'} : ref;
}

/** reference.go Parse. */
function parse(s: string): ImageReference {
  const m = REFERENCE.exec(s);
  if (!m) {
    if (s === '') throw new ReferenceError('repository name must have at least one component');
    if (REFERENCE.test(s.toLowerCase())) throw new ReferenceError('repository name must be lowercase');
    throw new ReferenceError('invalid reference format');
  }
  const name = ANCHORED_NAME.exec(m[1]);
  const domain = name?.[1] ?? '';
  const path = name ? name[2] : m[1];
  if (path.length > REPOSITORY_NAME_MAX) throw new ReferenceError(`repository name must not be more than ${REPOSITORY_NAME_MAX} characters`);
  if (m[3] !== undefined) validateDigest(m[3]);
  return {domain, path, ...(m[2] !== undefined ? {tag: m[2]} : {}), ...(m[3] !== undefined ? {digest: m[3]} : {})};
}

/** normalize.go splitDockerDomain. */
function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  if (slash === -1) return [DOCKER_HUB, OFFICIAL_PREFIX + name];
  const maybeDomain = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  let domain: string;
  let remote: string;
  if (maybeDomain === 'localhost') [domain, remote] = [maybeDomain, rest];
  else if (maybeDomain === LEGACY_DOCKER_HUB) [domain, remote] = [DOCKER_HUB, rest];
  else if (/[.:]/.test(maybeDomain)) [domain, remote] = [maybeDomain, rest];
  else if (maybeDomain.toLowerCase() !== maybeDomain) [domain, remote] = [maybeDomain, rest];
  else [domain, remote] = [DOCKER_HUB, name];
  if (domain === DOCKER_HUB && !remote.includes('/')) remote = OFFICIAL_PREFIX + remote;
  return [domain, remote];
}

/** go-digest Digest.Validate, with its error words. */
function validateDigest(d: string): void {
  const i = d.indexOf(':');
  if (i <= 0 || i + 1 === d.length) throw new ReferenceError('invalid checksum digest format');
  const algorithm = d.slice(0, i);
  const encoded = d.slice(i + 1);
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) throw new ReferenceError(DIGEST_LOOSE.test(d) ? 'unsupported digest algorithm' : 'invalid checksum digest format');
  if (encoded.length !== length) throw new ReferenceError('invalid checksum digest length');
  if (!/^[a-f0-9]+$/.test(encoded)) throw new ReferenceError('invalid checksum digest format');
}

/** `domain/path` (the kubelet's repoToPull, what its keyring is asked about). */
export function repositoryName(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

/** What to ask the manifests endpoint for: the digest when there is one (it wins over a tag, as containerd resolves it). */
export function manifestReference(ref: ImageReference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

/** The host the registry API is served on for a domain. */
export function apiHost(domain: string): string {
  return domain === DOCKER_HUB ? DOCKER_HUB_API_HOST : domain;
}
