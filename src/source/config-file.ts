// The config file: `.kubectl-win.yaml` in the working directory, or `--config FILE` (docs/ci.md,
// "Suppressions"; the CLI decides which). Read and checked before the command reads anything else: a malformed file, an
// unknown key or a bad pattern is exit 2 naming the file and line. Which check ids a pattern may
// name is judged by the CLI against the catalogue (src/report/suppress.ts), not here.
import {isSeq, type Node} from 'yaml';
import {globProblem} from '../util/glob.js';
import {readSettingsFile, type YamlPlace} from './versioned-yaml.js';
import type {IgnoreRule} from '../options.js';

interface ConfigFile {
  file: string;
  ignore: IgnoreRule[];
}

const RULE_KEYS = ['checks', 'namespaces', 'kinds', 'names', 'reason'] as const;

/** The config file at `path` (`file`: its name in messages). */
export function readConfigFile(path: string, file = path): ConfigFile {
  const {place, top} = readSettingsFile(path, 'Config', ['ignore'], file);
  const list = top.get('ignore');
  if (list === undefined || list === null) return {file: place.file, ignore: []};
  if (!isSeq(list)) throw place.problem(list, 'ignore must be a list of rules');
  return {file: place.file, ignore: list.items.map((item) => ignoreRule(place, item as Node))};
}

function ignoreRule(place: YamlPlace, node: Node): IgnoreRule {
  const entries = place.entries(place.map(node, 'an ignore rule'), 'an ignore rule', RULE_KEYS);
  const checks = entries.get('checks');
  if (checks === undefined) throw place.problem(node, 'an ignore rule needs checks (check ids, e.g. lint/subpath-mount or lint/*)');
  const reason = entries.get('reason');
  if (reason === undefined) throw place.problem(node, 'an ignore rule needs a reason (it is printed with every finding it suppresses)');
  const rule: IgnoreRule = {checks: patterns(place, checks, 'checks'), reason: place.string(reason, 'reason'), line: place.lineOf(node)};
  for (const key of ['namespaces', 'kinds', 'names'] as const) {
    const value = entries.get(key);
    if (value !== undefined) rule[key] = patterns(place, value, key);
  }
  return rule;
}

function patterns(place: YamlPlace, node: Node | null, what: string): string[] {
  const list = place.strings(node, what);
  for (const p of list) {
    const problem = globProblem(p);
    if (problem) throw place.problem(node, `${what}: "${p}": ${problem}`);
  }
  return list;
}
