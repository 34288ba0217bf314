// KubeClient's protobuf pod lists against a scripted local HTTP server that answers each request in the
// format its Accept header asks for: protobuf pages (built with test/support/protobuf-writer.ts) decode
// to the same items as the JSON pages; a page the decoder cannot read (a field from a newer server,
// malformed bytes) makes the client read the whole list again as JSON, each item handed over once.
import assert from 'node:assert/strict';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {ApiError, KubeClient} from '../../../src/source/kube-client.js';
import type {KubeObject} from '../../../src/k8s/object.js';
import {localApi} from '../../support/local-api.js';
import {entry, envelope, int, quantity, str, sub, time, type Part} from '../../support/protobuf-writer.js';

const PROTOBUF = 'application/vnd.kubernetes.protobuf';
const COUNT = 7;

/** Pod i as the apiserver's JSON and as the protobuf of the same object. */
function podPair(i: number): {json: KubeObject; parts: Part[]} {
  const name = `p-${i}`;
  const ts = 1_700_000_000 + i;
  const json = {
    metadata: {
      name,
      namespace: 'web',
      uid: `uid-${i}`,
      resourceVersion: String(100 + i),
      creationTimestamp: new Date(ts * 1000).toISOString().replace('.000', ''),
      labels: {app: 'web', n: String(i)},
    },
    spec: {
      containers: [{name: 'c', image: `img:${i}`, resources: {limits: {cpu: `${i + 1}00m`}}}],
      nodeName: i % 2 ? 'win-1' : undefined,
      terminationGracePeriodSeconds: 30,
    },
    status: {phase: 'Running', podIPs: [{ip: `10.0.0.${i}`}]},
  };
  const parts: Part[] = [
    sub(1, [
      str(1, name),
      str(2, ''),
      str(3, 'web'),
      str(4, ''),
      str(5, `uid-${i}`),
      str(6, String(100 + i)),
      int(7, 0),
      time(8, ts),
      entry(11, 'app', str(2, 'web')),
      entry(11, 'n', str(2, String(i))),
    ]),
    sub(2, [sub(2, [str(1, 'c'), str(2, `img:${i}`), sub(8, [entry(1, 'cpu', quantity(2, `${i + 1}00m`))])]), int(4, 30), str(10, i % 2 ? 'win-1' : '')]),
    sub(3, [str(1, 'Running'), sub(12, [str(1, `10.0.0.${i}`)])]),
  ];
  return {json: JSON.parse(JSON.stringify(json)) as KubeObject, parts};
}

const PODS = Array.from({length: COUNT}, (_, i) => podPair(i));

