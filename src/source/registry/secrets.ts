// The pull secrets the registry capability needs, as each Source has them: live, one GET per
// distinct Secret the pods name (never a list of every Secret: the role needs only `get`, and a
// cluster's Secrets are many and large); offline, the Secrets among the -f files. And the
// --registry-ca bundle, read when the Source opens (a bad file is exit 2 before any read).
import {readFileSync} from 'node:fs';
import {InputError} from '../../errors.js';
import type {PullSecretRef} from '../../k8s/image-platforms.js';
import type {KubeObject} from '../../k8s/object.js';
import type {RegistryReadOptions} from '../../options.js';
import {pool} from '../../util/pool.js';
import {secretKey, type RegistryOptions, type SecretRead, type SecretReader} from './capability.js';

const SECRET_GETS_IN_FLIGHT = 8;
/** Per image, when --request-timeout does not say: a registry that has not answered by then is that image's error. */
const DEFAULT_REGISTRY_TIMEOUT_MS = 30_000;

/** The opened --registry options: the CA bundle read now, so a bad file fails before anything is read. */
export function openRegistryOptions(opts: RegistryReadOptions, requestTimeoutMs: number): RegistryOptions {
  return {timeoutMs: requestTimeoutMs > 0 ? requestTimeoutMs : DEFAULT_REGISTRY_TIMEOUT_MS, ...(opts.caFile ? {ca: readCaBundle(opts.caFile)} : {})};
}

function readCaBundle(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new InputError(`error: --registry-ca ${file}: cannot read it (${e.code ?? e.message})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new InputError(`error: --registry-ca ${file}: no PEM certificate in it`);
  return pem;
}

/** A GET that resolves to the status and body (an ApiError's status for a refused read), as ClusterSource's client gives it. */
type SecretGet = (path: string) => Promise<{status: number; body: unknown}>;

/** Live: each distinct Secret read once, a few at a time; a refusal is that Secret's `{error}`. */
export function clusterSecretReader(get: SecretGet): SecretReader {
  return async (refs: PullSecretRef[]) => {
    const reads = await pool(refs, SECRET_GETS_IN_FLIGHT, async (r): Promise<SecretRead> => {
      try {
        const res = await get(`/api/v1/namespaces/${encodeURIComponent(r.namespace)}/secrets/${encodeURIComponent(r.name)}`);
        return asPullSecret(r, res.body as KubeObject);
      } catch (err) {
        const e = err as {status?: number; message?: string};
        return {
          error:
            e.status === 403
              ? 'forbidden (kubectl win rbac upgrade-plan --optional grants get on secrets)'
              : e.status === 404
                ? 'not found'
                : (e.message ?? String(err)),
        };
      }
    });
    return new Map(refs.map((r, i) => [secretKey(r), reads[i]]));
  };
}

/** Offline: the Secrets among the -f files (objects without a namespace are in `defaultNamespace`). */
export function manifestSecretReader(objects: KubeObject[], defaultNamespace: string): SecretReader {
  return (refs: PullSecretRef[]) => {
    const byKey = new Map<string, KubeObject>();
    for (const o of objects) {
      if (o.kind === 'Secret' && o.apiVersion === 'v1') byKey.set(`${o.metadata?.namespace ?? defaultNamespace}/${o.metadata?.name}`, o);
    }
    const out = new Map<string, SecretRead>();
    for (const r of refs) {
      const s = byKey.get(secretKey(r));
      out.set(secretKey(r), s ? asPullSecret(r, s) : {error: 'not among the -f files'});
    }
    return Promise.resolve(out);
  };
}

/** A Secret as the keyring takes it; offline `stringData` counts too (the apiserver merges it into data on write). */
function asPullSecret(r: PullSecretRef, s: KubeObject): SecretRead {
  const data = {...((s.data ?? {}) as Record<string, string>)};
  for (const [k, v] of Object.entries((s.stringData ?? {}) as Record<string, string>)) data[k] = Buffer.from(String(v)).toString('base64');
  return {namespace: r.namespace, name: r.name, type: typeof s.type === 'string' ? s.type : undefined, data};
}
