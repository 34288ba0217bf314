// SeenUids: before a restart every uid is new and only kept; after it, exactly the uids kept
// before (UUIDs packed to 16 bytes, anything else as its text) are seen, each new one once.
import assert from 'node:assert/strict';
import {randomUUID} from 'node:crypto';
import {SeenUids} from '../../../src/source/seen-uids.js';

describe('source/seen-uids', () => {
  it('200,000 UUIDs: all new before the restart, all seen after it, new ones new once', () => {
    const seen = new SeenUids();
    const before = Array.from({length: 200_000}, () => randomUUID());
    for (const uid of before) assert.equal(seen.add(uid), true);
    seen.restart();
    for (const uid of before) assert.equal(seen.add(uid), false, uid);
    const fresh = randomUUID();
    assert.equal(seen.add(fresh), true);
    assert.equal(seen.add(fresh), false);
  });

  it('uids in another form are kept as they are: upper case, no dashes, any text', () => {
    const seen = new SeenUids();
    const uuid = randomUUID();
    const others = [uuid.toUpperCase(), uuid.replaceAll('-', ''), 'uid-7', `${uuid}x`, 'g0000000-0000-0000-0000-000000000000'];
    for (const uid of [uuid, ...others]) assert.equal(seen.add(uid), true);
    seen.restart();
    for (const uid of [uuid, ...others]) assert.equal(seen.add(uid), false, uid);
    // A UUID that differs from a kept one in its case or its last digit is another uid.
    assert.equal(seen.add(uuid.slice(0, 35) + (uuid[35] === '0' ? '1' : '0')), true);
  });

  it('a second restart keeps what the first one and the read after it saw', () => {
    const seen = new SeenUids();
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    seen.add(a);
    seen.restart();
    assert.equal(seen.add(a), false);
    assert.equal(seen.add(b), true);
    seen.restart();
    assert.deepEqual(
      [a, b, c].map((u) => seen.add(u)),
      [false, false, true],
    );
  });
});
