import assert from 'node:assert/strict';
import {render} from 'ink-testing-library';
import {renderTtyString, ViewComponent} from '../../../src/render/tty.js';
import {makeReport} from '../../../src/report/build.js';
import {standardSections} from '../../../src/render/view.js';

describe('render/tty (ink)', () => {
  it('draws tables, findings, skipped checks and the summary', () => {
    const report = makeReport(
      'QoSReport',
      {type: 'manifests', files: []},
      [],
      [{id: 'qos/windows-no-memory-limit', severity: 'warning', object: {kind: 'Pod', namespace: 'web', name: 'iis-0'}, message: 'memory has no limit'}],
      [{check: 'read/nodes', reason: 'forbidden: cannot list nodes'}],
    );
    const view = {
      sections: [
        {type: 'table' as const, columns: ['name', 'qos'], rows: [['iis-0', {text: 'Burstable', tone: 'warning' as const}]]},
        ...standardSections(report, 'pods', 1),
      ],
    };
    const {lastFrame, unmount} = render(<ViewComponent view={view} color={false} />);
    const frame = lastFrame() ?? '';
    unmount();
    assert.match(frame, /NAME {4}QOS/);
    assert.match(frame, /iis-0 {3}Burstable/);
    assert.match(frame, /WARNING +qos\/windows-no-memory-limit {2}Pod web\/iis-0/);
    assert.match(frame, /SKIPPED read\/nodes: forbidden: cannot list nodes/);
    assert.match(frame, /1 pods checked: 0 errors, 1 warning, 0 info/);
  });

  it('draws the reads the checks needed and did not get, and an INCOMPLETE summary (text the same)', async () => {
    const report = makeReport('LintReport', {type: 'cluster', context: 'c', server: 'https://127.0.0.1:1'}, [], []);
    report.reads = [
      {resource: 'pods', primary: true, complete: false, reason: 'forbidden: cannot list pods', rule: 'list pods at cluster scope'},
      {resource: 'nodes', primary: false, complete: false, reason: 'forbidden: cannot list nodes', rule: 'list nodes at cluster scope'},
    ];
    const view = {sections: standardSections(report, 'pods', 0)};
    const {lastFrame, unmount} = render(<ViewComponent view={view} color={false} />);
    const frame = lastFrame() ?? '';
    unmount();
    assert.match(frame, /^NOT CHECKED pods: forbidden: cannot list pods; needs RBAC: list pods at cluster scope$/m);
    assert.doesNotMatch(frame, /NOT CHECKED nodes/, 'a secondary read is not what makes the run incomplete');
    assert.match(frame, /^INCOMPLETE: 0 pods checked: 0 errors/m);
    assert.match(frame, /^The read-only ClusterRole each command needs: kubectl win rbac COMMAND$/m);
    const {renderText} = await import('../../../src/render/text.js');
    const text = renderText(view, false);
    assert.match(text, /^NOT CHECKED pods: forbidden: cannot list pods; needs RBAC: list pods at cluster scope$/m);
    assert.match(text, /^INCOMPLETE: 0 pods checked: 0 errors/m);
  });

  it('renders once, as wide as the table needs: one header line, aligned rows, no screen clearing', async () => {
    const long = 'x'.repeat(150);
    const rows = Array.from({length: 200}, (_, i) => [`pod-${i}`, {text: 'BestEffort', tone: 'warning' as const}, long]);
    const out = await renderTtyString({sections: [{type: 'table', columns: ['name', 'qos', 'note'], rows}]}, false);
    const lines = out.trimEnd().split('\n');
    assert.equal(lines.length, 201);
    assert.match(lines[0], /^NAME {6}QOS {10}NOTE$/);
    assert.equal(lines[200], `pod-199   BestEffort   ${long}`);
    // no clear-screen, erase-line or cursor codes: the output is written once, like the piped text
    // eslint-disable-next-line no-control-regex -- an escape code in the output is what is asserted on
    assert.doesNotMatch(out, /\u001b\[(2J|3J|2K|\?25)/);
  });

  it('draws a verbatim cell of several lines (a manifest) as the text renderer does: unwrapped, unindented', async () => {
    const manifest = `kubectl apply -f - <<'EOF'\nmetadata:\n  name: ${'n'.repeat(120)}\nEOF`;
    const view = {sections: [{type: 'lines' as const, title: 'Pod web/p', lines: ['paste to run:', {text: manifest, verbatim: true}]}]};
    const out = await renderTtyString(view, false, 40);
    const {renderText} = await import('../../../src/render/text.js');
    assert.equal(out.trimEnd(), renderText(view, false, 40).trimEnd());
    assert.ok(out.includes(`\n${manifest}\n`), out);
  });
});
