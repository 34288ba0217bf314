// The imagePlatforms capability (src/k8s/image-platforms.ts) over the registry client: each image
// reference parsed as the kubelet parses it, its pull secrets' credentials looked up as the kubelet's
// keyring does, and ONE registry conversation per distinct (normalized reference, credentials), at
// most CONCURRENCY at a time. A Source builds it only when the user asked for registry reads.
import type {ImagePlatformsCapability, ImagePlatformsResult, ImageRequest, PullSecretRef} from '../../k8s/image-platforms.js';
import {pool} from '../../util/pool.js';
import {readImagePlatforms} from './client.js';
import type {HttpOptions} from './http.js';
import {keyringOf, lookupCredentials, type PullSecret, type RegistryCredential} from './keyring.js';
import {parseImageReference, ReferenceError, repositoryName, type ImageReference} from './reference.js';

/** What `--registry` and its companions set. */
export interface RegistryOptions {
  /** Per image, the whole conversation (challenge, token, manifest, config). */
  timeoutMs: number;
  /** PEM of extra CAs to trust (`--registry-ca`), beside Node's store and NODE_EXTRA_CA_CERTS. */
  ca?: string;
}

/** A pull secret as the Source could read it, or why not (`forbidden: ...`, `not found`). */
export type SecretRead = PullSecret | {error: string};

/** Reads the named Secrets (each once); the Source decides how (live GETs, or the -f files). */
export type SecretReader = (refs: PullSecretRef[]) => Promise<Map<string, SecretRead>>;

const CONCURRENCY = 8;

export const secretKey = (r: PullSecretRef) => `${r.namespace}/${r.name}`;

/** The capability: never rejects; every request's `image` is a key of the answer. */
export function registryImagePlatforms(readSecrets: SecretReader, opts: RegistryOptions, signal?: AbortSignal): ImagePlatformsCapability {
  const http: HttpOptions = {timeoutMs: opts.timeoutMs, ...(opts.ca ? {ca: opts.ca} : {}), ...(signal ? {signal} : {})};
  return async (requests: ImageRequest[]) => {
    const secrets = await readSecrets(distinctSecrets(requests));
    const plans = requests.map((req) => planOf(req, secrets));
    const byKey = new Map<string, Plan>();
    for (const p of plans) if ('ref' in p && !byKey.has(p.key)) byKey.set(p.key, p);
    const distinct = [...byKey.values()] as Extract<Plan, {ref: ImageReference}>[];
    const answers = await pool(distinct, CONCURRENCY, (p) => readImagePlatforms(p.ref, p.creds, http).then((r) => withSecretNotes(r, p.notes)));
    const answerOf = new Map(distinct.map((p, i) => [p.key, answers[i]]));
    return new Map(plans.map((p, i) => [requests[i].image, 'ref' in p ? answerOf.get(p.key)! : p.result]));
  };
}

type Plan = {key: string; ref: ImageReference; creds: RegistryCredential[]; notes: string[]} | {result: ImagePlatformsResult};

function planOf(req: ImageRequest, secrets: Map<string, SecretRead>): Plan {
  let ref: ImageReference;
  try {
    ref = parseImageReference(req.image);
  } catch (err) {
    if (err instanceof ReferenceError) return {result: {error: `invalid image reference: ${err.message}`}};
    throw err;
  }
  const read: PullSecret[] = [];
  const notes: string[] = [];
  for (const s of req.pullSecrets) {
    const got = secrets.get(secretKey(s)) ?? {error: 'not read'};
    if ('error' in got) notes.push(`pull secret ${secretKey(s)}: ${got.error}`);
    else read.push(got);
  }
  const creds = lookupCredentials(keyringOf(read), repositoryName(ref));
  const key = JSON.stringify([ref.domain, ref.path, ref.tag, ref.digest, creds.map((c) => [c.username, c.password])]);
  return {key, ref, creds, notes};
}

function distinctSecrets(requests: ImageRequest[]): PullSecretRef[] {
  const seen = new Map<string, PullSecretRef>();
  for (const r of requests) for (const s of r.pullSecrets) seen.set(secretKey(s), s);
  return [...seen.values()];
}

/** A failure that might be for want of credentials names the pull secrets that could not be read. */
function withSecretNotes(r: ImagePlatformsResult, notes: string[]): ImagePlatformsResult {
  return 'error' in r && notes.length > 0 ? {error: `${r.error}; ${notes.join('; ')}`} : r;
}
