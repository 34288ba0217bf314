// Loads the kubeconfig the way kubectl does: --kubeconfig, else every file in $KUBECONFIG merged
// (the first file to set a name or the current context wins; missing files are skipped), else
// ~/.kube/config. Relative credential paths resolve against the file that names them. Each file is
// YAML as client-go reads it (clientcmd.Load: sigs.k8s.io/yaml over go-yaml v2): plain scalars by
// YAML 1.1's rules (`insecure-skip-tls-verify: yes` is true), a key given twice keeps its last value,
// and `<<` merges (kubectl-yaml.ts, whose tags the manifest reader uses too).
import {yamlErrorReason} from './yaml-error.js';
import {kubectlTags} from './kubectl-yaml.js';
import {existsSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {delimiter, dirname, isAbsolute, join, resolve} from 'node:path';
import {parse, stringify} from 'yaml';
import {InputError} from '../errors.js';
import type {ConnectionOverrides} from '../options.js';

export type {ConnectionOverrides};

interface Named {
  name: string;
  [k: string]: unknown;
}

interface RawKubeconfig {
  clusters: Named[];
  users: Named[];
  contexts: Named[];
  'current-context'?: string;
  preferences?: unknown;
}

const PATH_FIELDS: Record<'cluster' | 'user', string[]> = {
  cluster: ['certificate-authority'],
  user: ['client-certificate', 'client-key', 'tokenFile'],
};

/**
 * `optional`: no kubeconfig anywhere is not an error (kubectl runs on flags alone when they name
 * the server: `--server URL --token T`); an explicit --kubeconfig that does not exist still is.
 */
export function kubeconfigFiles(explicit?: string, env = process.env, optional = false): string[] {
  if (explicit) {
    if (!existsSync(explicit)) throw new InputError(`error: kubeconfig ${explicit} does not exist`);
    return [explicit];
  }
  if (env.KUBECONFIG) {
    const files = env.KUBECONFIG.split(delimiter).filter((f) => f !== '' && existsSync(f));
    if (files.length === 0 && optional) return [];
    if (files.length === 0) throw new InputError(`error: no kubeconfig found: none of the files in KUBECONFIG exist (${env.KUBECONFIG})`);
    return files;
  }
  const def = join(homedir(), '.kube', 'config');
  if (!existsSync(def)) {
    if (optional) return [];
    throw new InputError('error: no kubeconfig: set --kubeconfig or KUBECONFIG, or create ~/.kube/config (or use -f to read manifests)');
  }
  return [def];
}

export function loadMergedKubeconfig(files: string[]): RawKubeconfig {
  const merged: RawKubeconfig = {clusters: [], users: [], contexts: []};
  for (const file of files) {
    let doc: Record<string, unknown> | null;
    const text = readFileSync(file, 'utf8');
    try {
      doc = parse(text, {uniqueKeys: false, merge: true, customTags: kubectlTags}) as Record<string, unknown> | null;
    } catch (err) {
      const e = err as {message: string; pos?: number[]; linePos?: Array<{line: number}>};
      const where = e.linePos?.[0] ? `${file}:${e.linePos[0].line}` : file;
      throw new InputError(`error: cannot load kubeconfig ${where}: ${e.pos ? yamlErrorReason(e, text) : e.message.split('\n')[0]}`);
    }
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object') throw new InputError(`error: cannot load kubeconfig ${file}: not a kubeconfig`);
    const base = dirname(resolve(file));
    mergeNamed(merged.clusters, doc.clusters, 'cluster', base, file);
    mergeNamed(merged.users, doc.users, 'user', base, file);
    mergeNamed(merged.contexts, doc.contexts, undefined, base, file);
    if (!merged['current-context'] && typeof doc['current-context'] === 'string' && doc['current-context'] !== '') {
      merged['current-context'] = doc['current-context'];
    }
  }
  return merged;
}

function mergeNamed(into: Named[], list: unknown, pathKind: 'cluster' | 'user' | undefined, base: string, file: string): void {
  if (list === undefined || list === null) return;
  if (!Array.isArray(list)) throw new InputError(`error: cannot load kubeconfig ${file}: malformed entries`);
  for (const entry of list as Named[]) {
    if (!entry || typeof entry.name !== 'string' || into.some((e) => e.name === entry.name)) continue;
    if (pathKind) {
      const inner = {...((entry[pathKind] as Record<string, unknown>) ?? {})};
      for (const f of PATH_FIELDS[pathKind]) {
        const v = inner[f];
        if (typeof v === 'string' && v !== '' && !isAbsolute(v)) inner[f] = resolve(base, v);
      }
      const exec = inner.exec as {command?: string} | undefined;
      if (exec?.command && exec.command.includes('/') && !isAbsolute(exec.command)) {
        inner.exec = {...exec, command: resolve(base, exec.command)};
      }
      into.push({...entry, [pathKind]: inner});
    } else {
      into.push(entry);
    }
  }
}

export interface KubeconfigSelection {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;
  /** kubectl's connection and credential flags (--server, --token, ...), over the kubeconfig. */
  overrides?: ConnectionOverrides;
}

const hasServerOverride = (o?: ConnectionOverrides) => Boolean(o?.server);

/**
 * The cluster entry with the flags over it, as client-go's DirectClientConfig.getCluster does
 * (staging/src/k8s.io/client-go/tools/clientcmd/client_config.go): a set flag wins; a CA or
 * --insecure-skip-tls-verify flag replaces all three of the entry's CA, CA data and insecure
 * settings; a --server or --tls-server-name flag replaces the entry's tls-server-name.
 */
export function clusterWithOverrides(entry: Record<string, unknown>, o: ConnectionOverrides = {}): Record<string, unknown> {
  const out = {...entry};
  if (o.server) out.server = o.server;
  if (o.insecureSkipTlsVerify || o.certificateAuthority) {
    delete out['certificate-authority-data'];
    out['certificate-authority'] = o.certificateAuthority ? resolve(o.certificateAuthority) : undefined;
    out['insecure-skip-tls-verify'] = Boolean(o.insecureSkipTlsVerify);
  }
  if (o.server || o.tlsServerName) out['tls-server-name'] = o.tlsServerName;
  return dropUndefined(out);
}

/**
 * The user entry with the flags over it, as client_config.go's getAuthInfo: a set flag wins, and
 * a --client-certificate (--client-key) flag also replaces the entry's certificate (key) data.
 */
export function userWithOverrides(entry: Record<string, unknown>, o: ConnectionOverrides = {}): Record<string, unknown> {
  const out = {...entry};
  if (o.token) out.token = o.token;
  if (o.clientCertificate) {
    delete out['client-certificate-data'];
    out['client-certificate'] = resolve(o.clientCertificate);
  }
  if (o.clientKey) {
    delete out['client-key-data'];
    out['client-key'] = resolve(o.clientKey);
  }
  if (o.username) out.username = o.username;
  if (o.password) out.password = o.password;
  return out;
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** The merged kubeconfig narrowed to one context (with --cluster/--user overrides), as YAML. */
interface SelectedContext {
  /** The narrowed kubeconfig as YAML, written when asked: only client-node loads it, and few runs need it. */
  yaml: () => string;
  context: string;
  namespace?: string;
  /** The `cluster` and `user` entries of that context, as written in the kubeconfig. */
  cluster: Record<string, unknown>;
  user: Record<string, unknown>;
  /** The name of that user entry, for messages about its credentials. */
  userName: string;
}

export function selectContext(raw: RawKubeconfig, sel: KubeconfigSelection): SelectedContext {
  const contextName = sel.context ?? raw['current-context'];
  let ctx = raw.contexts.find((c) => c.name === contextName)?.context as Record<string, string> | undefined;
  if (contextName && !ctx) throw new InputError(`error: context "${contextName}" does not exist in the kubeconfig`);
  // With --server, kubectl needs no context at all (client_config.go ConfirmUsable asks only for a server).
  if (!ctx && !(sel.cluster && sel.user) && !hasServerOverride(sel.overrides)) {
    throw new InputError('error: no current context in the kubeconfig: pass --context or --server (or use -f to read manifests)');
  }
  ctx = {...(ctx ?? {}), ...(sel.cluster ? {cluster: sel.cluster} : {}), ...(sel.user ? {user: sel.user} : {})};
  const found = raw.clusters.find((c) => c.name === ctx!.cluster);
  if (!found && (ctx.cluster || !hasServerOverride(sel.overrides)))
    throw new InputError(`error: cluster "${ctx.cluster ?? ''}" does not exist in the kubeconfig`);
  const clusterName = found?.name ?? 'flags';
  const cluster = {name: clusterName, cluster: clusterWithOverrides((found?.cluster as Record<string, unknown>) ?? {}, sel.overrides)};
  ctx.cluster = clusterName;
  const foundUser = raw.users.find((u) => u.name === ctx!.user) ?? {name: ctx.user ?? 'default', user: {}};
  if (ctx.user && !raw.users.some((u) => u.name === ctx!.user)) {
    throw new InputError(`error: user "${ctx.user}" does not exist in the kubeconfig`);
  }
  const user = {name: foundUser.name, user: userWithOverrides((foundUser.user as Record<string, unknown>) ?? {}, sel.overrides)};
  ctx.user = user.name;
  const name = contextName ?? `${ctx.cluster}/${ctx.user}`;
  const config = {apiVersion: 'v1', kind: 'Config', clusters: [cluster], users: [user], contexts: [{name, context: ctx}], 'current-context': name};
  return {
    yaml: () => stringify(config),
    context: name,
    namespace: ctx.namespace,
    cluster: (cluster.cluster as Record<string, unknown>) ?? {},
    user: (user.user as Record<string, unknown>) ?? {},
    userName: user.name,
  };
}
