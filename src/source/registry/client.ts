// What one image reference runs on, asked of its registry (OCI distribution-spec v1.1 spec.md,
// "Pulling manifests"): GET /v2/<name>/manifests/<tag|digest> accepting the list and image media
// types, then for a single image its config blob (GET /v2/<name>/blobs/<digest>). A 401 is answered
// as its WWW-Authenticate challenge asks (distribution docs/spec/auth/token.md): Bearer, a token
// from the realm for `repository:<name>:pull` (anonymous, or with the credentials' basic auth);
// Basic, the credentials themselves. With several credentials they are tried in order and the last
// failure is reported, as the kubelet's pull does; with none the pull is anonymous.
import type {ImagePlatformsResult} from '../../k8s/image-platforms.js';
import {parseChallenges, type Challenge} from './challenge.js';
import {httpsGet, type HttpOptions, type HttpResult} from './http.js';
import type {RegistryCredential} from './keyring.js';
import {MANIFEST_ACCEPT, ManifestError, parseConfig, parseManifest} from './manifest.js';
import {apiHost, manifestReference, type ImageReference} from './reference.js';

class RegistryError extends Error {
  override name = 'RegistryError';
  constructor(
    message: string,
    /** The registry's HTTP status, when it answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Refusals, where it matters whose credentials were refused. */
const refusal = (err: unknown) => err instanceof RegistryError && (err.status === 401 || err.status === 403);

/** The platforms of `ref` (never rejects: a failure is `{error}`, naming the registry host). */
export async function readImagePlatforms(ref: ImageReference, creds: RegistryCredential[], opts: HttpOptions): Promise<ImagePlatformsResult> {
  let last: ImagePlatformsResult = {error: 'not asked'};
  for (const cred of creds.length > 0 ? creds : [undefined]) {
    last = await attempt(ref, cred, opts);
    if (!('error' in last)) return last;
  }
  return last;
}

async function attempt(ref: ImageReference, cred: RegistryCredential | undefined, opts: HttpOptions): Promise<ImagePlatformsResult> {
  const host = apiHost(ref.domain);
  const session = new Session(cred, ref.path, opts);
  try {
    const manifest = await session.get(new URL(`https://${host}/v2/${ref.path}/manifests/${manifestReference(ref)}`), MANIFEST_ACCEPT);
    const parsed = parseManifest(header(manifest, 'content-type'), manifest.body);
    const digest = header(manifest, 'docker-content-digest') ?? ref.digest;
    if (parsed.kind === 'index') return {platforms: parsed.platforms, ...(digest ? {digest} : {})};
    const config = await session.get(new URL(`https://${host}/v2/${ref.path}/blobs/${parsed.config}`), '*/*');
    return {platforms: [parseConfig(config.body)], ...(digest ? {digest} : {})};
  } catch (err) {
    const e = err as Error;
    const why = e instanceof ManifestError ? `${host}: ${e.message}` : e.message;
    return {error: cred && refusal(err) ? `${why} (with the credentials of pull secret ${cred.from})` : why};
  }
}

function header(r: HttpResult, name: string): string | undefined {
  const v = r.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** One credential's conversation with a registry: the Authorization it earned is reused for the config blob. */
class Session {
  private authorization?: string;

  constructor(
    private readonly cred: RegistryCredential | undefined,
    private readonly repository: string,
    private readonly opts: HttpOptions,
  ) {}

  /** A 2xx answer, after at most one challenge; anything else throws RegistryError naming the host and status. */
  async get(url: URL, accept: string): Promise<HttpResult> {
    let r = await this.send(url, accept);
    if (r.status === 401 && !this.authorization) {
      this.authorization = await this.answer(parseChallenges(r.headers['www-authenticate']), url.host);
      r = await this.send(url, accept);
    }
    if (r.status >= 200 && r.status < 300) return r;
    throw new RegistryError(
      `${url.host}: ${statusLine(r)}${r.status === 401 && !this.cred ? ' (anonymous: no pull secret has credentials for it)' : ''}`,
      r.status,
    );
  }

  private send(url: URL, accept: string): Promise<HttpResult> {
    return httpsGet(url, {Accept: accept, ...(this.authorization ? {Authorization: this.authorization} : {})}, this.opts);
  }

  /** The Authorization header a challenge asks for; throws when it asks for what we do not have. */
  private async answer(challenges: Challenge[], host: string): Promise<string> {
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    if (bearer) return `Bearer ${await this.token(bearer, host)}`;
    const basic = challenges.find((c) => c.scheme === 'basic');
    if (basic && this.cred) return this.basic();
    if (basic) throw new RegistryError(`${host}: 401 Unauthorized (anonymous: no pull secret has credentials for it)`, 401);
    throw new RegistryError(`${host}: 401 Unauthorized with no challenge we can answer (${challenges.map((c) => c.scheme).join(', ') || 'none'})`, 401);
  }

  private basic(): string {
    return `Basic ${Buffer.from(`${this.cred!.username}:${this.cred!.password}`).toString('base64')}`;
  }

  /** token.md "Requesting a Token": GET realm?service=...&scope=repository:<name>:pull, basic auth when we have credentials. */
  private async token(c: Challenge, host: string): Promise<string> {
    const realm = c.params.realm;
    if (!realm) throw new RegistryError(`${host}: a Bearer challenge without a realm`);
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new RegistryError(`${host}: a Bearer challenge with a realm that is not a URL (${realm})`);
    }
    if (c.params.service) url.searchParams.set('service', c.params.service);
    url.searchParams.set('scope', c.params.scope ?? `repository:${this.repository}:pull`);
    const r = await httpsGet(url, {Accept: 'application/json', ...(this.cred ? {Authorization: this.basic()} : {})}, this.opts);
    if (r.status < 200 || r.status >= 300) throw new RegistryError(`token from ${url.host}: ${statusLine(r)}`, r.status);
    const token = tokenOf(r.body);
    if (!token) throw new RegistryError(`token from ${url.host}: the answer has no token`);
    return token;
  }
}

function tokenOf(body: string): string | undefined {
  try {
    const doc = JSON.parse(body) as {token?: unknown; access_token?: unknown};
    const t = doc.token ?? doc.access_token;
    return typeof t === 'string' && t !== '' ? t : undefined;
  } catch {
    return undefined;
  }
}

const STATUS_TEXT: Record<number, string> = {401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests'};

/** `404 Not Found: MANIFEST_UNKNOWN manifest unknown`: the status and the registry's first error (distribution-spec error codes). */
function statusLine(r: HttpResult): string {
  let detail = '';
  try {
    const first = (JSON.parse(r.body) as {errors?: {code?: string; message?: string}[]}).errors?.[0];
    if (first) detail = `: ${[first.code, first.message].filter(Boolean).join(' ')}`;
  } catch {
    // not a distribution error body
  }
  return `${r.status}${STATUS_TEXT[r.status] ? ` ${STATUS_TEXT[r.status]}` : ''}${detail}`;
}
