import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {crc32, inflateRawSync} from 'node:zlib';
import {tarGz, zip, type Entry} from '../../../scripts/release/archive.js';

const entries: Entry[] = [
  {name: 'kubectl-win', data: Buffer.from('#!/bin/sh\necho hi\n'.repeat(100)), mode: 0o755},
  {name: 'LICENSE', data: Buffer.from('Apache License\n'), mode: 0o644},
];
const MTIME = 1_700_000_000;

/** Reads a zip's central directory and inflates each entry (no external tools). */
function readZip(buf: Buffer): Array<{name: string; data: Buffer; mode: number; crc: number}> {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const crc = buf.readUInt32LE(p + 16);
    const csize = buf.readUInt32LE(p + 20);
    const nlen = buf.readUInt16LE(p + 28);
    const mode = (buf.readUInt32LE(p + 38) >>> 16) & 0o777;
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nlen).toString();
    const lnlen = buf.readUInt16LE(local + 26);
    const data = inflateRawSync(buf.subarray(local + 30 + lnlen, local + 30 + lnlen + csize));
    out.push({name, data, mode, crc});
    p += 46 + nlen;
  }
  return out;
}

describe('release/archive', () => {
  it('writes a tar.gz that tar extracts with names, contents and modes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-tar-'));
    try {
      writeFileSync(join(dir, 'a.tar.gz'), tarGz(entries, MTIME));
      execFileSync('tar', ['-xzf', join(dir, 'a.tar.gz'), '-C', dir]);
      for (const e of entries) {
        assert.deepEqual(readFileSync(join(dir, e.name)), e.data);
        assert.equal(statSync(join(dir, e.name)).mode & 0o777, e.mode);
        assert.equal(Math.floor(statSync(join(dir, e.name)).mtimeMs / 1000), MTIME);
      }
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it('writes a zip whose entries inflate back with the right crc and mode', () => {
    const read = readZip(zip(entries, MTIME));
    assert.deepEqual(read.map((r) => r.name), ['kubectl-win', 'LICENSE']);
    read.forEach((r, i) => {
      assert.deepEqual(r.data, entries[i].data);
      assert.equal(r.crc, crc32(entries[i].data));
      assert.equal(r.mode, entries[i].mode);
    });
  });

  it('is reproducible: same inputs, same bytes; another mtime, other bytes', () => {
    assert.deepEqual(tarGz(entries, MTIME), tarGz(entries, MTIME));
    assert.deepEqual(zip(entries, MTIME), zip(entries, MTIME));
    assert.notDeepEqual(tarGz(entries, MTIME), tarGz(entries, MTIME + 10));
  });
});
