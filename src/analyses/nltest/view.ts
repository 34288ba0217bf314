// NltestReport -> the human view: per pod, each step with its status and meaning, then the verdict
// and the next steps.
import type {Report} from '../../report/types.js';
import {standardSections, type Cell, type Section, type View} from '../../render/view.js';
import type {NltestItem} from './probe.js';
import {pushAll} from '../../util/arrays.js';

export function nltestView(report: Report<NltestItem>, wide: boolean): View {
  const sections: Section[] = [];
  for (const i of report.items) {
    const rows: Cell[][] = i.steps.map((s) => {
      const row: Cell[] = [
        s.command,
        s.exitCode === null ? '-' : String(s.exitCode),
        {text: s.status, tone: s.ok ? 'ok' : s.kind === 'powershell' && !s.notFound ? 'warning' : 'error'},
        s.meaning,
      ];
      if (wide) row.push((s.stdout + s.stderr).trim().replace(/\r?\n/g, ' | ').slice(0, 200));
      return row;
    });
    const columns = ['command', 'exit', 'status', 'meaning'];
    if (wide) columns.push('output');
    sections.push({
      type: 'table',
      title: `Pod ${i.namespace}/${i.name}, container ${i.container}${i.credentialSpec ? `, credential spec ${i.credentialSpec}` : ''}${i.domain ? `, domain ${i.domain}` : ''}`,
      columns,
      rows,
    });
    const lines: Cell[] = [{text: `${i.verdict.ok ? 'OK' : 'PROBLEM'}: ${i.verdict.message}`, tone: i.verdict.ok ? 'ok' : 'error'}];
    for (const n of i.verdict.next)
      pushAll(
        lines,
        n.split('\n').map((l, k) => (k === 0 ? `next: ${l}` : `      ${l}`)),
      );
    sections.push({type: 'lines', title: `Verdict (${i.verdict.result})`, lines});
  }
  pushAll(sections, standardSections(report, report.items.length === 1 ? 'pod' : 'pods', report.items.length, wide));
  return {sections};
}
