// The confirmation `gmsa nltest --reset` needs before it changes anything: --yes, or "y" typed on a
// terminal. Without a terminal and without --yes it refuses (exit 2): a script must say so explicitly.
import {createInterface} from 'node:readline/promises';
import {InputError} from '../errors.js';

export async function confirm(question: string, opts: {yes: boolean; stdin?: NodeJS.ReadStream; stderr?: NodeJS.WriteStream}): Promise<boolean> {
  if (opts.yes) return true;
  const stdin = opts.stdin ?? process.stdin;
  const stderr = opts.stderr ?? process.stderr;
  if (!stdin.isTTY || !stderr.isTTY) {
    throw new InputError("error: --reset changes the pod's secure channel and needs confirmation: run it on a terminal, or add --yes");
  }
  const rl = createInterface({input: stdin, output: stderr});
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
