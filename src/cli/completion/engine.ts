// What to offer for the word under the cursor: cobra's __complete logic
// (spf13/cobra completions.go getCompletions) over our command tree. Pure but for `Lists`, which
// answers the names that come from the world (the cluster, the kubeconfig, the analyses).
import {TARGET_NAMES} from '../../k8s/windows-compat.js';
import {parseNameArg} from '../../source/name-args.js';
import type {ResourceName} from '../../k8s/resources.js';
import {TESTED_MINORS} from '../../k8s/minor-versions.js';
import {Directive, type Candidate, type Completion} from './directive.js';
import {VALIDATE_VALUES} from '../flags.js';
import {SHELLS} from './scripts.js';
import type {CommonOptions} from '../../options.js';
import {findCommand, nextWords, type CommandSpec, type CommandTree, type FlagSpec} from './tree.js';

/** Where the live names come from: what the words typed so far say (as kubectl completion honours them). */
export type LiveScope = Pick<CommonOptions, 'kubeconfig' | 'context' | 'cluster' | 'user' | 'namespace' | 'allNamespaces'>;

export type KubeconfigList = 'contexts' | 'clusters' | 'users';
export type ClusterList = 'namespaces' | 'nodes' | ResourceName;

export interface Lists {
  /** Names in the kubeconfig (no request). */
  kubeconfig(what: KubeconfigList, scope: LiveScope): Promise<string[]>;
  /** Names of one kind in the cluster: one list request; none on any failure. */
  cluster(what: ClusterList, scope: LiveScope): Promise<string[]>;
  /** The analyses `doctor --analyses` takes. */
  analyses(): Promise<string[]>;
  /** The commands `rbac` takes (`gmsa check` is two words). */
  rbacCommands(): Promise<readonly string[]>;
}

/**
 * The `kind/` prefixes offered for a POD argument: the kinds parseNameArg accepts, as kubectl's
 * doPodResourceCompletion offers its resourcesWithPods (k8s.io/kubectl pkg/util/completion/completion.go).
 */
const WORKLOAD_PREFIXES = ['cronjobs', 'daemonsets', 'deployments', 'jobs', 'pods', 'replicasets', 'replicationcontrollers', 'statefulsets'];

/** kubectl's completion for -f (k8s.io/kubectl pkg/cmd/util/helpers.go AddFilenameOptionFlags). */
const MANIFEST_EXTENSIONS = ['json', 'yaml', 'yml'];

/** The words typed before the cursor, understood. */
interface Parsed {
  /** The command path typed so far (complete or not). */
  path: string[];
  command?: CommandSpec;
  /** Flag name -> values given (booleans get ''). */
  given: Map<string, string[]>;
  args: string[];
  /** The flag whose value the word under the cursor is (`-n <TAB>`). */
  pendingFlag?: FlagSpec;
  /** After `--`: everything is an argument. */
  argsOnly: boolean;
}

/**
 * `words` are what follows `__complete`: the words before the cursor, then the word under it
 * (empty when the cursor starts a new word), as cobra and kubectl's plugin completion pass them.
 */
export async function complete(tree: CommandTree, words: string[], lists: Lists): Promise<Completion> {
  const toComplete = words.length > 0 ? words[words.length - 1] : '';
  const parsed = parseWords(tree, words.slice(0, -1));
  if (!parsed.command) {
    // A flag before the command, or a word that names none: oclif would not run it either.
    if (toComplete.startsWith('-') || parsed.args.length > 0) return none();
    const next = nextWords(tree, parsed.path).filter((w) => w.word.startsWith(toComplete));
    return {candidates: next.map((w) => ({value: w.word, description: w.description})), directive: Directive.noFileComp};
  }
  const cmd = parsed.command;
  if (parsed.pendingFlag) return flagValue(parsed.pendingFlag, toComplete, parsed, lists);
  if (!parsed.argsOnly && toComplete.startsWith('-')) {
    const eq = toComplete.indexOf('=');
    if (toComplete.startsWith('--') && eq > 0) {
      const flag = cmd.flags.find((f) => f.name === toComplete.slice(2, eq));
      if (!flag?.takesValue) return none();
      const inner = await flagValue(flag, toComplete.slice(eq + 1), parsed, lists);
      // File completion is the shell's, after the `=`: extensions stay extensions.
      if (inner.directive & (Directive.filterFileExt | Directive.filterDirs)) return inner;
      return {...inner, candidates: inner.candidates.map((c) => ({...c, value: `${toComplete.slice(0, eq + 1)}${c.value}`}))};
    }
    return {candidates: flagNames(cmd, parsed, toComplete), directive: Directive.noFileComp};
  }
  return argument(cmd, toComplete, parsed, lists);
}

