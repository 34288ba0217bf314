// -o json, -o yaml and -o name with the items written during the pass (docs/architecture.md,
// decisions 41 and 61), end to end: on 150 pods (more than one hand-over of 64), qos and lint print
// exactly what JSON.stringify prints for the report (the document parses, and re-stringified it is
// the same bytes), -o yaml exactly what the yaml library's stringify prints for the same report, and
// -o name a line per item.
import assert from 'node:assert/strict';
import {parse, stringify} from 'yaml';
import type {ControlPlane} from '../../harness/index.js';
import {pool} from '../../src/util/pool.js';
import {runCli} from './cli.js';
import {controlPlaneWith, createPod} from './live.js';
import {windowsSpecOn} from '../support/pod.js';

const NS = `json-stream-${Date.now() % 100000}`;
const PODS = 150;

describe('-o json and -o yaml stream their items (qos, lint)', function () {
  this.timeout(300_000);
  let cp: ControlPlane;

  before(async function () {
    cp = await controlPlaneWith(this, NS);
    const indexes = Array.from({length: PODS}, (_, i) => i);
    await pool(indexes, 8, async (i) => {
      const resources = i % 2 === 0 ? {limits: {cpu: '500m', memory: '1Gi'}} : {};
      await createPod(cp, NS, {
        metadata: {name: `p-${String(i).padStart(3, '0')}`},
        spec: windowsSpecOn(cp.nodes.win2022, [{name: 'c', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', resources}]),
      });
    });
  });

  for (const command of ['qos', 'lint']) {
    it(`${command} -n NS -o json: JSON.stringify's bytes, every pod in stream order, the same report, and bytes, as -o yaml`, async () => {
      const json = await runCli([command, '-n', NS, '-o', 'json'], {kubeconfig: cp.kubeconfig});
      const yaml = await runCli([command, '-n', NS, '-o', 'yaml'], {kubeconfig: cp.kubeconfig});
      assert.equal(json.code, yaml.code, json.stderr);
      const doc = json.json();
      assert.equal(json.stdout, JSON.stringify(doc, null, 2) + '\n');
      assert.equal(doc.items.length, PODS);
      assert.deepEqual(
        doc.items.map((i: {name: string}) => i.name),
        Array.from({length: PODS}, (_, i) => `p-${String(i).padStart(3, '0')}`),
      );
      assert.deepEqual(doc, parse(yaml.stdout));
      assert.equal(yaml.stdout, stringify(doc, {lineWidth: 0, aliasDuplicateObjects: false}), "the library's bytes for the same report");
      const names = await runCli([command, '-n', NS, '-o', 'name'], {kubeconfig: cp.kubeconfig});
      assert.equal(names.code, json.code, names.stderr);
      assert.equal(names.stdout, doc.items.map((i: {kind: string; name: string}) => `${i.kind.toLowerCase()}/${i.name}\n`).join(''), '-o name, streamed too');
    });
  }
});
