// `kubectl win __complete WORDS... CURRENT`: the hidden command the shell scripts and kubectl's
// plugin completion (through kubectl_complete-win) call, as cobra's hidden __complete command is
// (spf13/cobra completions.go). It prints candidates and a `:<directive>` line, and nothing else:
// every failure is an empty answer, exit 0, so a TAB never prints an error into the command line.
import {COMMANDS} from '../../../commands/registry.js';
import {Directive, formatCompletion, type Completion} from './directive.js';
import {complete} from './engine.js';
import {liveLists} from './live.js';
import {treeOf, type CommandClassLike} from './tree.js';

/** `argv[0]` is `__complete`, or `__completeNoDesc` for candidates without descriptions (cobra's two names). */
export async function runCompletionRequest(argv: string[], topics: Record<string, string> = {}): Promise<void> {
  const withDescriptions = argv[0] === '__complete';
  let result: Completion;
  try {
    const tree = treeOf(COMMANDS as unknown as Record<string, CommandClassLike>, topics);
    result = await complete(tree, argv.slice(1), liveLists);
  } catch (err) {
    if (process.env.KUBECTL_WIN_DEBUG) process.stderr.write(`completion: ${(err as Error).stack}\n`);
    result = {candidates: [], directive: Directive.error};
  }
  await new Promise<void>((resolve) => process.stdout.write(formatCompletion(result, withDescriptions), () => resolve()));
  // A kept-alive connection to the apiserver must not hold the shell's TAB for its idle timeout.
  process.exit(0);
}
