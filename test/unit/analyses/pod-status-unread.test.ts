// An analysis whose request says podStatusUnread gets its pods without their status when the cluster
// source streams them as protobuf (src/source/protobuf/decode.ts leaves it out). Its report must not
// depend on a pod's status: the same for pods with every kind of status as for the same pods without.
import assert from 'node:assert/strict';
import {DOCTOR_ANALYSES} from '../../../src/analyses/doctor/registry.js';
import {unionRequest} from '../../../src/analyses/doctor/run.js';
import {gmsaAnalysis} from '../../../src/analyses/gmsa/analysis.js';
import {lintAnalysis} from '../../../src/analyses/lint/analysis.js';
import {pspReadinessAnalysis} from '../../../src/analyses/psp/analysis.js';
import {runAnalysis, type Analysis} from '../../../src/analyses/types.js';
import {upgradeAnalysis} from '../../../src/analyses/upgrade/analysis.js';
import type {KubeObject} from '../../../src/k8s/object.js';
import {Gen, prng} from '../../support/random.js';
import {copied, pod, snapshotOf, type Obj} from './generated-pods.js';

const REASONS = ['ImagePullBackOff', 'CrashLoopBackOff', 'ContainerCreating', 'ErrImagePull', 'CreateContainerConfigError'];

/** A status as the kubelet, the scheduler or a resize would leave it. */
function status(g: Gen, name: string): Obj {
  const phase = g.pick(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']);
  const s: Obj = {phase, qosClass: g.pick(['Guaranteed', 'Burstable', 'BestEffort'])};
  if (phase === 'Pending' && g.chance(0.5))
    s.conditions = [
      {type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 node(s) had untolerated taint {os: windows}.'},
    ];
  else s.conditions = [{type: 'Ready', status: phase === 'Running' ? 'True' : 'False'}];
  if (g.chance(0.3)) (s.conditions as Obj[]).push({type: g.pick(['PodResizePending', 'PodResizeInProgress']), status: 'True', reason: 'Infeasible'});
  const state = g.pick<Obj>([
    {running: {startedAt: '2026-12-01T00:00:00Z'}},
    {waiting: {reason: g.pick(REASONS), message: 'Back-off pulling image'}},
    {terminated: {exitCode: g.pick([0, 1, 137]), reason: g.pick(['Completed', 'Error', 'OOMKilled'])}},
  ]);
  s.containerStatuses = [
    {name, image: 'mcr.microsoft.com/windows/servercore/iis', imageID: '', ready: 'running' in state, restartCount: g.pick([0, 4]), state},
  ];
  if (g.chance(0.5)) Object.assign(s, {hostIP: '10.1.0.4', podIP: '10.2.0.7', startTime: '2026-12-01T00:00:00Z'});
  if (g.chance(0.1)) s.nominatedNodeName = 'win2022';
  return s;
}

function withStatuses(pods: KubeObject[]): KubeObject[] {
  return pods.map((p, i) => ({...p, status: status(new Gen(prng(7 + i)), (p.spec as {containers: Obj[]}).containers[0].name as string)}));
}

function withoutStatuses(pods: KubeObject[]): KubeObject[] {
  return pods.map(({status: _, ...rest}) => rest);
}

const report = async (analysis: Analysis<unknown, unknown>, options: unknown, pods: KubeObject[]) =>
  JSON.stringify(await runAnalysis(analysis, snapshotOf(copied(pods)), options, {mode: 'cluster'}));

describe('analyses that never read a pod status', () => {
  const pods = withStatuses(Array.from({length: 400}, (_, i) => pod(new Gen(prng(20261208 + i)), i)));
  const doctorOptions = {offline: false, now: Date.parse('2026-12-07T00:00:00Z')};
  const entries = DOCTOR_ANALYSES.map((e) => ({analysis: e.analysis, options: e.options(doctorOptions)}));
  const unread = entries.filter((e) => e.analysis.request(e.options).podStatusUnread);

  it('are lint, psp readiness and gmsa check', () => {
    assert.deepEqual(
      unread.map((e) => e.analysis.name),
      [lintAnalysis.name, gmsaAnalysis.name, pspReadinessAnalysis.name],
    );
  });

  const commands: Array<[string, Analysis<unknown, unknown>, unknown]> = [
    ...unread.map((e): [string, Analysis<unknown, unknown>, unknown] => [`${e.analysis.name} under doctor`, e.analysis, e.options]),
    ['lint', lintAnalysis as Analysis<unknown, unknown>, {}],
    ['psp readiness', pspReadinessAnalysis as Analysis<unknown, unknown>, {}],
    ['gmsa check', gmsaAnalysis as Analysis<unknown, unknown>, {}],
    ['upgrade-plan', upgradeAnalysis as Analysis<unknown, unknown>, {target: 26100}],
  ];
  for (const [name, analysis, options] of commands) {
    it(`${name}: the same report for pods with and without their status`, async () => {
      assert.equal(analysis.request(options).podStatusUnread, true);
      assert.equal(await report(analysis, options, withoutStatuses(pods)), await report(analysis, options, pods));
    });
  }

  it("the others read it: each one's report changes without the statuses", async () => {
    const others = entries.filter((e) => !e.analysis.request(e.options).podStatusUnread);
    assert.deepEqual(
      others.map((e) => e.analysis.name),
      ['qos', 'nodes', 'why'],
    );
    for (const e of others)
      assert.notEqual(await report(e.analysis, e.options, withoutStatuses(pods)), await report(e.analysis, e.options, pods), e.analysis.name);
  });

  it('doctor leaves the status out only when every analysis it runs that reads pods says it does not read it', () => {
    const requestOf = (names: string[]) => unionRequest(entries.filter((e) => names.includes(e.analysis.name)).map((e) => e.analysis.request(e.options)));
    assert.equal(requestOf(['lint', 'psp', 'gmsa']).podStatusUnread, true);
    assert.equal(requestOf(['lint', 'qos']).podStatusUnread, undefined);
    assert.equal(requestOf(DOCTOR_ANALYSES.map((e) => e.analysis.name)).podStatusUnread, undefined);
    // A request that reads no pods reads no pod status either.
    assert.equal(unionRequest([{kinds: ['nodes']}, {pods: true, podStatusUnread: true}]).podStatusUnread, true);
    assert.equal(unionRequest([{kinds: ['nodes']}, {pods: true}]).podStatusUnread, undefined);
  });
});
