// Which registry credentials of a pod's imagePullSecrets the kubelet offers for an image, as
// kubernetes/kubernetes pkg/credentialprovider does it: secrets/secrets.go MakeDockerKeyring reads
// each Secret of type kubernetes.io/dockerconfigjson (`.dockerconfigjson`, its `auths`) or
// kubernetes.io/dockercfg (`.dockercfg`); config.go DockerConfigEntry.UnmarshalJSON takes `auth`
// (base64 of user:password) over username/password; keyring.go BasicDockerKeyring.Add keys each entry
// by host + path (scheme and a /v1/ or /v2/ path prefix dropped) and Lookup matches the image's
// repository (`domain/path`) against every key: same port, same number of dot-separated host parts,
// each part a filepath.Match glob (`*.example.com`), the key's path a prefix of the repository's.
// Keys are tried in reverse-sorted order, then Docker Hub's index.docker.io entry for Hub images.
import {pushAll} from '../../util/arrays.js';

export interface RegistryCredential {
  username: string;
  password: string;
  /** `namespace/name` of the Secret it came from, for messages. */
  from: string;
}

/** A Secret as read (data values base64, as the API returns them). */
export interface PullSecret {
  namespace: string;
  name: string;
  type?: string;
  data?: Record<string, string>;
}

interface Keyring {
  /** Keys in lookup order (deduplicated, reverse-sorted). */
  index: string[];
  creds: Map<string, RegistryCredential[]>;
}

const DOCKER_CONFIG_JSON = 'kubernetes.io/dockerconfigjson';
const DOCKERCFG = 'kubernetes.io/dockercfg';
const DEFAULT_REGISTRY_HOST = 'index.docker.io';

/** The keyring of these Secrets, in order; a Secret that is not a docker config, or whose JSON is bad, adds nothing. */
export function keyringOf(secrets: PullSecret[]): Keyring {
  const keyring: Keyring = {index: [], creds: new Map()};
  for (const s of secrets) {
    const entries = dockerConfigEntries(s);
    if (entries) addEntries(keyring, entries, `${s.namespace}/${s.name}`);
  }
  keyring.index = [...new Set(keyring.index)].sort().reverse();
  return keyring;
}

function dockerConfigEntries(s: PullSecret): Record<string, unknown> | undefined {
  const key = s.type === DOCKER_CONFIG_JSON ? '.dockerconfigjson' : s.type === DOCKERCFG ? '.dockercfg' : undefined;
  const raw = key ? s.data?.[key] : undefined;
  if (!raw) return undefined;
  try {
    const doc = JSON.parse(Buffer.from(raw, 'base64').toString('utf8')) as Record<string, unknown>;
    const entries = key === '.dockerconfigjson' ? doc.auths : doc;
    return typeof entries === 'object' && entries !== null ? (entries as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function addEntries(keyring: Keyring, entries: Record<string, unknown>, from: string): void {
  for (const [loc, ident] of Object.entries(entries)) {
    const cred = credentialOf(ident, from);
    const url = parseSchemeless(loc.replace(/^https?:\/\//, ''));
    if (!cred || !url) continue;
    let path = url.path;
    if (path.startsWith('/v2/') || path.startsWith('/v1/')) path = path.slice(3);
    const key = path.length > 0 && path !== '/' ? url.host + path : url.host;
    keyring.creds.set(key, [...(keyring.creds.get(key) ?? []), cred]);
    keyring.index.push(key);
  }
}

/** config.go: `auth` (base64 user:password, padded or not) wins over username/password; a bad `auth` drops the entry. */
function credentialOf(ident: unknown, from: string): RegistryCredential | undefined {
  if (typeof ident !== 'object' || ident === null) return undefined;
  const e = ident as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const auth = str(e.auth);
  if (!auth) return {username: str(e.username), password: str(e.password), from};
  const encoded = auth.trim().endsWith('=') ? auth : auth.replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : {username: decoded.slice(0, colon), password: decoded.slice(colon + 1), from};
}

/** Go's url.Parse("https://" + s), only as far as host and path go; undefined where Go reports an error. */
function parseSchemeless(s: string): {host: string; path: string} | undefined {
  const cut = s.search(/[/?#]/);
  const host = cut === -1 ? s : s.slice(0, cut);
  const rest = cut === -1 ? '' : s.slice(cut);
  const path = rest.startsWith('/') ? rest.replace(/[?#].*$/, '') : '';
  const port = /^(?:\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(host)?.[1];
  if (port !== undefined && !/^[0-9]*$/.test(port)) return undefined;
  return {host, path};
}

/** net.SplitHostPort's host split on dots, and the port ('' when none). */
function splitUrl(host: string): [string[], string] {
  const m = /^(\[[^\]]*\]|[^:]*):([0-9]*)$/.exec(host);
  const h = m ? m[1].replace(/^\[(.*)\]$/, '$1') : host;
  return [h.split('.'), m ? m[2] : ''];
}

/** keyring.go URLsMatch: the key (a glob) against the repository. */
export function urlsMatch(glob: string, target: string): boolean {
  const g = parseSchemeless(glob);
  const t = parseSchemeless(target);
  if (!g || !t) return false;
  const [gParts, gPort] = splitUrl(g.host);
  const [tParts, tPort] = splitUrl(t.host);
  if (gPort !== tPort || gParts.length !== tParts.length) return false;
  if (!t.path.startsWith(g.path)) return false;
  return gParts.every((part, i) => globMatch(part, tParts[i]));
}

/** Go's filepath.Match for a name without separators: `*`, `?`, `[...]` (`^` negates), `\` escapes; a bad pattern matches nothing. */
function globMatch(pattern: string, name: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '\\') {
      if (++i >= pattern.length) return false;
      re += escapeRe(pattern[i]);
    } else if (c === '[') {
      const end = classEnd(pattern, i);
      if (end === -1) return false;
      const body = pattern.slice(i + 1, end);
      re += `[${body}]`;
      i = end;
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`, 's').test(name);
}

function classEnd(p: string, open: number): number {
  let i = open + 1;
  if (p[i] === '^') i++;
  if (p[i] === ']') return -1; // an empty class is ErrBadPattern in Go
  for (; i < p.length; i++) {
    if (p[i] === '\\') i++;
    else if (p[i] === ']') return i;
  }
  return -1;
}

const escapeRe = (c: string) => c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** keyring.go isDefaultRegistryMatch. */
function isDefaultRegistryMatch(image: string): boolean {
  const slash = image.indexOf('/');
  const first = slash === -1 ? image : image.slice(0, slash);
  if (first.length === 0) return false;
  if (slash === -1) return true;
  if (first === 'docker.io' || first === DEFAULT_REGISTRY_HOST) return true;
  return !/[.:]/.test(first);
}

/** BasicDockerKeyring.Lookup for a repository `domain/path`: the credentials to try, in order. */
export function lookupCredentials(keyring: Keyring, repository: string): RegistryCredential[] {
  const out: RegistryCredential[] = [];
  for (const key of keyring.index) if (urlsMatch(key, repository)) pushAll(out, keyring.creds.get(key) ?? []);
  if (out.length > 0) return out;
  if (isDefaultRegistryMatch(repository)) return keyring.creds.get(DEFAULT_REGISTRY_HOST) ?? [];
  return [];
}
