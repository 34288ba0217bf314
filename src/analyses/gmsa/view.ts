// GMSAReport -> the human view: one row per (workload, credential spec) reference with the answer
// the webhook would get, then why each denial happens and the manifest that fixes it, then findings.
import type {Report} from '../../report/types.js';
import {standardSections, type Cell, type Section, type View} from '../../render/view.js';
import type {GmsaItem} from './analysis.js';
import {pushAll} from '../../util/arrays.js';
import {logsCommand} from '../logs/presets.js';

function canUseCell(i: GmsaItem): Cell {
  if (i.canUse === null) return {text: 'unknown', tone: 'warning'};
  return i.canUse ? {text: 'yes', tone: 'ok'} : {text: 'no', tone: 'error'};
}

function boolCell(v: boolean | null, yes = 'yes', no = 'no'): Cell {
  if (v === null) return {text: '-', tone: 'dim'};
  return v ? {text: yes, tone: 'ok'} : {text: no, tone: 'error'};
}

/**
 * The apiserver's RBAC reason with its names as kubectl prints them: the authorizer writes a
 * namespaced name as `"name/namespace"` (plugin/pkg/auth/authorizer/rbac/rbac.go, authorizingVisitor),
 * which reads backwards; text output says `namespace/name`. -o json keeps the reason word for word.
 */
export function grantText(grantedBy: string): string {
  return grantedBy.replace(/^RBAC: allowed by /, '').replace(/\b(RoleBinding|ServiceAccount|User|Group) "([^"/]+)\/([^"]+)"/g, '$1 "$3/$2"');
}

/**
 * The RBAC reason, short for the table: `RBAC: allowed by RoleBinding "b/ns" of ClusterRole "r" to
 * ServiceAccount "sa/ns"` becomes `RoleBinding ns/b (ClusterRole r)`: the row already names the
 * service account. -o wide prints the whole reason (grantText), -o json the apiserver's words.
 */
export function shortGrant(grantedBy: string): string {
  const m = /^(?:RBAC: allowed by )?(RoleBinding|ClusterRoleBinding) "([^"/]+)(?:\/([^"]*))?" of (Role|ClusterRole) "([^"]+)"/.exec(grantedBy);
  return m ? `${m[1]} ${m[3] ? `${m[3]}/` : ''}${m[2]} (${m[4]} ${m[5]})` : grantText(grantedBy);
}

/**
 * Whether the webhook looks at these pods, in the words of what happens: `opted out` (a selector
 * skips them), `no endpoints` (it would, but nothing answers behind its Service), `yes`.
 */
function webhookCell(i: GmsaItem, noEndpoints: boolean): Cell {
  if (i.webhook.mutating === null && i.webhook.validating === null) return boolCell(null);
  if (i.webhook.mutating === false || i.webhook.validating === false) return {text: 'opted out', tone: 'error'};
  return noEndpoints ? {text: 'no endpoints', tone: 'error'} : {text: 'yes', tone: 'ok'};
}

export function gmsaView(report: Report<GmsaItem>, wide: boolean): View {
  const columns = ['namespace', 'object', 'service account', 'credential spec', 'exists', 'webhook', 'can use', 'granted by'];
  if (wide) columns.push('containers', 'via');
  const noEndpoints = report.findings.some((f) => f.id === 'gmsa/webhook-no-endpoints');
  const rows: Cell[][] = report.items.map((i) => {
    const webhook = webhookCell(i, noEndpoints);
    const row: Cell[] = [
      i.namespace,
      `${i.kind.toLowerCase()}/${i.name}`,
      i.serviceAccount,
      i.credentialSpec,
      boolCell(i.credentialSpecExists),
      webhook,
      canUseCell(i),
      i.grantedBy ? (wide ? grantText(i.grantedBy) : shortGrant(i.grantedBy)) : {text: '<none>', tone: i.canUse === false ? 'error' : 'dim'},
    ];
    if (wide) row.push(i.containers.join(',') || '-', i.via ?? '-');
    return row;
  });
  const sections: Section[] = [{type: 'table', columns, rows}];
  // One explanation and fix per distinct denied question.
  const seen = new Set<string>();
  for (const i of report.items) {
    if (i.canUse !== false) continue;
    const key = `${i.namespace}/${i.serviceAccount}/${i.credentialSpec}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const lines: Cell[] = [];
    for (const d of i.denial ?? []) lines.push({text: `- ${d.message}`, tone: 'warning'});
    if (i.reason) lines.push({text: `apiserver reason: ${i.reason}`, tone: 'dim'});
    if (i.fix)
      pushAll(lines, [
        'fix (kubectl apply -f -):',
        ...i.fix
          .trimEnd()
          .split('\n')
          .map((l) => `  ${l}`),
      ]);
    sections.push({
      type: 'lines',
      title: `ServiceAccount ${i.namespace}/${i.serviceAccount} may not use GMSACredentialSpec ${i.credentialSpec}${i.via === 'evaluator' ? ' (answered by the local RBAC evaluator)' : ''}`,
      lines,
    });
  }
  const nodes = [...new Set(report.items.map((i) => i.node).filter((n): n is string => n !== undefined))].sort();
  if (nodes.length > 0)
    sections.push({
      type: 'lines',
      title: "Container Credential Guard on the pods' nodes",
      lines: [{text: logsCommand(nodes.slice(0, 10), 'gmsa'), verbatim: true}],
    });
  pushAll(sections, standardSections(report, report.items.length === 1 ? 'reference' : 'references', report.items.length, wide));
  return {sections};
}
