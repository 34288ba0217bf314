// The CLI entry: oclif with an explicit command registry. The root plugin is built here from the
// package.json we are given and the COMMANDS object, so oclif never scans directories, never
// resolves a module path, and works the same from a built checkout (bin/run.js) and from the
// self-contained executable (src/cli/standalone.ts), where there is no package.json on disk.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {Config, flush, handle, Plugin, run as oclifRun} from '@oclif/core';
import {COMMANDS} from '../../commands/registry.js';
import {noArgumentsLine, unknownCommandLine, unknownFlagLine} from './usage-words.js';
import {userAgent} from './user-agent.js';

// oclif's PJSON type is looser than a package.json literal; only name, version and oclif matter.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: oclif's own type for it is not exported
type PackageJson = any;

/** The oclif Config with the root plugin pre-seeded with COMMANDS (no module loading by path). */
async function loadConfig(root: string, packageJson: PackageJson): Promise<Config> {
  // Without `engines`, oclif skips its semver check of the running Node at every start (~4 ms);
  // npm enforces engines at install time, and the release executable embeds its runtime.
  const {engines: _engines, ...rest} = packageJson;
  // USAGE lines say how it is run (`kubectl win ...`), and -h is help, as in kubectl.
  const pjson = {...rest, oclif: {...rest.oclif, bin: 'kubectl win', additionalHelpFlags: ['-h']}};
  const plugin = new Plugin({root, isRoot: true, pjson, ignoreManifest: true});
  // Plugin.loadCommandsFromTarget returns this cache when set; the explicit strategy would
  // otherwise import package.json's oclif.commands.target by path.
  (plugin as unknown as {commandCache: unknown}).commandCache = COMMANDS;
  await plugin.load();
  return Config.load({root, pjson, plugins: new Map([[plugin.name, plugin]])});
}

export async function run(argv: string[], root: string, pjson?: PackageJson): Promise<void> {
  try {
    const pkg = pjson ?? JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    // The shells' hidden completion request, answered before oclif parses anything (a TAB is fast).
    if (argv[0] === '__complete' || argv[0] === '__completeNoDesc') return (await import('./completion/run.js')).runCompletionRequest(argv, topicsOf(pkg));
    const config = await loadConfig(root, pkg);
    // oclif's own answer to a first argument of --version, with the runtime named truly (user-agent.ts).
    if (argv[0] === '--version') {
      process.stdout.write(`${userAgent(config.name, config.version, `${config.platform}-${config.arch}`)}\n`);
      return;
    }
    const mistake = usageMistake(argv, new Set(Object.keys(COMMANDS)));
    if (mistake) {
      process.stderr.write(`${mistake}\n`);
      process.exitCode = 2;
      return;
    }
    // `kubectl win help [COMMAND...]` as kubectl has it: the command's --help.
    const args = argv[0] === 'help' ? [...argv.slice(1), '--help'] : argv;
    await oclifRun(args.length === 0 ? ['--help'] : args, config);
    await flush();
  } catch (err) {
    const unknown = unknownCommand(err);
    if (unknown) {
      process.stderr.write(`${unknown}\n`);
      process.exitCode = 2;
      return;
    }
    await handle(err as Error);
  }
}

function topicsOf(pkg: PackageJson): Record<string, string> {
  const topics = (pkg.oclif?.topics ?? {}) as Record<string, {description?: string}>;
  return Object.fromEntries(Object.entries(topics).map(([name, t]) => [name, t.description ?? '']));
}

/** The command ids and topics (`gmsa`, `psp`) the words name. */
function topicIdsOf(ids: Set<string>): Set<string> {
  const topics = new Set<string>();
  for (const id of ids) {
    const words = id.split(':');
    for (let n = 1; n < words.length; n++) topics.add(words.slice(0, n).join(':'));
  }
  return topics;
}

/**
 * Mistakes oclif would answer with help or its own words: `help foo` (an unknown command), and a
 * flag after a topic (`gmsa --x`, where only -h/--help mean anything). One line each, exit 2.
 */
export function usageMistake(argv: string[], ids: Set<string>): string | undefined {
  const topics = topicIdsOf(ids);
  const isHelp = argv[0] === 'help';
  const words: string[] = [];
  const rest = isHelp ? argv.slice(1) : argv;
  let i = 0;
  for (; i < rest.length && !rest[i].startsWith('-'); i++) words.push(rest[i]);
  const id = words.join(':');
  if (isHelp) {
    // As kubectl's `help get pods`: a command followed by more words is that command's help.
    const known = words.some((_, n) => ids.has(words.slice(0, n + 1).join(':')));
    return words.length === 0 || known || topics.has(id) ? undefined : unknownCommandLine(words);
  }
  if (topics.has(id) || words.length === 0) {
    const flag = rest.slice(i).find((a) => a.startsWith('-') && a !== '--help' && a !== '-h');
    if (flag && flag !== '--version') return unknownFlagLine(flag.split('=')[0], id || undefined);
  }
  return undefined;
}

/**
 * oclif's "command psp:readiness:web not found" as one kubectl-style line: a command that takes no
 * arguments given one, or an unknown command.
 */
export function unknownCommand(err: unknown): string | undefined {
  const m = /^command (\S+) not found$/.exec((err as Error | undefined)?.message ?? '');
  if (!m) return undefined;
  const words = m[1].split(':');
  if (words[0].startsWith('-')) return unknownFlagLine(words[0]);
  for (let n = words.length - 1; n > 0; n--) {
    const id = words.slice(0, n).join(':');
    if (id in COMMANDS) return noArgumentsLine(id, words.slice(n).join(' '));
  }
  return unknownCommandLine(words);
}
