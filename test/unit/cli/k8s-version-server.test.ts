// A live server outside the tested minors, end to end through the source and the analyses (a
// scripted local API answers /version): each analysis uses the nearest minor it knows, and the
// report says so under `skipped`.
import assert from 'node:assert/strict';
import {noteUntestedServer} from '../../../src/cli/k8s-version.js';
import {toOptions} from '../../../src/cli/flags.js';
import {pspReadinessAnalysis} from '../../../src/analyses/psp/analysis.js';
import {qosAnalysis} from '../../../src/analyses/qos/analysis.js';
import {runAnalysis} from '../../../src/analyses/types.js';
import {ClusterSource} from '../../../src/source/cluster-source.js';
import {listBody, localApi} from '../../support/local-api.js';

describe('cli/k8s-version: a live server outside the tested minors', () => {
  let minor = 38;
  const api = localApi('kw-k8s-version', (req, res) => {
    const url = new URL(req.url ?? '', 'http://x');
    const send = (body: unknown) => {
      res.writeHead(200, {'Content-Type': 'application/json'});
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/version') return send({gitVersion: `v1.${minor}.1`, major: '1', minor: String(minor)});
    if (url.pathname === '/api/v1/namespaces') return send(listBody('NamespaceList', [{metadata: {name: 'a', uid: 'ns'}}]));
    if (url.pathname === '/api/v1/pods')
      return send(
        listBody('PodList', [
          {metadata: {name: 'p', namespace: 'a', uid: 'p'}, spec: {containers: [{name: 'c', image: 'x'}]}, status: {qosClass: 'BestEffort'}},
        ]),
      );
    send(listBody('List', []));
  });

  async function run(serverMinor: number, chosen?: number) {
    minor = serverMinor;
    const lines: string[] = [];
    const source = await ClusterSource.connect(toOptions({kubeconfig: api.kubeconfig(), 'all-namespaces': true}, false));
    const qos = await runAnalysis(qosAnalysis, await source.snapshot(qosAnalysis.request({})), {minor: chosen}, source.capabilities());
    noteUntestedServer(qos, ['qos'], chosen, (l) => lines.push(l));
    const psp = await runAnalysis(
      pspReadinessAnalysis,
      await source.snapshot(pspReadinessAnalysis.request({})),
      {version: chosen === undefined ? undefined : `v1.${chosen}`},
      source.capabilities(),
    );
    noteUntestedServer(psp, ['psp'], chosen, (l) => lines.push(l));
    return {qos, psp, lines};
  }

  it('v1.38: QoS and Pod Security use v1.37, the newest they know, and say so', async () => {
    const {qos, psp, lines} = await run(38);
    assert.equal((qos.items[0] as {version: string}).version, 'v1.37');
    assert.equal((psp.items[0] as {version: string}).version, 'v1.37');
    assert.deepEqual(
      qos.skipped.map((s) => s.reason),
      ['the server is v1.38.1, outside the versions kubectl-win is tested against (v1.34 to v1.37): qos uses the rules of v1.37 (the nearest known)'],
    );
    assert.deepEqual(
      lines.map((l) => l.replace(/:.*/, '')),
      ['warning', 'warning'],
    );
  });

  it('v1.15: QoS uses v1.20 (its oldest), Pod Security v1.15 (it knows it)', async () => {
    const {qos, psp} = await run(15);
    assert.equal((qos.items[0] as {version: string}).version, 'v1.20');
    assert.equal((psp.items[0] as {version: string}).version, 'v1.15');
    assert.match(psp.skipped.at(-1)!.reason, /psp uses the rules of v1\.15/);
  });

  it('v1.34: inside the tested range, nothing is said', async () => {
    const {qos, psp, lines} = await run(34);
    assert.deepEqual([qos.skipped, psp.skipped.filter((s) => s.check.startsWith('k8s-version')), lines], [[], [], []]);
  });

  it('--k8s-version given: the note names the rules chosen', async () => {
    const {qos} = await run(30, 34);
    assert.equal((qos.items[0] as {version: string}).version, 'v1.34');
    assert.match(qos.skipped[0].reason, /server is v1\.30\.1, .*; the rules of v1\.34 \(--k8s-version\) are used$/);
  });
});
