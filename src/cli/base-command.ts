// The base of every command, in kubectl's steps (Complete, Validate, Run): parse (each command's
// `this.parse(Cmd)`, so its flags have the types of its own definitions), build options, validate
// (the shared checkInput, then the command's own `validate`: bad flag combinations are exit 2 before
// any read), run the command's `execute`, render the report, set the exit code. Errors become one
// line on stderr and the contract's exit code, never a stack.
// The exit code is chosen here and nowhere else (exitCodeOf: input errors after output, incomplete,
// findings); errors thrown before output are mapped by describeError (2 input, 3 cluster).
import {once} from 'node:events';
import {Command, type Interfaces} from '@oclif/core';
import type {Report} from '../report/types.js';
import type {View} from '../render/view.js';
import {describeError} from './errors.js';
import {InputError} from '../errors.js';
import {ExitCode} from './exit-codes.js';
import {toOptions, type CommonFlagValues} from './flags.js';
import type {CommonOptions} from '../options.js';
import type {NameArgKind} from './validate-input.js';
import type {SnapshotRequest} from '../k8s/snapshot.js';
import type {ItemSink} from '../analyses/types.js';
import type {ItemStream, StreamedFormat} from './item-stream.js';

/** A command's flags and args as oclif types them from the command's own definitions. */
type FlagsOf<C extends typeof Command> = Interfaces.InferredFlags<C['flags']>;
type ArgsOf<C extends typeof Command> = Interfaces.InferredArgs<C['args']>;

/** What `this.parse(Cmd)` gives: the command's typed flags (any of the common ones it has) and args. */
export interface Parsed<C extends typeof Command> {
  flags: FlagsOf<C> & Partial<CommonFlagValues>;
  args: ArgsOf<C>;
  argv: unknown[];
}

export interface RunContext<C extends typeof Command> {
  flags: FlagsOf<C>;
  args: ArgsOf<C>;
  argv: string[];
  opts: CommonOptions;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /**
   * With -o json (not watching): where an analysis may write its items as it makes them
   * (runAnalysis's `items`); a command that reads `report.items` after the run must not pass it on.
   */
  items?: ItemSink;
  /** A config file or a baseline was given: suppressions will judge every finding of the report. */
  suppressionFiles?: boolean;
}

export interface CommandResult<Item = unknown> {
  report: Report<Item>;
  /** The human view (text and terminal); built lazily, only when not -o json|yaml. */
  view: (wide: boolean) => View;
  /** Text output meant for another program (`kubectl win rbac | kubectl apply -f -`): written as is, never laid out by ink. */
  plainText?: () => string;
  /** With plainText: what stderr says after it (kubectl win logs: the nodes that printed nothing, and why). */
  notes?: () => string;
  /** What the command read and from where, for -w/--watch to watch (commands that offer -w). */
  watch?: {request: SnapshotRequest; source: {mode: string}};
}

/**
 * C is the command's own class (`class Qos extends WinCommand<typeof Qos, ...>`), Checked what its
 * validate step hands to execute (the parsed --k8s-version, a timeout, ...).
 */
export abstract class WinCommand<C extends typeof Command, Checked = void> extends Command {
  /** What the positional arguments name, checked with the flags before any read. */
  static nameArgs: NameArgKind = 'workloads';
  /** `return this.parse(Cmd)`: oclif types the flags from Cmd's definitions. */
  protected abstract parseInput(): Promise<Parsed<C>>;
  /** kubectl's Validate: reject what the flags and arguments cannot mean together, before any read. It must not read, print or exit. */
  protected abstract validate(ctx: RunContext<C>): Checked | Promise<Checked>;
  /** kubectl's Run: read, analyse, build the result. It must not print or exit. */
  protected abstract execute(ctx: RunContext<C>, checked: Checked): Promise<CommandResult>;

