// -w/--watch: after the first answer, watch what the command read and answer again on each change
// (changes that come together, a rollout's pods, are one redraw), until Ctrl-C or until the server
// closes the watch. The exit code is the last answer's, as if the command had been run once more.
import type {ClusterSource} from '../source/cluster-source.js';
import type {SnapshotRequest} from '../k8s/snapshot.js';
import {emit, type CommandResult} from './base-command.js';
import type {CommonOptions} from '../options.js';

/** Changes within this long of each other are one redraw. */
const QUIET_MS = 300;

interface WatchLoop {
  opts: CommonOptions;
  commandId?: string;
  request: SnapshotRequest;
  /** The source the command read (a cluster: -w with -f is refused before any read). */
  source: {mode: string};
  /** Reads and answers again. */
  rerun: () => Promise<CommandResult>;
  signal: AbortSignal;
  exitCode: number;
}

export async function watchLoop(w: WatchLoop): Promise<number> {
  let code = w.exitCode;
  let changed = false;
  let closed = false;
  let wake: (() => void) | undefined;
  let failure: unknown;
  const feed = (async () => {
    try {
      for await (const s of (w.source as ClusterSource).changes(w.request, w.signal)) {
        if (s === 'closed') closed = true;
        else changed = true;
        wake?.();
      }
    } catch (err) {
      failure = err;
    }
    if (failure === undefined && !w.signal.aborted) closed = true;
    wake?.();
  })();
  try {
    while (!w.signal.aborted) {
      if (!changed && !closed && failure === undefined) await new Promise<void>((res) => (wake = res));
      if (w.signal.aborted) break;
      if (failure !== undefined) throw failure;
      if (closed) {
        process.stderr.write('watch closed by the server: the answer above is the last one; run the command again to keep watching\n');
        break;
      }
      await sleep(QUIET_MS);
      changed = false;
      let result: CommandResult;
      try {
        result = await w.rerun();
      } catch (err) {
        if (w.signal.aborted) break; // Ctrl-C while reading again: the last answer stands
        throw err;
      }
      code = await redraw(result, w.opts, w.commandId);
    }
  } finally {
    await feed.catch(() => {});
  }
  return code;
}

async function redraw(result: CommandResult, opts: CommonOptions, commandId: string | undefined): Promise<number> {
  if (opts.output !== 'text' && opts.output !== 'wide') {
    // One document after another, as kubectl get -w -o yaml separates them.
    if (opts.output === 'yaml') process.stdout.write('---\n');
    await emit(result, opts, commandId);
  } else {
    const [{renderText}, {withoutHeaders}] = await Promise.all([import('../render/text.js'), import('../render/view.js')]);
    // A terminal shows the current answer only; a pipe gets each answer after a blank line.
    process.stdout.write(process.stdout.isTTY ? '\x1b[H\x1b[2J' : '\n');
    const view = result.view(opts.output === 'wide');
    process.stdout.write(renderText(opts.noHeaders ? withoutHeaders(view) : view, opts.color));
  }
  const {afterOutputNotes, exitCodeOf} = await import('./exit-decision.js');
  process.stderr.write(afterOutputNotes(result.report, opts));
  return exitCodeOf(result.report, opts);
}

function sleep(ms: number): Promise<void> {
  return new Promise((res) => setTimeout(res, ms));
}
