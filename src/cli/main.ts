// The CLI entry: oclif with an explicit command registry. The root plugin is built here from the
// package.json we are given and the COMMANDS object, so oclif never scans directories, never
// resolves a module path, and works the same from a built checkout (bin/run.js) and from the
// self-contained executable (src/cli/standalone.ts), where there is no package.json on disk.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {Config, flush, handle, Plugin, run as oclifRun} from '@oclif/core';
import {COMMANDS} from '../../commands/registry.js';

// oclif's PJSON type is looser than a package.json literal; only name, version and oclif matter.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: oclif's own type for it is not exported
export type PackageJson = any;

/** The oclif Config with the root plugin pre-seeded with COMMANDS (no module loading by path). */
export async function loadConfig(root: string, packageJson: PackageJson): Promise<Config> {
  // Without `engines`, oclif skips its semver check of the running Node at every start (~4 ms);
  // npm enforces engines at install time, and the release executable embeds its runtime.
  const {engines: _engines, ...pjson} = packageJson;
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

/**
 * oclif's "command psp:readiness:web not found" as one kubectl-style line: a command that takes no
 * arguments given one, or an unknown command.
 */
export function unknownCommand(err: unknown): string | undefined {
  const m = /^command (\S+) not found$/.exec((err as Error | undefined)?.message ?? '');
  if (!m) return undefined;
  const words = m[1].split(':');
  if (words[0].startsWith('-')) return `error: unknown flag: ${words[0]}; run kubectl win --help for the flags`;
  for (let n = words.length - 1; n > 0; n--) {
    const id = words.slice(0, n).join(':');
    if (id in COMMANDS) {
      const rest = words.slice(n).join(' ');
      return `error: "kubectl win ${words.slice(0, n).join(' ')}" takes no arguments, got "${rest}" (use -n NAMESPACE to choose a namespace); see --help`;
    }
  }
  return `error: unknown command "${words.join(' ')}" for "kubectl win"; run kubectl win --help for the commands`;
}
