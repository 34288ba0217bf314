// KubeClient's resilience against a scripted local HTTP server: retries, 410 restarts, timeouts.
import assert from 'node:assert/strict';
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {ClusterError} from '../../../src/errors.js';
import {ApiError, KubeClient, PAGE_SIZE} from '../../../src/source/kube-client.js';
import {listBody, localApi} from '../../support/local-api.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

describe('source/kube-client', () => {
  let handler: Handler;
  let calls: string[];

  const api = localApi('kw-client', (req, res) => {
    calls.push(req.url ?? '');
    handler(req, res, calls.length);
  });
  beforeEach(() => {
    calls = [];
  });

  const client = async (extra: {requestTimeoutMs?: number; port?: number} = {}) => {
    const port = extra.port ?? api.port;
    const kc = api.kubeconfig({file: `kc-${port}`, namespace: 'web', port});
    return KubeClient.create({kubeconfig: kc, requestTimeoutMs: extra.requestTimeoutMs, maxRetries: 3});
  };
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, {'Content-Type': 'application/json', ...headers});
    res.end(JSON.stringify(body));
  };

  it('sends the kubeconfig token and reads the context namespace', async () => {
    let auth: string | undefined;
    handler = (req, res) => {
      auth = req.headers.authorization;
      json(res, 200, {gitVersion: 'v1.34.3', major: '1', minor: '34'});
    };
    const c = await client();
    assert.deepEqual(await c.version(), {gitVersion: 'v1.34.3', major: 1, minor: 34});
    assert.equal(auth, 'Bearer secret');
    assert.equal(c.defaultNamespace, 'web');
  });

  it('runs an exec credential plugin as kubectl does, and reads token files', async () => {
    const plugin = join(api.dir, 'plugin.mjs');
    writeFileSync(
      plugin,
      `const info = JSON.parse(process.env.KUBERNETES_EXEC_INFO);
process.stdout.write(JSON.stringify({apiVersion: info.apiVersion, kind: 'ExecCredential', status: {token: 'from-plugin-' + process.env.EXTRA + '-' + info.spec.interactive}}));\n`,
    );
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: process.execPath,
      args: [plugin],
      env: [{name: 'EXTRA', value: 'x'}],
      interactiveMode: 'Never',
    };
    const kc = api.kubeconfig({file: 'kc-exec', user: {exec}});
    let auth: string | undefined;
    handler = (req, res) => {
      auth = req.headers.authorization;
      json(res, 200, {gitVersion: 'v1.34.3', major: '1', minor: '34'});
    };
    await (await KubeClient.create({kubeconfig: kc})).version();
    assert.equal(auth, 'Bearer from-plugin-x-false');

    writeFileSync(join(api.dir, 'token'), 'file-token\n');
    const kc2 = api.kubeconfig({file: 'kc-tokenfile', user: {tokenFile: 'token'}});
    await (await KubeClient.create({kubeconfig: kc2})).version();
    assert.equal(auth, 'Bearer file-token', 'a relative tokenFile resolves against the kubeconfig file');
  });

  it('a failing exec plugin is a one-line authentication error (exit 3)', async () => {
    const exec = {apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', "console.error('token expired'); process.exit(1)"]};
    const kc = api.kubeconfig({file: 'kc-exec-fail', user: {exec}});
    await assert.rejects(
      KubeClient.create({kubeconfig: kc}),
      (e: unknown) => e instanceof ClusterError && /exec plugin .* failed: token expired/.test(e.message),
    );
  });

  it('retries 429 (honouring Retry-After) and 5xx on reads, then succeeds', async () => {
    handler = (_req, res, n) => {
      if (n === 1) return json(res, 429, {message: 'slow down'}, {'Retry-After': '0'});
      if (n === 2) return json(res, 503, {message: 'busy'});
      json(res, 200, listBody('PodList', [{metadata: {name: 'a', uid: '1'}}]));
    };
    const items = await (await client()).listAll('/api/v1/pods');
    assert.deepEqual(
      items.map((i) => i.metadata?.name),
      ['a'],
    );
    assert.equal(calls.length, 3);
  });

  it('gives up after the retries with the apiserver message', async () => {
    handler = (_req, res) => json(res, 500, {message: 'etcd is down', reason: 'InternalError'});
    await assert.rejects((await client()).request('/api/v1/pods'), (e: unknown) => e instanceof ApiError && e.status === 500 && e.message === 'etcd is down');
    assert.equal(calls.length, 4);
  });

  it('pages with limit/continue, and a 410 Gone on a continue token restarts the list without duplicates', async () => {
    handler = (req, res, n) => {
      const url = new URL(req.url ?? '', 'http://x');
      assert.equal(url.searchParams.get('limit'), String(PAGE_SIZE));
      const cont = url.searchParams.get('continue');
      if (n === 1) return json(res, 200, listBody('PodList', [{metadata: {name: 'a', uid: '1'}}], 'tok1'));
      if (n === 2) {
        assert.equal(cont, 'tok1');
        return json(res, 410, {message: 'The provided continue parameter is too old', reason: 'Expired'});
      }
      if (n === 3) {
        assert.equal(cont, null);
        return json(res, 200, listBody('PodList', [{metadata: {name: 'a', uid: '1'}}, {metadata: {name: 'b', uid: '2'}}], 'tok2'));
      }
      json(res, 200, listBody('PodList', [{metadata: {name: 'c', uid: '3'}}]));
    };
    const items = await (await client()).listAll('/api/v1/pods');
    assert.deepEqual(
      items.map((i) => i.metadata?.name),
      ['a', 'b', 'c'],
    );
  });

  it('401 is a cluster error (exit 3); 403 stays an ApiError for the caller to turn into skipped', async () => {
    handler = (_req, res) => json(res, 401, {message: 'Unauthorized'});
    await assert.rejects((await client()).request('/api/v1/pods'), (e: unknown) => e instanceof ClusterError);
    handler = (_req, res) => json(res, 403, {message: 'pods is forbidden: User "x" cannot list resource "pods"', reason: 'Forbidden'});
    await assert.rejects((await client()).request('/api/v1/pods'), (e: unknown) => e instanceof ApiError && e.status === 403);
  });

  it('--request-timeout bounds a request that never answers (exit 3)', async () => {
    handler = () => {
      /* never answers */
    };
    const t0 = Date.now();
    await assert.rejects((await client({requestTimeoutMs: 300})).request('/version'), (e: unknown) => e instanceof ClusterError && /timed out/.test(e.message));
    assert.ok(Date.now() - t0 < 5000);
  });

  it('a refused connection fails at once with one line (exit 3)', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const t0 = Date.now();
    await assert.rejects(
      (await client({port})).request('/version'),
      (e: unknown) => e instanceof ClusterError && /cannot reach the cluster/.test(e.message) && !e.message.includes('\n'),
    );
    assert.ok(Date.now() - t0 < 2000, 'not retried');
  });
});