describe('source/kube-client protobuf lists', () => {
  let calls: Array<{url: URL; accept: string}>;
  /** Which page (by 1-based request number) to answer in protobuf with an extra field, or malformed. */
  let spoil: (n: number, protobuf: boolean) => 'unknown-field' | 'truncated' | undefined;
  let status: {code: number; reason: string; message: string} | undefined;

  const page = (from: number, limit: number) => {
    const items = PODS.slice(from, from + limit);
    const next = from + limit < COUNT ? String(from + limit) : '';
    return {items, next};
  };

  const api = localApi('kw-client-pb', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '', 'http://x');
    const accept = req.headers.accept ?? '';
    calls.push({url, accept});
    const protobuf = accept.includes(PROTOBUF);
    if (status) {
      const s = status;
      if (protobuf) {
        res.writeHead(s.code, {'Content-Type': PROTOBUF});
        res.end(
          envelope('v1', 'Status', [
            sub(1, [str(1, ''), str(2, ''), str(3, '')]),
            str(2, 'Failure'),
            str(3, s.message),
            str(4, s.reason),
            sub(5, [str(1, ''), str(2, ''), str(3, 'pods'), str(6, ''), int(5, 0)]),
            int(6, s.code),
          ]),
        );
      } else {
        res.writeHead(s.code, {'Content-Type': 'application/json'});
        res.end(
          JSON.stringify({
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: s.message,
            reason: s.reason,
            details: {kind: 'pods'},
            code: s.code,
          }),
        );
      }
      return;
    }
    const {items, next} = page(Number(url.searchParams.get('continue') ?? 0), Number(url.searchParams.get('limit') ?? 500));
    if (!protobuf) {
      res.writeHead(200, {'Content-Type': 'application/json'});
      res.end(
        JSON.stringify({
          kind: 'PodList',
          apiVersion: 'v1',
          metadata: {resourceVersion: '999', ...(next ? {continue: next} : {})},
          items: items.map((p) => p.json),
        }),
      );
      return;
    }
    const how = spoil(calls.length, protobuf);
    const podParts = items.map((p, k) => sub(2, how === 'unknown-field' && k === 1 ? [...p.parts, str(42, 'from a newer server')] : p.parts));
    let body = envelope('v1', 'PodList', [sub(1, [str(1, ''), str(2, '999'), str(3, next)]), ...podParts]);
    if (how === 'truncated') body = body.subarray(0, body.length - 20);
    res.writeHead(200, {'Content-Type': PROTOBUF});
    res.end(body);
  });
  beforeEach(() => {
    calls = [];
    spoil = () => undefined;
    status = undefined;
  });
  afterEach(() => {
    delete process.env.KUBECTL_WIN_PROTOBUF;
  });

  const client = () => KubeClient.create({kubeconfig: api.kubeconfig({namespace: 'web'}), maxRetries: 0});
  const collect = async (c: KubeClient, opts: {protobuf?: boolean; limit?: number}) => {
    const pages: KubeObject[][] = [];
    for await (const p of c.listPages('/api/v1/namespaces/web/pods', {}, opts)) pages.push(p);
    return pages;
  };

  it('reads pod pages as protobuf when asked, decoding to exactly the JSON items', async () => {
    const c = await client();
    const pb = await collect(c, {protobuf: true, limit: 3});
    assert.deepEqual(
      calls.map((x) => x.accept),
      [`${PROTOBUF}, application/json`, `${PROTOBUF}, application/json`, `${PROTOBUF}, application/json`],
    );
    assert.deepEqual(
      calls.map((x) => x.url.searchParams.get('continue')),
      [null, '3', '6'],
    );
    calls = [];
    const json = await collect(c, {limit: 3});
    assert.ok(
      calls.every((x) => x.accept === 'application/json'),
      'JSON unless asked',
    );
    assert.deepStrictEqual(pb, json);
    assert.deepStrictEqual(
      pb.flat(),
      PODS.map((p) => p.json),
    );
    assert.deepStrictEqual(
      await c.listAll('/api/v1/namespaces/web/pods', {}, {protobuf: true}),
      PODS.map((p) => p.json),
    );
  });

  it('an unknown field mid-list: the list is read again as JSON, every item handed over exactly once', async () => {
    spoil = (n) => (n === 2 ? 'unknown-field' : undefined);
    const c = await client();
    const pages = await collect(c, {protobuf: true, limit: 3});
    assert.deepStrictEqual(
      pages.flat(),
      PODS.map((p) => p.json),
    );
    const names = pages.flat().map((p) => p.metadata?.name);
    assert.equal(new Set(names).size, COUNT, 'no duplicates');
    // protobuf page 1 (handed over), protobuf page 2 (fails), then JSON from the start: pages 1 (skipped by uid), 2, 3.
    assert.deepEqual(
      calls.map((x) => [x.accept.includes(PROTOBUF) ? 'pb' : 'json', x.url.searchParams.get('continue')]),
      [
        ['pb', null],
        ['pb', '3'],
        ['json', null],
        ['json', '3'],
        ['json', '6'],
      ],
    );
    assert.deepEqual(
      pages[0].map((p) => p.metadata?.name),
      ['p-0', 'p-1', 'p-2'],
    );
  });

  it('an unknown field on the first page, or malformed bytes, fall back to JSON too', async () => {
    for (const how of ['unknown-field', 'truncated'] as const) {
      calls = [];
      spoil = (n) => (n === 1 ? how : undefined);
      const items = await (await client()).listAll('/api/v1/namespaces/web/pods', {}, {protobuf: true, limit: 4});
      assert.deepStrictEqual(
        items,
        PODS.map((p) => p.json),
        how,
      );
      assert.deepEqual(
        calls.map((x) => x.accept.includes(PROTOBUF)),
        [true, false, false],
        how,
      );
    }
  });

  it('KUBECTL_WIN_PROTOBUF=0 never asks for protobuf', async () => {
    process.env.KUBECTL_WIN_PROTOBUF = '0';
    const items = await (await client()).listAll('/api/v1/namespaces/web/pods', {}, {protobuf: true, limit: 5});
    assert.deepStrictEqual(
      items,
      PODS.map((p) => p.json),
    );
    assert.equal(calls.length, 2);
    assert.ok(
      calls.every((x) => !x.accept.includes('protobuf')),
      calls.map((x) => x.accept).join(' | '),
    );
    process.env.KUBECTL_WIN_PROTOBUF = '1';
    calls = [];
    await (await client()).listAll('/api/v1/namespaces/web/pods', {}, {protobuf: true, limit: 5});
    assert.ok(
      calls.every((x) => x.accept.includes(PROTOBUF)),
      'any other value leaves protobuf on',
    );
  });

  it('an error Status in protobuf is the same ApiError as the JSON one', async () => {
    status = {code: 403, reason: 'Forbidden', message: 'pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "web"'};
    const c = await client();
    const failure = async (protobuf: boolean) => {
      try {
        await c.listAll('/api/v1/namespaces/web/pods', {}, {protobuf});
      } catch (e) {
        return e;
      }
      assert.fail('the list should have failed');
    };
    const pb = await failure(true);
    const json = await failure(false);
    assert.ok(pb instanceof ApiError && json instanceof ApiError, `${String(pb)} / ${String(json)}`);
    assert.deepEqual(
      calls.map((x) => x.accept.includes(PROTOBUF)),
      [true, false],
      'the protobuf Status is not retried as JSON',
    );
    assert.equal(pb.message, json.message);
    assert.equal(pb.message, status.message);
    assert.equal(pb.status, 403);
    assert.equal(pb.reason, json.reason);
    assert.deepStrictEqual(pb.body, json.body);
    // A 404 through request() with protobuf too.
    status = {code: 404, reason: 'NotFound', message: 'pods "nope" not found'};
    await assert.rejects(
      c.request('/api/v1/namespaces/web/pods/nope', {protobuf: true}),
      (e: unknown) => e instanceof ApiError && e.status === 404 && e.message === 'pods "nope" not found' && e.reason === 'NotFound',
    );
  });
});