  async run(): Promise<void> {
    const controller = new AbortController();
    let watching = false;
    let stream: ItemStream | undefined;
    let interrupted = false;
    const onSigint = () => {
      controller.abort();
      // Ctrl-C ends a watch: the last answer stands, with its exit code.
      if (watching) return;
      interrupted = true;
      process.stderr.write('\ninterrupted\n');
      const exit = () => process.exit(ExitCode.interrupted);
      // A YAML document begun on stdout gets its last line first, and the exit waits until it is out
      // (two seconds at most, for a reader that stopped reading).
      if (stream?.abandon(exit)) setTimeout(exit, 2000).unref();
      else exit();
    };
    process.on('SIGINT', onSigint);
    try {
      const parsed = await this.parseInput();
      const argv = parsed.argv.map(String);
      const opts = toOptions(parsed.flags);
      const ctx: RunContext<C> = {flags: parsed.flags, args: parsed.args, argv, opts, signal: controller.signal};
      const {checkInput} = await import('./validate-input.js');
      checkInput(opts, argv, (this.constructor as typeof WinCommand).nameArgs);
      if (opts.fieldSelector !== undefined) (await import('./field-selector-flag.js')).checkFieldSelectorFlag(opts.fieldSelector);
      // Only the commands that offer -w (nodes, gmsa check, why) define it (watchFlag).
      const watch = (parsed.flags as {watch?: boolean}).watch === true;
      if (watch && opts.filenames.length > 0) throw new InputError('error: -w/--watch watches a cluster; it cannot watch manifests (-f)');
      if (watch && (opts.output === 'junit' || opts.output === 'sarif' || opts.output === 'github'))
        throw new InputError(`error: -o ${opts.output} is one document for a CI run: it cannot be combined with -w/--watch`);
      const {readSuppressionFiles, applySuppressionsTo} = await import('./suppressions.js');
      // Only commands that report findings take --config (rbac, for one, does not read the working directory's file).
      const suppressions = 'config' in ((this.constructor as typeof Command).flags ?? {}) ? await readSuppressionFiles(opts) : {};
      const checked = await this.validate(ctx);
      stream = (opts.output === 'json' || opts.output === 'yaml' || opts.output === 'name') && !watch ? await itemStream(opts.output, this.id) : undefined;
      const suppressionFiles = Boolean(suppressions.config || suppressions.baseline);
      const result = await this.execute({...ctx, items: stream ?? (printsNoItems(opts.output) ? DROP_ITEMS : undefined), suppressionFiles}, checked);
      if (interrupted) return;
      await applySuppressionsTo(result.report, suppressions, opts, this.id);
      await emit(result, opts, this.id, this.config.version, stream);
      const {afterOutputNotes, exitCodeOf} = await import('./exit-decision.js');
      process.stderr.write(afterOutputNotes(result.report, opts));
      process.exitCode = exitCodeOf(result.report, opts);
      if (watch && result.watch) {
        watching = true;
        const {watchLoop} = await import('./watch-loop.js');
        process.exitCode = await watchLoop({
          opts,
          commandId: this.id,
          ...result.watch,
          rerun: async () => {
            const again = await this.execute(ctx, checked);
            await applySuppressionsTo(again.report, suppressions, {}, this.id);
            return again;
          },
          signal: controller.signal,
          exitCode: process.exitCode,
        });
      }
    } catch (err) {
      // Interrupted: what was aborted is no error of its own, and the exit is on its way.
      if (interrupted) return;
      stream?.abandon();
      await reportError(err, this.id);
    } finally {
      process.removeListener('SIGINT', onSigint);
    }
  }
}

