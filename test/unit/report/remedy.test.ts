import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {remedyAction, remedyActionLines} from '../../../src/report/remedy.js';
import type {Remedy} from '../../../src/report/types.js';

const manifestRemedy = (manifest: string): Remedy => ({
  text: 'Recreate it',
  target: {kind: 'Pod', apiVersion: 'v1', namespace: 'web', name: 'p'},
  manifest,
  apply: 'replace',
});

// Manifests with a line that is exactly EOF (first, between, last, alone) and with EOF inside a line only.
const BODIES = ['a: 1', 'EOF', 'EOF\na: 1', 'a: 1\nEOF\nb: 2', 'a: 1\nEOF', 'a: EOF\nb: EOFX\nxEOF', 'a: |\n  x\n\n  y', 'a: 1\n\n'];

describe('report/remedy', () => {
  it('writes a manifest as a here-document that a shell hands back byte for byte', () => {
    for (const body of BODIES) {
      for (const manifest of [body, `${body}\n`]) {
        const {text} = remedyAction(manifestRemedy(manifest))!;
        const [command, ...rest] = text.split('\n');
        assert.match(command, /^kubectl replace --force -f - <<'(EOF|KUBECTL_WIN_EOF)'$/);
        // The pasted text with `cat` for the command: the here-document's body is the manifest.
        const pasted = execFileSync('sh', ['-c', ['cat <<' + command.split('<<')[1], ...rest].join('\n')], {encoding: 'utf8'});
        assert.equal(pasted, manifest.endsWith('\n') ? manifest : `${manifest}\n`, JSON.stringify(manifest));
      }
    }
  });

  it('ends the here-document with a word no line of the manifest is', () => {
    const end = (body: string) => remedyAction(manifestRemedy(body))!.text.split('\n').at(-1);
    for (const body of BODIES) assert.equal(end(body), body.split('\n').includes('EOF') ? 'KUBECTL_WIN_EOF' : 'EOF', JSON.stringify(body));
  });

  it('gives renderers that draw line by line the same text, a line at a time', () => {
    const remedies: Remedy[] = [
      ...BODIES.map(manifestRemedy),
      {text: 'Patch it', target: {kind: 'Deployment', apiVersion: 'apps/v1', namespace: 'web', name: 'd'}, patch: {spec: {replicas: 1}}},
      {text: 'Run it', command: 'kubectl label node n a=b\nkubectl get node n'},
    ];
    for (const r of remedies) {
      const action = remedyAction(r)!;
      assert.deepEqual(remedyActionLines(r), {label: action.label, lines: action.text.split('\n')});
    }
    assert.equal(remedyAction({text: 'Read the docs'}), undefined);
  });
});
