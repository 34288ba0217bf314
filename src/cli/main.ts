// The CLI entry: oclif with an explicit command registry (dist/commands.js), no directory scan.
import {flush, handle, run as oclifRun} from '@oclif/core';

export async function run(argv: string[], root: string): Promise<void> {
  try {
    await oclifRun(argv.length === 0 ? ['--help'] : argv, root);
    await flush();
  } catch (err) {
    await handle(err as Error);
  }
}
