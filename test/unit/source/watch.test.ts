import assert from 'node:assert/strict';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {KubeClient} from '../../../src/source/kube-client.js';
import {watchChanges, watchedKinds} from '../../../src/source/watch.js';
import {localApi} from '../../support/local-api.js';

// The watch protocol over a local HTTP server: a list of one object gives the resourceVersion to
// start at, then a stream of newline-separated events the server ends when it chooses.
describe('source/watch (-w)', () => {
  let handler: (req: IncomingMessage, res: ServerResponse) => void;
  const urls: string[] = [];
  const api = localApi('kw-watch', (req, res) => {
    urls.push(req.url ?? '');
    handler(req, res);
  });
  const client = () => KubeClient.create({kubeconfig: api.kubeconfig({file: 'kc-watch', namespace: 'web'})});

  it('watches the kinds a request reads', () => {
    assert.deepEqual(watchedKinds({kinds: ['nodes'], pods: true}), ['pods', 'nodes']);
    assert.deepEqual(watchedKinds({kinds: ['nodes'], pods: true, events: true}), ['pods', 'events', 'nodes']);
  });

  it('watches the events as the snapshot reads them: the Warning ones, in the namespace', async () => {
    urls.length = 0;
    handler = (req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'});
      if (!req.url?.includes('watch=1')) return res.end(JSON.stringify({apiVersion: 'v1', kind: 'EventList', metadata: {resourceVersion: '7'}, items: []}));
      res.end(`${JSON.stringify({type: 'ADDED', object: {kind: 'Event', metadata: {name: 'e'}}})}\n`);
    };
    const seen: string[] = [];
    for await (const s of watchChanges(await client(), {events: true}, {namespace: 'web'}, new AbortController().signal)) seen.push(s);
    assert.deepEqual(seen, ['changed', 'closed']);
    const watch = urls.find((u) => /watch=1/.test(u));
    assert.ok(watch?.startsWith('/api/v1/namespaces/web/events?'), urls.join(' '));
    assert.match(decodeURIComponent(watch ?? ''), /fieldSelector=type=Warning/);
  });

  it("starts at the list's resourceVersion, ignores bookmarks, and ends with closed when the server ends the watch", async () => {
    urls.length = 0;
    handler = (req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'});
      if (!req.url?.includes('watch=1')) return res.end(JSON.stringify({apiVersion: 'v1', kind: 'NodeList', metadata: {resourceVersion: '42'}, items: []}));
      res.write(`${JSON.stringify({type: 'BOOKMARK', object: {metadata: {resourceVersion: '43'}}})}\n`);
      res.write(`${JSON.stringify({type: 'ADDED', object: {kind: 'Node', metadata: {name: 'n'}}})}\n`);
      res.end();
    };
    const seen: string[] = [];
    for await (const s of watchChanges(await client(), {kinds: ['nodes']}, {}, new AbortController().signal)) seen.push(s);
    assert.deepEqual(seen, ['changed', 'closed']);
    assert.ok(
      urls.some((u) => u.startsWith('/api/v1/nodes?') && u.includes('limit=1')),
      urls.join(' '),
    );
    assert.ok(
      urls.some((u) => /watch=1/.test(u) && /resourceVersion=42/.test(u)),
      urls.join(' '),
    );
  });

  it('a 410 Gone ERROR event ends the watch as closed', async () => {
    handler = (req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'});
      if (!req.url?.includes('watch=1')) return res.end(JSON.stringify({apiVersion: 'v1', kind: 'NodeList', metadata: {resourceVersion: '1'}, items: []}));
      res.end(`${JSON.stringify({type: 'ERROR', object: {kind: 'Status', code: 410, reason: 'Expired'}})}\n`);
    };
    const seen: string[] = [];
    for await (const s of watchChanges(await client(), {kinds: ['nodes']}, {}, new AbortController().signal)) seen.push(s);
    assert.deepEqual(seen, ['closed']);
  });

  it("a watch the server refuses is the command's error, not a quiet end", async () => {
    handler = (req, res) => {
      if (!req.url?.includes('watch=1')) {
        res.writeHead(200, {'Content-Type': 'application/json'});
        return res.end(JSON.stringify({apiVersion: 'v1', kind: 'NodeList', metadata: {resourceVersion: '1'}, items: []}));
      }
      res.writeHead(400, {'Content-Type': 'application/json'});
      res.end(JSON.stringify({kind: 'Status', code: 400, message: 'watch refused'}));
    };
    const feed = watchChanges(await client(), {kinds: ['nodes']}, {}, new AbortController().signal);
    await assert.rejects(async () => {
      for await (const _ of feed) void _;
    }, /watch refused/);
  });

  it('aborting stops the feed without a closed signal', async () => {
    handler = (req, res) => {
      res.writeHead(200, {'Content-Type': 'application/json'});
      if (!req.url?.includes('watch=1')) return res.end(JSON.stringify({apiVersion: 'v1', kind: 'NodeList', metadata: {resourceVersion: '1'}, items: []}));
      res.write(`${JSON.stringify({type: 'MODIFIED', object: {}})}\n`); // and the stream stays open
    };
    const ac = new AbortController();
    const seen: string[] = [];
    for await (const s of watchChanges(await client(), {kinds: ['nodes']}, {}, ac.signal)) {
      seen.push(s);
      ac.abort();
    }
    assert.deepEqual(seen, ['changed']);
  });
});
