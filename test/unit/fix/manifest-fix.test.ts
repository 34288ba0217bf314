import assert from 'node:assert/strict';
import {applyFixes, fixesOf} from '../../../src/fix/manifest-fix.js';
import type {Finding} from '../../../src/report/types.js';

const TEXT = `# the web tier
apiVersion: apps/v1
kind: Deployment
metadata:
  name: iis   # keep me
  namespace: web
spec:
  template:
    spec:
      # the app
      containers:
      - name: iis
        image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022
      - name: side
        image: x
      tolerations:
      - key: os
        value: windows
        effect: NoSchedule
---
# another
apiVersion: v1
kind: Pod
metadata:
  name: bare
spec:
  containers:
  - name: app
    image: x
`;

const finding = (remedy: Finding['remedy']): Finding => ({id: 'lint/os-name-missing', severity: 'warning', message: 'm', remedy});

describe('--fix: machine fixes applied to manifests with the yaml Document API', () => {
  it('merges a patch strategically and keeps comments, key order and the separators', () => {
    const fixes = fixesOf([
      finding({
        text: 't',
        target: {kind: 'Deployment', namespace: 'web', name: 'iis'},
        patch: {spec: {template: {spec: {os: {name: 'windows'}, containers: [{name: 'side', resources: {limits: {memory: '1Gi'}}}]}}}},
      }),
      finding({
        text: 't',
        target: {kind: 'Pod', namespace: 'default', name: 'bare'},
        apply: 'replace',
        manifest:
          'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bare\nspec:\n  containers:\n  - name: app\n    image: x\n  nodeSelector:\n    kubernetes.io/os: windows\n',
      }),
    ]);
    const {text, applied} = applyFixes(TEXT, fixes, 'default');
    assert.equal(applied, 2);
    // Comments stay (the yaml library writes one space before an inline comment).
    for (const kept of ['# the web tier', 'name: iis # keep me', '# the app', '---\n# another']) assert.ok(text.includes(kept), `${kept}\n${text}`);
    assert.match(
      text,
      /containers:\n {6}- name: iis\n {8}image: \S+\n {6}- name: side\n {8}image: x\n {8}resources:\n {10}limits:\n {12}memory: 1Gi\n {6}tolerations:/,
    );
    assert.match(text, /tolerations:[\s\S]*\n {6}os:\n {8}name: windows\n---/);
    assert.match(text, /kind: Pod[\s\S]*nodeSelector:\n {4}kubernetes.io\/os: windows\n$/);
    // A whole corrected object also removes what it leaves out.
    const gone = applyFixes(
      TEXT.replace('  - name: app\n    image: x\n', '  - name: app\n    image: x\n    securityContext:\n      runAsUser: 1000\n'),
      fixes,
      'default',
    ).text;
    assert.doesNotMatch(gone, /runAsUser/);
  });

  it('leaves text with nothing to fix byte for byte, and fixes each target once', () => {
    assert.equal(applyFixes(TEXT, [], 'default').text, TEXT);
    const same = finding({text: 't', target: {kind: 'Deployment', namespace: 'web', name: 'iis'}, patch: {spec: {template: {spec: {os: {name: 'windows'}}}}}});
    assert.equal(fixesOf([same, same]).length, 1);
    assert.equal(
      applyFixes(TEXT, fixesOf([{...same, remedy: {...same.remedy!, target: {kind: 'Deployment', namespace: 'other', name: 'iis'}}}]), 'default').applied,
      0,
    );
  });
});

describe('--fix input checks (before any read)', () => {
  it('needs -f with files, and the human output', async () => {
    const {checkFixable} = await import('../../../src/cli/fix-output.js');
    const base = {filenames: ['app.yaml'], output: undefined} as unknown as Parameters<typeof checkFixable>[0];
    assert.doesNotThrow(() => checkFixable(base));
    assert.throws(() => checkFixable({...base, filenames: []}), /--fix works on manifests: give them with -f/);
    assert.throws(() => checkFixable({...base, filenames: ['-']}), /cannot rewrite stdin/);
    assert.throws(() => checkFixable({...base, output: 'json'} as typeof base), /cannot be combined with -o json\|yaml/);
  });
});