function none(): Completion {
  return {candidates: [], directive: Directive.noFileComp};
}

function parseWords(tree: CommandTree, words: string[]): Parsed {
  const p: Parsed = {path: [], given: new Map(), args: [], argsOnly: false};
  let i = 0;
  // The command comes first (oclif reads `kubectl win gmsa check ...`, not flags before it).
  for (; i < words.length && nextWords(tree, p.path).some((w) => w.word === words[i]); i++) p.path.push(words[i]);
  p.command = findCommand(tree, p.path);
  if (!p.command) {
    p.args = words.slice(i);
    return p;
  }
  const flags = p.command.flags;
  for (; i < words.length; i++) {
    const w = words[i];
    if (p.argsOnly || !w.startsWith('-') || w === '-') {
      p.args.push(w);
      continue;
    }
    if (w === '--') {
      p.argsOnly = true;
      continue;
    }
    const {flag, inline} = flagOf(flags, w);
    if (!flag) continue;
    if (!flag.takesValue) {
      record(p, flag, '');
    } else if (inline !== undefined) {
      record(p, flag, inline);
    } else if (i + 1 < words.length) {
      record(p, flag, words[++i]);
    } else {
      p.pendingFlag = flag;
    }
  }
  return p;
}

/** `--name`, `--name=v`, `-n`, `-nvalue`. */
function flagOf(flags: FlagSpec[], word: string): {flag?: FlagSpec; inline?: string} {
  if (word.startsWith('--')) {
    const eq = word.indexOf('=');
    const name = eq < 0 ? word.slice(2) : word.slice(2, eq);
    return {flag: flags.find((f) => f.name === name), inline: eq < 0 ? undefined : word.slice(eq + 1)};
  }
  const flag = flags.find((f) => f.char === word[1]);
  return {flag, inline: word.length > 2 && flag?.takesValue ? word.slice(2).replace(/^=/, '') : undefined};
}

function record(p: Parsed, flag: FlagSpec, value: string): void {
  p.given.set(flag.name, [...(p.given.get(flag.name) ?? []), value]);
}

/** cobra's getFlagNameCompletions: `--name` for every flag not given yet, `-c` only for `-` and `-c`. */
function flagNames(cmd: CommandSpec, parsed: Parsed, toComplete: string): Candidate[] {
  const out: Candidate[] = [];
  for (const f of cmd.flags) {
    if (parsed.given.has(f.name) && !f.multiple) continue;
    const long = `--${f.name}`;
    if (long.startsWith(toComplete)) out.push({value: long, description: f.description});
    if (f.char && toComplete.length < 3 && `-${f.char}`.startsWith(toComplete)) out.push({value: `-${f.char}`, description: f.description});
  }
  return out;
}

async function flagValue(flag: FlagSpec, toComplete: string, parsed: Parsed, lists: Lists): Promise<Completion> {
  const scope = scopeOf(parsed);
  const offer = (values: readonly string[], directive: number = Directive.noFileComp): Completion => ({
    candidates: values.filter((v) => v.startsWith(toComplete)).map((value) => ({value})),
    directive,
  });
  if (flag.options) return offer(flag.options);
  switch (flag.name) {
    case 'namespace':
      return offer(await lists.cluster('namespaces', scope));
    case 'context':
      return offer(await lists.kubeconfig('contexts', scope));
    case 'cluster':
      return offer(await lists.kubeconfig('clusters', scope));
    case 'user':
      return offer(await lists.kubeconfig('users', scope));
    case 'k8s-version':
    case 'version':
      return {...offer(k8sVersions()), directive: Directive.noFileComp | Directive.keepOrder};
    case 'validate':
      return {...offer(VALIDATE_VALUES), directive: Directive.noFileComp | Directive.keepOrder};
    case 'analyses':
      return commaList(await lists.analyses(), toComplete);
    case 'filename':
    case 'nodes':
      return {candidates: MANIFEST_EXTENSIONS.map((value) => ({value})), directive: Directive.filterFileExt};
    case 'config':
    case 'baseline':
      return {candidates: ['yaml', 'yml'].map((value) => ({value})), directive: Directive.filterFileExt};
    case 'to':
      return {...offer(TARGET_NAMES), directive: Directive.noFileComp | Directive.keepOrder};
    case 'kubeconfig':
    case 'write-baseline':
      return {candidates: [], directive: Directive.default};
    default:
      return none();
  }
}

