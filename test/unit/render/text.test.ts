import assert from 'node:assert/strict';
import {findingBlock, renderTable, renderText, textChunks} from '../../../src/render/text.js';
import {renderData} from '../../../src/render/data.js';
import {makeReport} from '../../../src/report/build.js';
import {standardSections} from '../../../src/render/view.js';
import {parse} from 'yaml';

describe('render', () => {
  it('lays out tables like kubectl: upper-case headers, aligned columns', () => {
    const lines = renderTable(
      ['namespace', 'name', 'qos'],
      [
        ['web', 'iis-0', 'Guaranteed'],
        ['default', 'a', {text: 'BestEffort', tone: 'warning'}],
      ],
      false,
    );
    assert.deepEqual(lines, ['NAMESPACE   NAME    QOS', 'web         iis-0   Guaranteed', 'default     a       BestEffort']);
  });

  it('colours only when asked', () => {
    const plain = renderTable(['a'], [[{text: 'x', tone: 'error'}]], false).join('\n');
    const coloured = renderTable(['a'], [[{text: 'x', tone: 'error'}]], true).join('\n');
    assert.equal(plain.includes('\x1b['), false);
    assert.equal(coloured.includes('\x1b[31m'), true);
  });

  it('writes text in pieces that join to the sections, a blank line apart, a findings section a finding at a time', () => {
    const findings = Array.from({length: 400}, (_, i) => ({
      id: 'lint/windows-forbidden-field' as const,
      severity: 'error' as const,
      object: {kind: 'Pod', namespace: 'web', name: `iis-${i}`},
      field: 'spec.hostNetwork',
      message: 'must be true',
      remedy: {text: 'set hostNetwork: true', target: {kind: 'Pod', namespace: 'web', name: `iis-${i}`}, patch: {spec: {hostNetwork: true}}},
    }));
    const report = makeReport('LintReport', {type: 'manifests', files: []}, [], findings);
    const sections = standardSections(report, 'pods', 400);
    const view = {sections: [{type: 'table' as const, columns: ['name'], rows: [['iis-0']]}, ...sections]};
    for (const color of [false, true]) {
      const table = renderTable(['name'], [['iis-0']], color).join('\n');
      const shown = sections.find((x) => x.type === 'findings')!;
      const lines = shown.findings.flatMap((f) => {
        const {prose, verbatim} = findingBlock(f, color, 80);
        return [...prose, ...verbatim];
      });
      assert.ok(lines.length >= 1200, `${lines.length} lines`);
      const whole = renderText(view, color, 80);
      assert.ok(
        whole.startsWith(`${table}\n\n${color ? '\x1b[1mFindings\x1b[22m' : 'Findings'}\n${lines.join('\n')}\n\n`),
        'the table, then the findings, a blank line apart',
      );
      if (!color) assert.ok(whole.endsWith('\n\n400 pods checked: 400 errors, 0 warnings, 0 info\n'), whole.slice(-200));
      for (const size of [1, 100, 4096]) {
        const chunks = [...textChunks(view, color, 80, size)];
        assert.equal(chunks.join(''), whole, `chunk size ${size}`);
        if (size === 4096) assert.ok(chunks.length > 10 && chunks.slice(0, -1).every((c) => c.length < 4096 + 2000), `${chunks.length} chunks`);
      }
    }
  });

  it('writes a table a few KB of lines at a time, as renderTable lays it out, with or without its title and header, at any width', () => {
    const rows = Array.from({length: 3000}, (_, i) => [
      `ns-${i % 7}`,
      `pod-${i}`,
      {text: i % 3 ? 'Burstable' : 'BestEffort', tone: 'warning' as const},
      `reason ${'word '.repeat(i % 13)}`,
    ]);
    const columns = ['namespace', 'name', 'qos', 'reason'];
    for (const color of [false, true])
      for (const width of [undefined, 200, 50, 20]) {
        const lines = renderTable(columns, rows, color, width);
        const title = {type: 'table' as const, title: 'Pods', columns, rows};
        const titled = renderText({sections: [title]}, color, width);
        assert.equal(titled, `${color ? '\x1b[1mPods\x1b[22m' : 'Pods'}\n${lines.join('\n')}\n`, `width ${width}`);
        assert.equal(renderText({sections: [{...title, noHeaders: true}]}, color, width), `${lines.slice(1).join('\n')}\n`, `width ${width}, no headers`);
        const chunks = [...textChunks({sections: [title]}, color, width, 256)];
        assert.ok(chunks.length >= 5 && chunks.every((c) => c.length < 20_000), `${chunks.length} chunks of up to ${Math.max(...chunks.map((c) => c.length))}`);
        assert.equal(chunks.join(''), titled);
      }
    assert.equal(renderText({sections: [{type: 'table', title: 'Pods', columns, rows: []}]}, false), 'Pods\n(none)\n');
    // --no-headers on an empty table: no line of its own, the blank line after it kept (as before).
    assert.equal(
      renderText(
        {
          sections: [
            {type: 'table', title: 'Pods', columns, rows: [], noHeaders: true},
            {type: 'lines', lines: ['x']},
          ],
        },
        false,
      ),
      '\n\nx\n',
    );
  });

  it('prints findings with field, message and fix, then the summary', () => {
    const report = makeReport(
      'LintReport',
      {type: 'manifests', files: []},
      [],
      [
        {
          id: 'lint/windows-forbidden-field',
          severity: 'error',
          object: {kind: 'Pod', namespace: 'web', name: 'iis-0'},
          field: 'spec.hostNetwork',
          message: 'must be true',
          remedy: {text: 'set hostNetwork: true'},
        },
      ],
    );
    const text = renderText({sections: standardSections(report, 'pods', 1)}, false);
    assert.match(text, /ERROR +lint\/windows-forbidden-field {2}Pod web\/iis-0/);
    assert.match(text, /spec\.hostNetwork: must be true/);
    assert.match(text, /fix: set hostNetwork: true/);
    assert.match(text, /1 pods checked: 1 error, 0 warnings, 0 info/);
  });

  it('-o json and -o yaml print the same envelope', () => {
    const report = makeReport(
      'QoSReport',
      {type: 'cluster', context: 'c', server: 'https://127.0.0.1:1', serverVersion: 'v1.34.3'},
      [{name: 'a'}],
      [],
      [{check: 'read/nodes', reason: 'forbidden'}],
    );
    const fromJson = JSON.parse(renderData(report, 'json'));
    const fromYaml = parse(renderData(report, 'yaml'));
    assert.deepEqual(fromJson, fromYaml);
    assert.deepEqual(Object.keys(fromJson), ['apiVersion', 'kind', 'source', 'items', 'findings', 'skipped', 'reads', 'summary']);
  });
});
