// NodeLogsReport -> what the terminal shows: the entries on stdout, each line prefixed with its
// node's name (as `kubectl logs --prefix` names its pod), and on stderr, after them, one paragraph
// per node that printed nothing: why, and what would make it work.
import type {Report} from '../../report/types.js';
import {standardSections, type Section, type View} from '../../render/view.js';
import type {NodeLogItem} from './node-result.js';
import {pushAll} from '../../util/arrays.js';

/** `NODE line` for every entry, node after node. */
export function logsText(report: Report<NodeLogItem>): string {
  let out = '';
  for (const item of report.items) for (const line of item.lines) out += `${item.node} ${line}\n`;
  return out;
}

/** The notes after the entries: nodes with nothing that matched, and each finding with its remedy. */
export function logsNotes(report: Report<NodeLogItem>): string {
  const lines: string[] = [];
  for (const item of report.items) if (item.status === 'no-entries') lines.push(`${item.node}: no entries matched`);
  for (const f of report.findings) {
    lines.push(`${f.severity}: ${f.message} [${f.id}]`);
    if (!f.remedy) continue;
    for (const l of f.remedy.text.split('\n')) lines.push(`  ${l}`);
    if (!f.remedy.manifest) continue;
    const manifest = f.remedy.manifest.trimEnd().split('\n');
    pushAll(lines, ['  kubectl apply -f - <<EOF', ...manifest.map((l) => `  ${l}`), '  EOF']);
  }
  return lines.map((l) => `${l}\n`).join('');
}

/** The same as a View (for renderers that draw one): the entries, then the standard sections. */
export function logsView(report: Report<NodeLogItem>, wide: boolean): View {
  const sections: Section[] = report.items
    .filter((i) => i.lines.length > 0)
    .map((i) => ({type: 'lines' as const, title: `Node ${i.node}`, lines: i.lines.map((text) => ({text, verbatim: true}))}));
  pushAll(sections, standardSections(report, report.items.length === 1 ? 'node' : 'nodes', report.items.length, wide));
  return {sections};
}