/** `--k8s-version`: latest, then the minors the tests prove, newest first. */
function k8sVersions(): string[] {
  const out = ['latest'];
  for (let m = TESTED_MINORS.newest; m >= TESTED_MINORS.oldest; m--) out.push(`v1.${m}`);
  return out;
}

/** `--analyses lint,g<TAB>`: the names not given yet, after what is typed up to the last comma. */
function commaList(names: string[], toComplete: string): Completion {
  const cut = toComplete.lastIndexOf(',') + 1;
  const done = toComplete.slice(0, cut);
  const taken = new Set(done.split(',').filter(Boolean));
  const candidates = names.filter((n) => !taken.has(n) && n.startsWith(toComplete.slice(cut))).map((n) => ({value: `${done}${n}`}));
  // More may follow a comma: no space after the word (the shell then lets the user type `,`).
  return {candidates, directive: Directive.noFileComp | Directive.noSpace};
}

function scopeOf(p: Parsed): LiveScope {
  const last = (name: string) => p.given.get(name)?.at(-1);
  return {
    kubeconfig: last('kubeconfig'),
    context: last('context'),
    cluster: last('cluster'),
    user: last('user'),
    namespace: last('namespace'),
    allNamespaces: p.given.has('all-namespaces'),
  };
}

async function argument(cmd: CommandSpec, toComplete: string, parsed: Parsed, lists: Lists): Promise<Completion> {
  const id = cmd.words.join(':');
  // Offline (-f) the arguments name objects in the manifests, not in the cluster.
  if (parsed.given.has('filename')) return none();
  if (id === 'completion') return parsed.args.length === 0 ? words(SHELLS, toComplete) : none();
  if (id === 'rbac') return rbacArgument(await lists.rbacCommands(), parsed.args, toComplete);
  if (id === 'gmsa:nltest' && parsed.args.length > 0) return none(); // one target
  if (cmd.nameArgs === 'nodes') return words(await lists.cluster('nodes', scopeOf(parsed)), toComplete);
  if (cmd.nameArgs === 'workloads') return podOrWorkload(toComplete, scopeOf(parsed), lists);
  return none();
}

function words(values: readonly string[], toComplete: string): Completion {
  return {candidates: values.filter((v) => v.startsWith(toComplete)).map((value) => ({value})), directive: Directive.noFileComp};
}

/** `rbac gmsa <TAB>`: the commands are one or two words. */
function rbacArgument(commands: readonly string[], args: string[], toComplete: string): Completion {
  const typed = args.join(' ');
  const next = new Set<string>();
  for (const c of commands) {
    const parts = c.split(' ');
    if (args.length === 0 || (parts.length > args.length && parts.slice(0, args.length).join(' ') === typed)) next.add(parts[args.length]);
  }
  return words([...next], toComplete);
}

/** kubectl's doPodResourceCompletion: pod names and `kind/` prefixes, or `kind/name` after a slash. */
async function podOrWorkload(toComplete: string, scope: LiveScope, lists: Lists): Promise<Completion> {
  const slash = toComplete.indexOf('/');
  if (slash < 0) {
    const pods = await lists.cluster('pods', scope);
    const candidates = [...pods, ...WORKLOAD_PREFIXES.map((k) => `${k}/`)].filter((v) => v.startsWith(toComplete)).map((value) => ({value}));
    // Only `kind/` left: no space after the slash, so the name can follow.
    const onlyPrefixes = candidates.every((c) => c.value.endsWith('/'));
    return {candidates, directive: Directive.noFileComp | (onlyPrefixes ? Directive.noSpace : 0)};
  }
  const kind = toComplete.slice(0, slash);
  let resource: ResourceName;
  try {
    resource = parseNameArg(`${kind}/x`).resource;
  } catch {
    return none();
  }
  const names = await lists.cluster(resource, scope);
  const rest = toComplete.slice(slash + 1);
  return {candidates: names.filter((n) => n.startsWith(rest)).map((n) => ({value: `${kind}/${n}`})), directive: Directive.noFileComp};
}
