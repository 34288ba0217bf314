// Reads never lie: a 2xx body that is not what was asked is retried and then fails; a list that
// fails after pages were handed on says it is partial; --request-timeout bounds the whole request.
import assert from 'node:assert/strict';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {ClusterError} from '../../../src/errors.js';
import {toOptions} from '../../../src/cli/flags.js';
import {clusterAccessReview} from '../../../src/source/access-review.js';
import {ClusterSource} from '../../../src/source/cluster-source.js';
import {ApiError, InvalidResponseError, KubeClient, PartialListError} from '../../../src/source/kube-client.js';
import {responseProblem} from '../../../src/source/response-shape.js';
import {listBody, localApi} from '../../support/local-api.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

const pod = (i: number) => ({metadata: {name: `p${i}`, namespace: 'web', uid: `u${i}`}, spec: {containers: [{name: 'c'}]}});
const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, {'Content-Type': 'application/json'});
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};
/** A body ended by closing the connection: no Content-Length, no chunked framing. */
const closeDelimited = (res: ServerResponse, text: string) => {
  res.socket!.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${text}`);
  res.socket!.end();
};

describe('source/kube-client faults', () => {
  let handler: Handler;
  let calls: string[];
  const api = localApi('kw-faults', (req, res) => {
    calls.push(req.url ?? '');
    handler(req, res, calls.length);
  });
  beforeEach(() => {
    calls = [];
  });
  const client = (requestTimeoutMs?: number) => KubeClient.create({kubeconfig: api.kubeconfig(), requestTimeoutMs, maxRetries: 2});

  describe('response shapes', () => {
    it('a list needs kind ...List, apiVersion, metadata and an items array of objects', () => {
      assert.equal(responseProblem('list', listBody('PodList', [pod(1)])), undefined);
      assert.equal(responseProblem('list', {...listBody('PodList', []), items: null}), undefined, "Go's nil slice");
      for (const bad of [
        {},
        '<html>502</html>',
        {items: []},
        {...listBody('Pod', [])},
        {...listBody('PodList', []), items: {}},
        {...listBody('PodList', [1])},
        {kind: 'PodList', apiVersion: 'v1', items: []},
      ]) {
        assert.notEqual(responseProblem('list', bad), undefined, JSON.stringify(bad));
      }
    });
    it('a review needs status.allowed; /version a number or a gitVersion', () => {
      assert.equal(responseProblem('review', {status: {allowed: false}}), undefined);
      assert.notEqual(responseProblem('review', {status: {}}), undefined);
      assert.notEqual(responseProblem('review', {}), undefined);
      assert.equal(responseProblem('version', {major: '1', minor: '34+', gitVersion: 'v1.34.3-gke.1'}), undefined);
      assert.equal(responseProblem('version', {gitVersion: 'v1.31.0'}), undefined);
      assert.notEqual(responseProblem('version', {major: 'x', minor: 'y'}), undefined);
    });
  });

  for (const [name, send] of [
    [
      'an HTML page',
      (res: ServerResponse) => {
        res.writeHead(200, {'Content-Type': 'text/html'});
        res.end('<html><body>502 Bad Gateway</body></html>');
      },
    ],
    ['{}', (res: ServerResponse) => json(res, 200, {})],
    ['JSON cut short by a clean close', (res: ServerResponse) => closeDelimited(res, JSON.stringify(listBody('PodList', [pod(1), pod(2)])).slice(0, 60))],
    [
      'JSON cut short before its Content-Length',
      (res: ServerResponse) => {
        const text = JSON.stringify(listBody('PodList', [pod(1), pod(2)]));
        res.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': String(text.length)});
        res.write(text.slice(0, 60));
        res.socket!.destroy();
      },
    ],
  ] as const) {
    it(`${name} is retried, and a good answer after it is used`, async () => {
      handler = (_req, res, n) => (n === 1 ? send(res) : json(res, 200, listBody('PodList', [pod(1)])));
      const items = await (await client()).listAll('/api/v1/pods');
      assert.deepEqual(
        items.map((o) => o.metadata?.name),
        ['p1'],
      );
      assert.equal(calls.length, 2);
    });
    it(`${name} every time fails the read (never an empty or short list)`, async () => {
      handler = (_req, res) => send(res);
      await assert.rejects(
        (await client()).listAll('/api/v1/pods'),
        (e: unknown) => (e instanceof InvalidResponseError && e.status === 200) || (e instanceof ClusterError && /cannot reach/.test(e.message)),
      );
      assert.equal(calls.length, 3, 'the first try and two retries');
    });
  }

  it('a list that fails after a page was handed on is partial, with the cause', async () => {
    handler = (req, res) => {
      const cont = new URL(req.url ?? '', 'http://x').searchParams.get('continue');
      if (!cont) return json(res, 200, listBody('PodList', [pod(1), pod(2)], 'next'));
      json(res, 503, {kind: 'Status', apiVersion: 'v1', message: 'etcd leader changed', reason: 'ServiceUnavailable'});
    };
    const seen: string[] = [];
    const c = await client();
    await assert.rejects(
      (async () => {
        for await (const page of c.listPages('/api/v1/pods')) seen.push(...page.map((o) => o.metadata!.name!));
      })(),
      (e: unknown) =>
        e instanceof PartialListError && e.read === 2 && e.cause instanceof ApiError && e.cause.status === 503 && /^partial: 2 of unknown/.test(e.message),
    );
    assert.deepEqual(seen, ['p1', 'p2']);
    // listAll keeps nothing of a failed list, so it throws the cause itself.
    await assert.rejects(c.listAll('/api/v1/pods'), (e: unknown) => e instanceof ApiError && e.status === 503);
  });

  it('410 on every continue, after the restarts, is partial too', async () => {
    handler = (req, res) => {
      const cont = new URL(req.url ?? '', 'http://x').searchParams.get('continue');
      if (!cont) return json(res, 200, listBody('PodList', [pod(1)], 'next'));
      json(res, 410, {kind: 'Status', apiVersion: 'v1', message: 'The provided continue parameter is too old', reason: 'Expired'});
    };
    const c = await client();
    await assert.rejects(
      (async () => {
        for await (const _page of c.listPages('/api/v1/pods')) void _page;
      })(),
      (e: unknown) => e instanceof PartialListError && e.read === 1 && (e.cause as ApiError).status === 410,
    );
  });

  it('ClusterSource records a partial pod list as read/pods, saying it is partial', async () => {
    handler = (req, res) => {
      const url = new URL(req.url ?? '', 'http://x');
      if (url.pathname === '/version') return json(res, 200, {major: '1', minor: '34', gitVersion: 'v1.34.3'});
      if (url.pathname === '/api/v1/namespaces/web/pods') {
        if (!url.searchParams.get('continue')) return json(res, 200, listBody('PodList', [pod(1), pod(2)], 'next'));
        return json(res, 200, '<html>gateway</html>');
      }
      json(res, 200, listBody('List', []));
    };
    const source = await ClusterSource.connect(toOptions({kubeconfig: api.kubeconfig({namespace: 'web'})}, false));
    const snapshot = await source.snapshot({pods: true});
    const names: string[] = [];
    for await (const w of snapshot.workloads()) names.push(w.name);
    assert.deepEqual(names, ['p1', 'p2']);
    assert.deepEqual(
      snapshot.skipped.map((s) => s.check),
      ['read/pods'],
    );
    assert.match(
      snapshot.skipped[0].reason,
      /^partial: 2 of unknown pods read, then the list failed: invalid response to GET \/api\/v1\/namespaces\/web\/pods: HTTP 200/,
    );
  });

  it('garbage from /version is one line and exit 3, never v1.NaN', async () => {
    handler = (_req, res) => json(res, 200, {major: 'one', minor: 'thirty-four'});
    await assert.rejects(
      (await client()).version(),
      (e: unknown) => e instanceof ClusterError && /did not tell its version/.test(e.message) && !e.message.includes('\n'),
    );
  });

  it('an access review without status.allowed rejects (not checked), never "cannot use"', async () => {
    handler = (_req, res) => json(res, 201, {kind: 'LocalSubjectAccessReview', apiVersion: 'authorization.k8s.io/v1', status: {}});
    const review = clusterAccessReview(await client());
    await assert.rejects(
      review({
        namespace: 'web',
        user: 'system:serviceaccount:web:default',
        groups: [],
        verb: 'use',
        group: 'windows.k8s.io',
        resource: 'gmsacredentialspecs',
        name: 'cs',
      }),
      InvalidResponseError,
    );
    assert.equal(calls.length, 3, 'retried like a 5xx');
  });

  describe('--request-timeout is a deadline for the whole request', () => {
    it('a body trickled a few bytes at a time is cut at the deadline', async () => {
      handler = (_req, res) => {
        const text = JSON.stringify(listBody('PodList', [pod(1), pod(2), pod(3)]));
        res.writeHead(200, {'Content-Type': 'application/json', 'Content-Length': String(text.length)});
        let at = 0;
        const tick = setInterval(() => {
          if (res.destroyed || at >= text.length) return clearInterval(tick);
          res.write(text.slice(at, at + 4));
          at += 4;
        }, 50);
      };
      await assert.rejects((await client(300)).listAll('/api/v1/pods'), (e: unknown) => e instanceof ClusterError && /timed out after 300 ms/.test(e.message));
      assert.equal(calls.length, 1, 'no retry past the deadline');
    });
    it('retries stop at the deadline instead of sleeping past it', async () => {
      handler = (_req, res) => {
        res.writeHead(503, {'Content-Type': 'application/json', 'Retry-After': '5'});
        res.end(JSON.stringify({message: 'busy'}));
      };
      await assert.rejects((await client(300)).request('/api/v1/pods'), (e: unknown) => e instanceof ClusterError && /timed out/.test(e.message));
      assert.equal(calls.length, 1);
    });
  });
});
