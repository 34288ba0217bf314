import assert from 'node:assert/strict';
import {layoutTable, joinLine, outputWidth, wrapProse, wrapWords} from '../../../src/render/fit.js';
import {renderTable, renderText} from '../../../src/render/text.js';
import type {Cell} from '../../../src/render/view.js';

const text = (cols: string[], rows: Cell[][], width?: number, fit?: Parameters<typeof layoutTable>[3]) => {
  const l = layoutTable(cols, rows, width, fit);
  return [joinLine(l.header, (t) => t), ...l.lines.map((x) => joinLine(x, (t) => t))];
};

describe('render: fitting the terminal', () => {
  it('the width is $COLUMNS or the terminal width on a terminal only; a pipe gets whole lines', () => {
    assert.equal(outputWidth({isTTY: true, columns: 100}, {}), 100);
    assert.equal(outputWidth({isTTY: true, columns: 100}, {COLUMNS: '72'}), 72);
    assert.equal(outputWidth({isTTY: true, columns: 100}, {COLUMNS: 'wide'}), 100);
    assert.equal(outputWidth({isTTY: false, columns: 100}, {COLUMNS: '72'}), undefined);
  });

  it('a table that fits is laid out as before, whatever the width', () => {
    const rows = [['web', 'iis-0', 'Guaranteed']];
    assert.deepEqual(text(['namespace', 'name', 'qos'], rows, 200), text(['namespace', 'name', 'qos'], rows));
    assert.deepEqual(renderTable(['namespace', 'name', 'qos'], rows, false, 30), ['NAMESPACE   NAME    QOS', 'web         iis-0   Guaranteed']);
  });

  it('the free-text column wraps inside its column between words; the identifiers stay whole', () => {
    const msg = 'kubelet v1.22.17 is older than the apiserver v1.34.3 by more than three minors';
    const lines = text(['node', 'kubelet', 'reason'], [['win2019-docker-0', 'v1.22.17', msg]], 60);
    for (const l of lines) assert.ok(l.length <= 60, l);
    assert.match(lines[1], /^win2019-docker-0 {3}v1\.22\.17 {3}kubelet v1\.22\.17/);
    const indent = lines[1].indexOf('kubelet v1');
    for (const l of lines.slice(2)) assert.equal(l.search(/\S/), indent, `continuation aligned under the column: ${l}`);
    assert.equal(
      lines
        .slice(1)
        .map((l) => l.slice(indent))
        .join(' '),
      msg,
      'every word kept, none broken',
    );
  });

  it('a summary column is cut short with "..." instead (one line per row)', () => {
    const lines = text(['check', 'message'], [['lint/x', 'a'.repeat(30) + ' ' + 'b'.repeat(30)]], 40, {overflow: 'truncate'});
    assert.equal(lines.length, 2);
    assert.equal(lines[1].length, 40);
    assert.ok(lines[1].endsWith('...'));
  });

  it('when the identifiers alone are too wide, the columns that do not fit go on an indented line under their row', () => {
    const cols = ['name', 'status', 'build', 'release', 'kubelet', 'runtime', 'taints'];
    const row = ['win2019-docker-0', 'Ready', '10.0.17763.2300', 'LTSC 2019', 'v1.22.17', 'docker://20.10.9', 'os=windows:NoSchedule'];
    const lines = text(cols, [row], 70);
    assert.deepEqual(lines, [
      'NAME               STATUS   BUILD             RELEASE     KUBELET',
      'win2019-docker-0   Ready    10.0.17763.2300   LTSC 2019   v1.22.17',
      '    runtime: docker://20.10.9   taints: os=windows:NoSchedule',
    ]);
  });

  it('wraps words after spaces and commas only, never inside one', () => {
    assert.deepEqual(wrapWords('a=b:NoSchedule,c=d:NoExecute', 16), ['a=b:NoSchedule,', 'c=d:NoExecute']);
    assert.deepEqual(wrapWords('v1.22.17 and v1.34.3', 10), ['v1.22.17', 'and', 'v1.34.3']);
    assert.deepEqual(wrapWords('a-very-long-identifier-indeed', 10), ['a-very-long-identifier-indeed'], 'a word longer than the line stays whole');
  });

  it('prose keeps its indent on continuation lines, and an unindented line hangs', () => {
    assert.deepEqual(wrapProse('        spec: one two three four five six', 30), ['        spec: one two three', '        four five six']);
    assert.deepEqual(wrapProse('SKIPPED read/nodes: forbidden by RBAC policy', 30), ['SKIPPED read/nodes: forbidden', '        by RBAC policy']);
    assert.deepEqual(wrapProse('short', undefined), ['short']);
  });

  it('findings wrap at the width; their remedy commands are never wrapped or indented', () => {
    const cmd = `kubectl patch deployment iis -n web --type strategic -p '${JSON.stringify({spec: {template: {spec: {os: {name: 'windows'}}}}})}'`;
    const out = renderText(
      {
        sections: [
          {
            type: 'findings',
            findings: [
              {
                id: 'lint/os-name-missing',
                severity: 'warning',
                object: {kind: 'Deployment', namespace: 'web', name: 'iis'},
                message: 'spec.os.name is not set, but its node selection requires kubernetes.io/os=windows',
                remedy: {text: 'set spec.os.name', command: cmd},
              },
            ],
          },
        ],
      },
      false,
      50,
    );
    const lines = out.trimEnd().split('\n');
    for (const l of lines) assert.ok(l.length <= 50 || l === cmd, `too wide: ${l}`);
    assert.ok(lines.includes(cmd), 'the command whole, on its own line');
    assert.ok(
      lines.filter((l) => l !== cmd && l.startsWith(' ')).every((l) => l.startsWith('        ')),
      'prose indented',
    );
    assert.equal(lines.filter((l) => l.trim() === '').length, 0, 'no blank line inside a sentence');
  });
});
