// KubeClient's protobuf pod lists against a scripted local HTTP server that answers each request in the
// format its Accept header asks for: protobuf pages (built with test/support/protobuf-writer.ts) decode
// to the same items as the JSON pages; a page the decoder cannot read (a field from a newer server,
// malformed bytes) makes the client read the whole list again as JSON, each item handed over once.
import assert from 'node:assert/strict';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {ApiError, KubeClient, PAGE_SIZE, pageSizeFor} from '../../../src/source/kube-client.js';
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
  /** The pods listed (PODS unless a test lists more), which of a spoiled page's items has the unknown field, and what remainingItemCount claims. */
  let pods: typeof PODS;
  let spoiledPod: number;
  let remaining: ((from: number, served: number) => number) | undefined;
  /** A protobuf page (by its `from`) whose bytes after the metadata wait until `release` resolves. */
  let hold: {from: number; release: Promise<void>} | undefined;

  const page = (from: number, limit: number) => {
    const items = pods.slice(from, from + limit);
    const next = from + limit < pods.length ? String(from + limit) : '';
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
    const from = Number(url.searchParams.get('continue') ?? 0);
    const {items, next} = page(from, Number(url.searchParams.get('limit') ?? 500));
    const left = next && remaining ? remaining(from, items.length) : 0;
    if (!protobuf) {
      res.writeHead(200, {'Content-Type': 'application/json'});
      res.end(
        JSON.stringify({
          kind: 'PodList',
          apiVersion: 'v1',
          metadata: {resourceVersion: '999', ...(next ? {continue: next} : {}), ...(left ? {remainingItemCount: left} : {})},
          items: items.map((p) => p.json),
        }),
      );
      return;
    }
    const how = spoil(calls.length, protobuf);
    const podParts = items.map((p, k) => sub(2, how === 'unknown-field' && k === spoiledPod ? [...p.parts, str(42, 'from a newer server')] : p.parts));
    const listMeta = sub(1, [str(1, ''), str(2, '999'), str(3, next), ...(left ? [int(4, left)] : [])]);
    let body = envelope('v1', 'PodList', [listMeta, ...podParts]);
    if (how === 'truncated') body = body.subarray(0, body.length - 20);
    res.writeHead(200, {'Content-Type': PROTOBUF});
    if (hold?.from === from) {
      // The envelope, the list's metadata and a few bytes of the first item now; the rest later.
      const firstBytes = body.indexOf(Buffer.from(`uid-${from}`)) + 2;
      res.write(body.subarray(0, firstBytes));
      void hold.release.then(() => res.end(body.subarray(firstBytes)));
      return;
    }
    res.end(body);
  });
  beforeEach(() => {
    calls = [];
    spoil = () => undefined;
    status = undefined;
    pods = PODS;
    spoiledPod = 1;
    remaining = undefined;
    hold = undefined;
  });
  afterEach(() => {
    delete process.env.KUBECTL_WIN_PROTOBUF;
  });

  const client = () => KubeClient.create({kubeconfig: api.kubeconfig({namespace: 'web'}), maxRetries: 0});
  const collect = async (c: KubeClient, opts: {protobuf?: boolean; limit?: number; podStatus?: boolean}) => {
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

  it('podStatus: false lists protobuf pods without their status; a JSON page keeps it', async () => {
    const c = await client();
    const withoutStatus = PODS.map(({json}) => {
      const {status: _, ...rest} = json;
      return rest;
    });
    assert.ok(PODS.every((p) => p.json.status !== undefined));
    assert.deepStrictEqual((await collect(c, {protobuf: true, limit: 3, podStatus: false})).flat(), withoutStatus);
    assert.deepStrictEqual(
      (await collect(c, {protobuf: true, limit: 3})).flat(),
      PODS.map((p) => p.json),
    );
    assert.deepStrictEqual(
      (await collect(c, {limit: 3, podStatus: false})).flat(),
      PODS.map((p) => p.json),
    );
  });

  it("the page after is asked for from a page's first bytes, before the rest of it has come", async () => {
    let askedForNext: () => void = () => {};
    const nextAsked = new Promise<void>((resolve) => (askedForNext = resolve));
    // The second page's items wait until the third page is asked for (or 5 s: then the order shows it was not).
    hold = {from: 2, release: Promise.race([nextAsked, new Promise<void>((resolve) => setTimeout(resolve, 5000))])};
    const c = await client();
    const seen: Array<string | null> = [];
    const order: string[] = [];
    const pages: KubeObject[][] = [];
    const listing = (async () => {
      for await (const p of c.listPages('/api/v1/namespaces/web/pods', {}, {protobuf: true, limit: 2})) {
        pages.push(p);
        order.push(`page of ${p.length} handed on`);
      }
    })();
    const scanCalls = () => {
      for (const call of calls.slice(seen.length)) {
        seen.push(call.url.searchParams.get('continue'));
        order.push(`asked from ${call.url.searchParams.get('continue') ?? 'start'}`);
        if (call.url.searchParams.get('continue') === '4') askedForNext();
      }
    };
    const watchCalls = setInterval(scanCalls, 1);
    await listing;
    clearInterval(watchCalls);
    scanCalls();
    assert.deepEqual(seen, [null, '2', '4', '6']);
    assert.ok(
      order.indexOf('asked from 4') < order.indexOf('page of 2 handed on', order.indexOf('page of 2 handed on') + 1),
      `the third page was asked for before the second was whole: ${order.join(', ')}`,
    );
    assert.deepStrictEqual(
      pages.flat(),
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
    // protobuf page 1 (handed over), protobuf page 2 (its items fail to decode, after page 3 was
    // asked for: that one is left unread), then JSON from the start: pages 1 (skipped by uid), 2, 3.
    assert.deepEqual(
      calls.map((x) => [x.accept.includes(PROTOBUF) ? 'pb' : 'json', x.url.searchParams.get('continue')]),
      [
        ['pb', null],
        ['pb', '3'],
        ['pb', '6'],
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
      // A list's items are decoded after the next page is asked for; a malformed page fails before.
      assert.deepEqual(
        calls.map((x) => x.accept.includes(PROTOBUF)),
        how === 'unknown-field' ? [true, true, false, false] : [true, false, false],
        how,
      );
    }
  });

  it('a protobuf page larger than PAGE_SIZE is decoded and handed over PAGE_SIZE items at a time', async () => {
    // Pods of one size (four-digit numbers), so a page's bytes fit where the page before it was.
    pods = Array.from({length: 2 * PAGE_SIZE + 100}, (_, i) => podPair(1000 + i));
    const c = await client();
    const pb = await collect(c, {protobuf: true, limit: pods.length});
    assert.equal(calls.length, 1, 'one page');
    assert.deepEqual(
      pb.map((p) => p.length),
      [PAGE_SIZE, PAGE_SIZE, 100],
    );
    assert.deepStrictEqual(
      pb.flat(),
      pods.map((p) => p.json),
    );
    calls = [];
    const json = await collect(c, {limit: pods.length});
    assert.deepEqual(
      json.map((p) => p.length),
      [pods.length],
      'a JSON page is handed over whole: it is parsed whole',
    );
    // Three pages through the stream's two reused buffers, the next page arriving while the caller
    // works on a slice: a page's bytes are overwritten only after its last slice is decoded.
    calls = [];
    const three: KubeObject[][] = [];
    for await (const p of c.listPages('/api/v1/namespaces/web/pods', {}, {protobuf: true, limit: PAGE_SIZE + 10})) {
      three.push(p);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(calls.length, 3);
    assert.deepEqual(
      three.map((p) => p.length),
      [PAGE_SIZE, 10, PAGE_SIZE, 10, 80],
    );
    assert.deepStrictEqual(
      three.flat(),
      pods.map((p) => p.json),
    );
  });

  it('an unknown field in a later slice of a page: what was handed over stays, the rest comes once, as JSON', async () => {
    pods = Array.from({length: 2 * PAGE_SIZE + 100}, (_, i) => podPair(i));
    spoiledPod = PAGE_SIZE + 10;
    spoil = (n) => (n === 1 ? 'unknown-field' : undefined);
    const pages = await collect(await client(), {protobuf: true, limit: pods.length});
    assert.equal(pages[0].length, PAGE_SIZE, 'the first slice decoded and was handed over');
    assert.deepStrictEqual(
      pages.flat(),
      pods.map((p) => p.json),
    );
    assert.deepEqual(
      calls.map((x) => x.accept.includes(PROTOBUF)),
      [true, false],
    );
  });

  it('pages grow with the list the server reports (remainingItemCount), only when the caller set no limit', async () => {
    pods = Array.from({length: 2 * PAGE_SIZE + 1}, (_, i) => podPair(i));
    remaining = () => 99_750; // the server's count, not this stand-in's: only the next page's size depends on it
    const c = await client();
    await collect(c, {protobuf: true});
    assert.deepEqual(
      calls.map((x) => x.url.searchParams.get('limit')),
      [String(PAGE_SIZE), '1000'],
    );
    for (const [claimed, limits] of [
      [24_750, [PAGE_SIZE, PAGE_SIZE, PAGE_SIZE]],
      [49_750, [PAGE_SIZE, 500]],
    ] as const) {
      calls = [];
      remaining = () => claimed;
      await collect(c, {});
      assert.deepEqual(
        calls.map((x) => Number(x.url.searchParams.get('limit'))),
        limits,
        `${claimed} more, as JSON too`,
      );
    }
    calls = [];
    remaining = () => 99_750;
    await collect(c, {protobuf: true, limit: 200});
    assert.ok(
      calls.every((x) => x.url.searchParams.get('limit') === '200'),
      'a limit the caller set stays',
    );
  });

  it('pageSizeFor: PAGE_SIZE up to 25,000 objects, then about 100 pages, never more than 1,000 a page', () => {
    assert.equal(pageSizeFor(0), PAGE_SIZE);
    assert.equal(pageSizeFor(25_000), PAGE_SIZE);
    assert.equal(pageSizeFor(25_001), 251);
    assert.equal(pageSizeFor(50_000), 500);
    assert.equal(pageSizeFor(100_000), 1000);
    assert.equal(pageSizeFor(5_000_000), 1000);
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
