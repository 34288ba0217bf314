// NltestReport: one item per probed pod and container, findings from each verdict.
import {makeReport} from '../../report/build.js';
import type {Finding, Report, SourceInfo} from '../../report/types.js';
import {finding} from '../../report/finding.js';
import type {GmsaCheckId} from '../gmsa/checks.js';
import type {NltestItem} from './probe.js';

export function nltestReport(source: SourceInfo, items: NltestItem[]): Report<NltestItem> {
  const findings: Finding[] = [];
  for (const i of items) {
    const object = {kind: 'Pod', namespace: i.namespace, name: i.name};
    const add = (id: GmsaCheckId, message: string, next: string[]) =>
      findings.push(finding(id, {object, field: `container ${i.container}`, message, remedy: {text: next.join(' | ')}}));
    const v = i.verdict;
    if (v.result === 'timeout') add('gmsa/nltest-timeout', v.message, v.next);
    else if (v.result === 'tools-missing') add('gmsa/nltest-tools-missing', v.message, v.next);
    else if (!v.ok) add('gmsa/nltest-failed', v.message, v.next);
    const ps = i.steps.find((s) => s.kind === 'powershell');
    if (ps?.notFound && v.result !== 'tools-missing') {
      add(
        'gmsa/nltest-tools-missing',
        `the image of container "${i.container}" has no PowerShell (nanoserver): the postStart netlogon-restart hook cannot run there`,
        ['Use a Windows Server Core based image if the pod needs the postStart repair hook'],
      );
    }
  }
  return makeReport('NltestReport', source, items, findings);
}
