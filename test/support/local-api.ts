// A scripted local API for unit tests of the source layer: an HTTP server on a free loopback port, a
// temporary directory, and kubeconfigs that point at the server. Call it inside describe(): it
// registers the suite's before/after hooks that start and stop the server and remove the directory.
import {createServer, type RequestListener, type Server} from 'node:http';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {stringify} from 'yaml';

export interface KubeconfigOptions {
  /** The file name in the suite's directory (default `kc`). */
  file?: string;
  /** The kubeconfig user (default a token user, `{token: 'secret'}`). */
  user?: Record<string, unknown>;
  /** The context's namespace. */
  namespace?: string;
  /** Another port (a server that is not there). */
  port?: number;
}

export interface LocalApi {
  /** The suite's temporary directory. */
  readonly dir: string;
  readonly port: number;
  /** Writes a one-context kubeconfig for this server and returns its path. */
  kubeconfig(opts?: KubeconfigOptions): string;
}

export function localApi(prefix: string, listener: RequestListener): LocalApi {
  let server: Server;
  let dir = '';
  before(async () => {
    server = createServer(listener);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  });
  after(() => {
    server.close();
    rmSync(dir, {recursive: true, force: true});
  });
  return {
    get dir() {
      return dir;
    },
    get port() {
      return (server.address() as AddressInfo).port;
    },
    kubeconfig({file = 'kc', user = {token: 'secret'}, namespace, port}: KubeconfigOptions = {}) {
      const path = join(dir, file);
      const context = {cluster: 'c', user: 'u', ...(namespace ? {namespace} : {})};
      writeFileSync(
        path,
        stringify({
          'current-context': 't',
          clusters: [{name: 'c', cluster: {server: `http://127.0.0.1:${port ?? this.port}`}}],
          users: [{name: 'u', user}],
          contexts: [{name: 't', context}],
        }),
      );
      return path;
    },
  };
}

/** A list body as kube-apiserver writes it (TypeMeta, ListMeta, items). */
export function listBody(kind: string, items: unknown[], cont?: string, apiVersion = 'v1'): Record<string, unknown> {
  return {kind, apiVersion, metadata: {resourceVersion: '1', ...(cont ? {continue: cont} : {})}, items};
}
