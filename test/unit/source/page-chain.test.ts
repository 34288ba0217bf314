// PageChain with a scripted `send`: each page is asked for as soon as the page before names it,
// at most `depth` pages ahead of the caller's (the one it holds); no buffer is handed to a new request while a page in
// it is queued or held by the caller; a page asked for from a token the whole page contradicts is
// dropped (with the pages after it) and the named one asked for in new buffers; the first page
// never leads (its length sizes the rest), and a restart drops everything.
import assert from 'node:assert/strict';
import {PageChain, type ListPage} from '../../../src/source/page-chain.js';
import type {ResponseBytes} from '../../../src/source/response-bytes.js';

interface Sent {
  token: string | undefined;
  into: ResponseBytes;
  /** Tells the chain the token the page's first bytes hold. */
  name: (token: string) => void;
  /** Ends the page: whole, naming `cont` (or failed). */
  end: (cont: string | undefined) => void;
  fail: (err: Error) => void;
}

function scripted() {
  const sent: Sent[] = [];
  const chain = new PageChain<string[]>(
    (token, into, named) =>
      new Promise<ListPage<string[]>>((resolve, reject) => {
        sent.push({
          token,
          into,
          name: named,
          end: (cont) => resolve({items: [`after ${token ?? 'start'}`], metadata: cont ? {continue: cont} : {}}),
          fail: reject,
        });
      }),
  );
  return {chain, sent};
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A chain whose first page (naming t1) the caller took, and t1 asked for. */
async function pastTheFirstPage(depth: number) {
  const {chain, sent} = scripted();
  chain.start(depth);
  sent[0].end('t1');
  await chain.take();
  chain.follow('t1');
  return {chain, sent};
}

describe('source/page-chain', () => {
  it('depth 2: the page after is asked for from the first bytes, while the caller still holds an earlier page', async () => {
    const {chain, sent} = scripted();
    chain.start(2);
    sent[0].name('t1'); // the first page never leads
    sent[0].end('t1');
    await chain.take();
    assert.equal(sent.length, 1);
    chain.follow('t1');
    assert.deepEqual(
      sent.map((s) => s.token),
      [undefined, 't1'],
    );
    // The caller works on the first page; page t1's first bytes name t2: asked for at once.
    sent[1].name('t2');
    await settle();
    assert.deepEqual(
      sent.map((s) => s.token),
      [undefined, 't1', 't2'],
    );
    // t2 names t3, but two pages (t1, t2) already wait ahead of the caller's: not yet.
    sent[2].name('t3');
    await settle();
    assert.equal(sent.length, 3);
    // The caller takes t1 (done with the first page): room for one more, and t3 is known.
    const taking = chain.take();
    await settle();
    assert.deepEqual(
      sent.map((s) => s.token),
      [undefined, 't1', 't2', 't3'],
    );
    sent[1].end('t2');
    assert.deepEqual((await taking).items, ['after t1']);
    chain.follow('t2');
    assert.equal(sent.length, 4, 't2 was asked for already');
  });

  it('no buffer goes to a new request while a page in it is queued or held', async () => {
    const {chain, sent} = await pastTheFirstPage(2);
    let held = sent[0].into;
    for (let k = 1; k <= 30; k++) {
      sent[k].name(`t${k + 1}`);
      await settle();
      const queued = sent.slice(k).map((s) => s.into);
      assert.ok(!queued.includes(held), `page ${k}: the held page's buffer was given to a page ahead`);
      assert.equal(new Set(queued).size, queued.length, `page ${k}: two pages ahead share a buffer`);
      const taking = chain.take();
      sent[k].end(`t${k + 1}`);
      await taking;
      chain.follow(`t${k + 1}`);
      held = sent[k].into;
    }
  });

  it('a token the whole page contradicts: the page asked for from it is dropped, the named one asked for in new buffers', async () => {
    const {chain, sent} = await pastTheFirstPage(2);
    sent[1].name('garbled'); // a first read of t1 named this, then was retried
    await settle();
    assert.equal(sent[2].token, 'garbled');
    sent[2].name('t-after-garbled');
    const taking = chain.take();
    await settle();
    sent[1].end('t2');
    await taking;
    chain.follow('t2');
    const last = sent[sent.length - 1];
    assert.equal(last.token, 't2', 'the page the whole page names is asked for');
    const dropped = sent.slice(2, -1);
    assert.ok(dropped.length > 0 && dropped.every((s) => s.token !== 't2'));
    assert.ok(!dropped.some((s) => s.into === last.into), 'the new page does not share a buffer with a dropped one');
    assert.notEqual(last.into, sent[1].into, 'nor with the page the caller holds');
    // The next page taken is t2's, not a dropped one's.
    const next = chain.take();
    for (const s of dropped) s.end('never');
    last.end(undefined);
    assert.deepEqual((await next).items, ['after t2']);
  });

  it('depth 1 (JSON): while a page waits for the caller, the one it names is not asked for', async () => {
    const {chain, sent} = await pastTheFirstPage(1);
    sent[1].end('t2'); // whole (and parsed, for JSON) before the caller is done with the first page
    await settle();
    assert.equal(sent.length, 2, 'one page waits ahead: no second');
    await chain.take();
    assert.deepEqual(
      sent.map((s) => s.token),
      [undefined, 't1', 't2'],
      'asked for once the caller took the page that names it',
    );
    chain.follow('t2');
    assert.equal(sent.length, 3);
  });

  it('a restart drops every page asked for and starts again from the first', async () => {
    const {chain, sent} = await pastTheFirstPage(2);
    sent[1].name('t2');
    await settle();
    const taking = chain.take();
    sent[1].fail(new Error('410 Gone'));
    await assert.rejects(taking, /410/);
    chain.start(2);
    assert.equal(sent[sent.length - 1].token, undefined);
    sent[sent.length - 1].end(undefined);
    assert.deepEqual((await chain.take()).items, ['after start']);
    chain.follow(undefined);
    assert.equal(chain.inFlight, false, 'the list is whole: nothing waits');
    // The page asked for before the restart names its next: nothing is asked for.
    const count = sent.length;
    sent[2].name('t3');
    await settle();
    assert.equal(sent.length, count);
  });
});
