import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {confirm} from '../../../src/cli/confirm.js';
import {describeError} from '../../../src/cli/errors.js';

const tty = (isTTY: boolean) => Object.assign(new PassThrough(), {isTTY}) as unknown as NodeJS.ReadStream & NodeJS.WriteStream;

describe('analyses/nltest confirm', () => {
  it('--yes confirms without asking', async () => {
    assert.equal(await confirm('Reset?', {yes: true, stdin: tty(false), stderr: tty(false)}), true);
  });

  it('without a terminal and without --yes it refuses with exit 2', async () => {
    await assert.rejects(
      confirm('Reset?', {yes: false, stdin: tty(false), stderr: tty(true)}),
      (err: Error) => describeError(err).exitCode === 2 && /--yes/.test(err.message),
    );
  });

  it('on a terminal: "y" confirms, anything else declines', async () => {
    for (const [answer, expected] of [
      ['y\n', true],
      ['yes\n', true],
      ['\n', false],
      ['n\n', false],
    ] as const) {
      const stdin = tty(true);
      const stderr = tty(true);
      const p = confirm('Reset?', {yes: false, stdin, stderr});
      stdin.write(answer);
      assert.equal(await p, expected, answer);
    }
  });
});
