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

  it('gives renderers that draw line by line the same action, a line at a time', () => {
    assert.deepEqual(remedyActionLines(manifestRemedy('a: 1\nEOF\n')), {
      label: 'paste to run (kubectl replace --force -f -, recreates Pod p):',
      lines: ["kubectl replace --force -f - <<'KUBECTL_WIN_EOF'", 'a: 1', 'EOF', 'KUBECTL_WIN_EOF'],
    });
    assert.deepEqual(remedyActionLines({text: 'Run it', command: 'kubectl label node n a=b\nkubectl get node n'}), {
      label: 'run:',
      lines: ['kubectl label node n a=b', 'kubectl get node n'],
    });
    const patch: Remedy = {text: 'Patch it', target: {kind: 'Deployment', apiVersion: 'apps/v1', namespace: 'web', name: 'd'}, patch: {spec: {replicas: 1}}};
    assert.deepEqual(remedyActionLines(patch), {label: 'run:', lines: [`kubectl patch deployment d -n web --type strategic -p '{"spec":{"replicas":1}}'`]});
    for (const r of [...BODIES.map(manifestRemedy), patch]) assert.equal(remedyActionLines(r)!.lines.join('\n'), remedyAction(r)!.text);
    assert.equal(remedyAction({text: 'Read the docs'}), undefined);
  });
});
