// LintReport -> View: one row per pod or template, then the findings.
import type {Report} from '../../report/types.js';
import {standardSections, type Cell, type View} from '../../render/view.js';
import type {LintItem} from './analysis.js';

export function lintView(report: Report<LintItem>, wide: boolean): View {
  const columns = wide
    ? ['kind', 'namespace', 'name', 'os', 'valid', 'errors', 'warnings', 'source']
    : ['kind', 'namespace', 'name', 'os', 'valid', 'errors', 'warnings'];
  const rows: Cell[][] = report.items.map((i) => {
    const row: Cell[] = [
      i.kind,
      i.namespace,
      i.name,
      i.os,
      i.valid ? {text: 'yes', tone: 'ok'} : {text: 'no', tone: 'error'},
      i.errors > 0 ? {text: String(i.errors), tone: 'error'} : '0',
      i.warnings > 0 ? {text: String(i.warnings), tone: 'warning'} : '0',
    ];
    if (wide) row.push(report.source.type === 'manifests' ? 'manifest' : 'cluster');
    return row;
  });
  return {
    sections: [
      {type: 'table', columns, rows},
      ...standardSections(report, report.items.length === 1 ? 'pod or template' : 'pods and templates', report.items.length, wide),
    ],
  };
}
