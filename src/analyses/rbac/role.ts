// Needs -> one ClusterRole: rules merged per topic and verbs (one comment each saying why and for
// which commands), the report `kubectl win rbac -o json|yaml` prints, and the plain manifest its text
// output is, for `kubectl apply -f -`.
import {Document, isMap, isSeq} from 'yaml';
import {makeReport} from '../../report/build.js';
import type {Report} from '../../report/types.js';
import {needsOf, READ_ONLY_COMMANDS, type Need, type RbacCommand} from './needs.js';

/** One rule of the role, as the report lists it. */
interface RbacRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  why: string;
  /** The commands that use it. */
  commands: RbacCommand[];
  /** Only with --optional: what it adds (and what happens without it). */
  optional?: string;
}

export interface ClusterRoleObject {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: 'ClusterRole';
  metadata: {name: string; labels: Record<string, string>};
  rules: Array<{apiGroups: string[]; resources: string[]; verbs: string[]}>;
}

interface RbacReport extends Report<RbacRule> {
  /** The commands the role is for. */
  commands: RbacCommand[];
  optionalIncluded: boolean;
  /** How many optional rules --optional would add (0 when included). */
  optionalLeftOut: number;
  /** The role itself, ready for kubectl apply (also the text output, with comments). */
  clusterRole: ClusterRoleObject;
}

interface RoleOptions {
  /** A command, or undefined for every read-only command. */
  command?: RbacCommand;
  name?: string;
  optional: boolean;
}

function defaultRoleName(command?: RbacCommand): string {
  return command ? `kubectl-win-${command.replace(/ /g, '-')}` : 'kubectl-win';
}

/** The rules for these commands: needs merged by topic, group, verbs and optionality, in first-seen order. */
function rulesFor(commands: readonly RbacCommand[], optional: boolean): RbacRule[] {
  const rules = new Map<string, RbacRule>();
  for (const command of commands) {
    for (const need of needsOf(command)) {
      if (need.optional !== undefined && !optional) continue;
      const key = `${need.topic}|${need.group}|${need.verbs.join(',')}|${need.optional !== undefined}`;
      const rule = rules.get(key) ?? newRule(need);
      rules.set(key, rule);
      for (const r of need.resources) if (!rule.resources.includes(r)) rule.resources.push(r);
      if (!rule.commands.includes(command)) rule.commands.push(command);
    }
  }
  return [...rules.values()];
}

function newRule(need: Need): RbacRule {
  return {
    apiGroups: [need.group],
    resources: [],
    verbs: [...need.verbs],
    why: need.why,
    commands: [],
    ...(need.optional !== undefined ? {optional: need.optional} : {}),
  };
}

function clusterRoleOf(name: string, rules: readonly RbacRule[]): ClusterRoleObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: {name, labels: {'app.kubernetes.io/name': 'kubectl-win'}},
    rules: rules.map((r) => ({apiGroups: r.apiGroups, resources: r.resources, verbs: r.verbs})),
  };
}

export function rbacReport(opts: RoleOptions): RbacReport {
  const commands = opts.command ? [opts.command] : [...READ_ONLY_COMMANDS];
  const rules = rulesFor(commands, opts.optional);
  const optionalLeftOut = opts.optional ? 0 : rulesFor(commands, true).length - rules.length;
  const report = makeReport<RbacRule>('RBACReport', {type: 'none'}, rules, []);
  return {...report, commands, optionalIncluded: opts.optional, optionalLeftOut, clusterRole: clusterRoleOf(opts.name ?? defaultRoleName(opts.command), rules)};
}

const COMMENT_WIDTH = 78;

/** Prose as comment lines of at most COMMENT_WIDTH characters (yaml adds the `#`). */
function wrapComment(text: string, width = COMMENT_WIDTH): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = '';
    }
    line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => ` ${l}`).join('\n');
}

function ruleComment(rule: RbacRule): string {
  const who = `(${rule.commands.map((c) => `kubectl win ${c}`).join(', ')})`;
  const text = rule.optional !== undefined ? `OPTIONAL: ${rule.why}. Adds: ${rule.optional}. ${who}` : `${rule.why}. ${who}`;
  return wrapComment(text);
}

function optionalNote(report: RbacReport): string {
  if (report.optionalIncluded) return report.items.some((r) => r.optional !== undefined) ? ', with the optional ones marked OPTIONAL' : '';
  const n = report.optionalLeftOut;
  return n === 0 ? '' : `; ${n} optional permission${n === 1 ? '' : 's'} left out (--optional adds ${n === 1 ? 'it' : 'them'}, each saying what it gives)`;
}

function headerComment(report: RbacReport): string {
  const name = report.clusterRole.metadata.name;
  const what = report.commands.length === 1 ? `kubectl win ${report.commands[0]}` : `every read-only kubectl win command (${report.commands.join(', ')})`;
  return [
    wrapComment(`The permissions ${what} needs${optionalNote(report)}.`),
    wrapComment(`Generated by kubectl win rbac from what the checks read. Bind it, e.g.:`),
    ` kubectl create clusterrolebinding ${name} --clusterrole=${name} --user=NAME`,
  ].join('\n');
}

/** The ClusterRole as YAML `kubectl apply -f -` accepts, a comment before each rule saying why. */
export function roleManifest(report: RbacReport): string {
  const doc = new Document(report.clusterRole);
  doc.commentBefore = headerComment(report);
  const rules = doc.get('rules');
  if (!isSeq(rules)) throw new Error('a ClusterRole has rules');
  rules.items.forEach((item, i) => {
    if (!isMap(item)) return;
    const rule = report.items[i];
    // A reason spanning API groups (workloads in "", apps and batch) is said once.
    const same = i > 0 && report.items[i - 1].why === rule.why && report.items[i - 1].optional === rule.optional;
    item.commentBefore = same ? ' the same, in this API group' : ruleComment(rule);
    for (const key of ['apiGroups', 'resources', 'verbs']) {
      const seq = item.get(key, true);
      if (isSeq(seq)) seq.flow = true;
    }
  });
  return doc.toString({lineWidth: 0, flowCollectionPadding: false});
}
