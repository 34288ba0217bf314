import assert from 'node:assert/strict';
import {gmsaView} from '../../../../src/analyses/gmsa/view.js';
import {logsCommandForCause} from '../../../../src/analyses/logs/presets.js';
import {whyView} from '../../../../src/analyses/why/view.js';
import {renderText} from '../../../../src/render/text.js';

const report = (items: unknown[]) =>
  ({items, findings: [], skipped: [], reads: [], summary: {error: 0, warning: 0, info: 0}, source: {type: 'cluster', context: 'c', server: 's'}}) as never;

describe('why and gmsa check offer kubectl win logs for the node', () => {
  it('a node-side cause maps to its preset; admission and scheduling causes, or no node, to none', () => {
    assert.equal(logsCommandForCause('why/hns-endpoint', 'win-1'), 'kubectl win logs win-1 --preset hns --since 1h');
    assert.equal(logsCommandForCause('why/image-pull-failed', 'win-1'), 'kubectl win logs win-1 --preset containerd --since 1h');
    assert.equal(logsCommandForCause('why/gmsa-use-denied', 'win-1'), undefined);
    assert.equal(logsCommandForCause('why/hns-endpoint', undefined), undefined);
  });

  it("why: the pod's node and the preset of its first cause, under the causes", () => {
    const cause = {id: 'why/hcs-attach-namespace', family: 'network', title: 't', cause: 'c', fix: 'f', evidence: ['e'], quote: 'q', sources: []};
    const item = {
      kind: 'Pod',
      namespace: 'web',
      name: 'iis-0',
      status: 'ContainerCreating',
      ready: false,
      restarts: 0,
      node: 'win-7',
      verdict: 'explained',
      causes: [cause],
      related: [],
    };
    const text = renderText(whyView(report([item]), false), false);
    assert.match(text, /the node's side:\n {4}kubectl win logs win-7 --preset hcs --since 1h/);
  });

  it('gmsa check: the gMSA preset for every node its pods run on, once each', () => {
    const item = (name: string, node?: string) => ({
      kind: 'Pod',
      namespace: 'ns',
      name,
      serviceAccount: 'sa',
      credentialSpec: 'c',
      credentialSpecExists: true,
      webhook: {mutating: true, validating: true},
      canUse: true,
      containers: [],
      fields: [],
      grantedBy: null,
      via: null,
      ...(node ? {node} : {}),
    });
    const text = renderText(gmsaView(report([item('a', 'win-2'), item('b', 'win-1'), item('c', 'win-2'), item('d')]), false), false);
    assert.ok(text.includes('kubectl win logs win-1 win-2 --preset gmsa --since 1h'), text);
  });
});

describe('logs --preset options', () => {
  it('the command lists the same presets as the table (it names them itself so --help loads no analysis)', async () => {
    const {PRESET_OPTIONS} = await import('../../../../commands/logs.js');
    const {PRESET_NAMES} = await import('../../../../src/analyses/logs/presets.js');
    assert.deepEqual([...PRESET_OPTIONS], [...PRESET_NAMES]);
  });
});
