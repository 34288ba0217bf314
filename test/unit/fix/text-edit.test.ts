import assert from 'node:assert/strict';
import {exactEdit, type TextEdit} from '../../../src/fix/text-edit.js';
import {finding} from '../../../src/report/finding.js';

/** The text with the edit applied, as a SARIF viewer applies a replacement. */
function apply(text: string, e: TextEdit): string {
  const lines = text.split('\n');
  const offset = (line: number, column: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  return text.slice(0, offset(e.startLine, e.startColumn)) + e.text + text.slice(offset(e.endLine, e.endColumn));
}

const DEPLOYMENT = `# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: iis # the site
        image: mcr.microsoft.com/windows/servercore/iis
`;

describe("exact text edits of a finding's fix (fix/text-edit.ts)", () => {
  const osMissing = finding('lint/os-name-missing', {
    object: {kind: 'Deployment', namespace: 'default', name: 'web'},
    field: 'spec.template.spec.os',
    message: 'spec.os.name is not set',
    remedy: {
      text: 'Set spec.os.name: windows',
      target: {kind: 'Deployment', namespace: 'default', name: 'web'},
      patch: {spec: {template: {spec: {os: {name: 'windows'}}}}},
    },
  });

  it('is the span where --fix differs from the file: applied, it gives the fixed file, comments kept', () => {
    const edit = exactEdit(DEPLOYMENT, osMissing, 'default')!;
    const fixed = apply(DEPLOYMENT, edit);
    assert.match(fixed, /\n {6}os:\n {8}name: windows\n/);
    assert.ok(fixed.startsWith('# the web tier\n') && fixed.includes('- name: iis # the site'));
    // Only the inserted lines: the region is an insertion point inside the pod spec.
    assert.equal(edit.startLine, edit.endLine);
    assert.ok(edit.startLine >= 9 && edit.startLine <= 12, JSON.stringify(edit));
  });

  it('none for a remedy without a patch, or an object the file does not hold', () => {
    assert.equal(exactEdit(DEPLOYMENT, {...osMissing, remedy: {text: 'words only'}}, 'default'), undefined);
    const other = {...osMissing, remedy: {...osMissing.remedy!, target: {kind: 'Deployment', namespace: 'default', name: 'api'}}};
    assert.equal(exactEdit(DEPLOYMENT, other, 'default'), undefined);
  });
});
