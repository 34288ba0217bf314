// The command tree completion walks, read from the oclif registry's static metadata (ids, flags,
// summaries), so a new command or flag completes without a line here.
import type {NameArgKind} from '../validate-input.js';

/** One flag as completion sees it. */
export interface FlagSpec {
  name: string;
  char?: string;
  /** false for booleans: the next word is not its value. */
  takesValue: boolean;
  /** Repeatable flags are offered again after they are given (cobra does the same for slices). */
  multiple: boolean;
  options?: readonly string[];
  description?: string;
}

export interface CommandSpec {
  /** `['gmsa', 'check']` */
  words: string[];
  summary?: string;
  flags: FlagSpec[];
  /** What the positional arguments name: the base command's nameArgs, else none. */
  nameArgs: NameArgKind;
}

export interface CommandTree {
  commands: CommandSpec[];
  /** Topic descriptions (package.json oclif.topics), for `kubectl win g<TAB>`. */
  topics: Record<string, string>;
}

/** The part of an oclif command class completion reads. */
export interface CommandClassLike {
  summary?: string;
  description?: string;
  hidden?: boolean;
  nameArgs?: NameArgKind;
  flags?: Record<
    string,
    {char?: string; type?: string; multiple?: boolean; options?: readonly string[]; description?: string; summary?: string; hidden?: boolean}
  >;
}

export function treeOf(registry: Record<string, CommandClassLike>, topics: Record<string, string> = {}): CommandTree {
  const commands = Object.entries(registry)
    .filter(([, cmd]) => !cmd.hidden)
    .map(([id, cmd]) => ({
      words: id.split(':'),
      summary: cmd.summary ?? cmd.description,
      nameArgs: cmd.nameArgs ?? 'none',
      flags: Object.entries(cmd.flags ?? {})
        .filter(([, f]) => !f.hidden)
        .map(([name, f]) => ({
          name,
          char: f.char,
          takesValue: f.type !== 'boolean',
          multiple: Boolean(f.multiple),
          options: f.options,
          description: f.summary ?? f.description,
        })),
    }));
  return {commands, topics};
}

/** The command named by exactly these words. */
export function findCommand(tree: CommandTree, words: string[]): CommandSpec | undefined {
  return tree.commands.find((c) => c.words.length === words.length && c.words.every((w, i) => w === words[i]));
}

/** The next words after `prefix` that lead to a command (a topic or a command), with a description. */
export function nextWords(tree: CommandTree, prefix: string[]): Array<{word: string; description?: string}> {
  const seen = new Map<string, string | undefined>();
  for (const c of tree.commands) {
    if (c.words.length <= prefix.length || !prefix.every((w, i) => c.words[i] === w)) continue;
    const word = c.words[prefix.length];
    const isLeaf = c.words.length === prefix.length + 1;
    const topic = tree.topics[[...prefix, word].join(':')];
    if (!seen.has(word) || isLeaf) seen.set(word, isLeaf ? c.summary : (topic ?? seen.get(word)));
  }
  return [...seen].map(([word, description]) => ({word, description}));
}
