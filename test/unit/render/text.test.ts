import assert from 'node:assert/strict';
import {renderTable, renderText} from '../../../src/render/text.js';
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