/** Anything thrown, as one line on stderr and the contract's exit code (parse errors in kubectl's words). */
export async function reportError(err: unknown, commandId?: string): Promise<void> {
  const {parseErrorLine} = await import('./usage-words.js');
  const parseLine = parseErrorLine(err, commandId);
  if (parseLine) {
    process.stderr.write(`${parseLine}\n`);
    process.exitCode = ExitCode.usage;
    return;
  }
  const {message, exitCode} = describeError(err);
  process.stderr.write(`${/^error:/i.test(message) ? message : `error: ${message}`}\n`);
  if (process.env.KUBECTL_WIN_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exitCode = exitCode;
}

/** -o sarif and -o github: the report for a CI system; SARIF says whether the run was complete, as the exit code will. */
async function ciOutput(report: Report, opts: CommonOptions, commandId = '', toolVersion = '0.0.0'): Promise<Iterable<string>> {
  if (opts.output === 'github') return [(await import('../render/github.js')).renderGithub(report)];
  const [{sarifChunks}, {exitCodeOf}, {sarifFixes}] = await Promise.all([
    import('../render/sarif.js'),
    import('./exit-decision.js'),
    import('./sarif-fixes.js'),
  ]);
  const code = exitCodeOf(report, opts);
  const executionSuccessful = code !== ExitCode.usage && code !== ExitCode.incomplete;
  const fixes = sarifFixes(report, opts.namespace ?? 'default');
  return sarifChunks(report, {version: toolVersion, command: commandId, cwd: process.cwd(), executionSuccessful, fixes});
}

/** A document written piece by piece: the whole of it as one string was the peak of memory on large clusters. */
async function writeChunks(chunks: Iterable<string>): Promise<void> {
  const {collectGarbageSoon} = await import('../util/gc-hint.js');
  let written = 0;
  for (const chunk of chunks) {
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
    // The release executable collects during long writes only when told (util/gc-hint.ts).
    if (++written % 10 === 0) collectGarbageSoon();
  }
}

let stdoutGuarded = false;

/**
 * A reader that stops early (`kubectl win qos -A | head`) closes the pipe: stop quietly with
 * SIGPIPE's shell code, as kubectl does, instead of reporting the write error as a cluster error.
 */
function quietOnClosedPipe(): void {
  if (stdoutGuarded) return;
  stdoutGuarded = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(ExitCode.brokenPipe);
    throw err;
  });
}

/**
 * -o sarif, github and junit print a report's findings, reads and skipped checks, never its items
 * (junit reads doctor's, which are made at the end, not handed over): the items an analysis hands
 * over during the pass are let go at once, as -o json writes them, instead of held to the end.
 */
function printsNoItems(output: CommonOptions['output']): boolean {
  return output === 'sarif' || output === 'github' || output === 'junit';
}

const DROP_ITEMS: ItemSink = {write: () => undefined};

/** -o json's, -o yaml's and -o name's item stream; it may write during the run, so a reader that stops early is handled from here. */
async function itemStream(format: StreamedFormat, commandId: string | undefined): Promise<ItemStream> {
  quietOnClosedPipe();
  return new (await import('./item-stream.js')).ItemStream(format, process.stdout, undefined, commandId);
}

/** Data on stdout; -o json|yaml is the envelope only, so it always parses. */
export async function emit(result: CommandResult, opts: CommonOptions, commandId?: string, toolVersion?: string, stream?: ItemStream): Promise<void> {
  quietOnClosedPipe();
  if (opts.output === 'sarif' || opts.output === 'github') {
    await writeChunks(await ciOutput(result.report, opts, commandId, toolVersion));
    return;
  }
  if (stream?.started) {
    await stream.finish(result.report);
    return;
  }
  if (opts.output === 'name') {
    const {objectNames} = await import('./name-output.js');
    process.stdout.write(objectNames(result.report, commandId));
    return;
  }
  if (opts.output === 'json' || opts.output === 'yaml') {
    const [{dataChunks}, {collectGarbageNow}] = await Promise.all([import('../render/data.js'), import('../util/gc-hint.js')]);
    if (result.report.items.length + result.report.findings.length > 10_000) collectGarbageNow();
    await writeChunks(dataChunks(result.report, opts.output));
    return;
  }
  if (opts.output === 'junit') {
    const [{junitChunks}, {commandLine}] = await Promise.all([import('../render/junit.js'), import('./usage-words.js')]);
    await writeChunks(junitChunks(result.report, {command: commandLine(commandId), failOn: opts.failOn}));
    return;
  }
  if (result.plainText) {
    process.stdout.write(result.plainText());
    if (result.notes) process.stderr.write(result.notes());
    return;
  }
  const [{outputWidth}, {rendersWithInk, withoutHeaders}] = await Promise.all([import('../render/fit.js'), import('../render/view.js')]);
  const wholeView = result.view(opts.output === 'wide');
  const view = opts.noHeaders ? withoutHeaders(wholeView) : wholeView;
  const width = outputWidth(process.stdout, process.env);
  if (!opts.noHeaders && rendersWithInk(view, Boolean(process.stdout.isTTY))) {
    const {renderTty} = await import('../render/tty.js');
    await renderTty(view, opts.color, width);
    return;
  }
  const {textChunks} = await import('../render/text.js');
  await writeChunks(textChunks(view, opts.color, width));
}
