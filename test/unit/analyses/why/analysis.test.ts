// The why analysis on hand-made snapshots (pure code, no cluster): which pods it answers for, the
// evidence it quotes (age, count, one line per message), the join with the other analyses' findings
// as proof, owners' FailedCreate, the node that explains many pods, and nothing to explain.
import assert from 'node:assert/strict';
import {whyAnalysis, type WhyItem, type WhyOptions} from '../../../../src/analyses/why/analysis.js';
import {runAnalysis} from '../../../../src/analyses/types.js';
import {beginJoin} from '../../../../src/analyses/why/join.js';
import {statusEvidence, eventEvidence, quoteEvidence, shortAge, EventIndex} from '../../../../src/analyses/why/evidence.js';
import {decodeEvidence} from '../../../../src/analyses/why/decode.js';
import {podStatusText, isHealthy} from '../../../../src/analyses/why/pod-state.js';
import {toWorkload} from '../../../../src/source/workloads.js';
import type {KubeObject} from '../../../../src/k8s/object.js';
import type {Snapshot, Workload} from '../../../../src/k8s/snapshot.js';
import type {Finding, Report} from '../../../../src/report/types.js';

const NOW = Date.parse('2026-12-06T10:00:00Z');
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();

const node = (name: string, os = 'windows'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {name, labels: {'kubernetes.io/os': os}},
  status: {conditions: [{type: 'Ready', status: 'True'}], nodeInfo: {operatingSystem: os, kernelVersion: '10.0.17763.6893'}},
});

function pod(
  name: string,
  o: {node?: string; status?: object; image?: string; owner?: {kind: string; name: string}; uid?: string; windows?: boolean} = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'web',
      uid: o.uid ?? `uid-${name}`,
      ...(o.owner ? {ownerReferences: [{apiVersion: 'apps/v1', kind: o.owner.kind, name: o.owner.name, uid: 'x', controller: true}]} : {}),
    },
    spec: {
      ...(o.windows === false ? {} : {os: {name: 'windows'}, nodeSelector: {'kubernetes.io/os': 'windows'}}),
      ...(o.node ? {nodeName: o.node} : {}),
      containers: [{name: 'app', image: o.image ?? 'mcr.microsoft.com/windows/nanoserver:ltsc2019'}],
    },
    status: o.status ?? {phase: 'Pending'},
  };
}

const waiting = (reason: string, message?: string) => ({
  phase: 'Pending',
  conditions: [{type: 'Ready', status: 'False'}],
  containerStatuses: [{name: 'app', ready: false, restartCount: 0, image: '', imageID: '', state: {waiting: {reason, ...(message ? {message} : {})}}}],
});
const running = {
  phase: 'Running',
  conditions: [{type: 'Ready', status: 'True'}],
  containerStatuses: [{name: 'app', ready: true, restartCount: 0, image: '', imageID: '', state: {running: {}}}],
};

function event(on: {kind: string; name: string; uid?: string}, reason: string, message: string, count = 1, lastSecondsAgo = 60): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {name: `${on.name}.${reason}`, namespace: 'web'},
    involvedObject: {...on, namespace: 'web'},
    reason,
    message,
    type: 'Warning',
    count,
    lastTimestamp: ago(lastSecondsAgo),
  };
}

function snapshot(objects: KubeObject[], events: KubeObject[], nodes: KubeObject[] = [node('win-0'), node('win-1')]): Snapshot {
  const workloads = objects.map((o) => toWorkload(o, 'web')!).filter(Boolean) as Workload[];
  for (const w of workloads) w.admitted = true;
  return {
    source: {type: 'cluster', context: 'test', server: 'https://127.0.0.1:1'},
    namespace: 'web',
    objects: {nodes, runtimeclasses: [], events},
    skipped: [],
    async *workloads() {
      yield* workloads;
    },
  };
}

async function run(objects: KubeObject[], events: KubeObject[], options: Partial<WhyOptions> = {}, nodes?: KubeObject[]): Promise<Report<WhyItem>> {
  const opts: WhyOptions = {now: NOW, ...options};
  return runAnalysis(whyAnalysis, snapshot(objects, events, nodes), opts, {mode: 'cluster'});
}

const byName = (r: Report<WhyItem>, name: string) => r.items.find((i) => i.name === name)!;

/** A pod whose image's Windows build is not its node's: why explains it, and lint has a finding on it. */
const imageOsMismatch = () =>
  pod('bad', {
    node: 'win-0',
    image: 'mcr.microsoft.com/windows/servercore:ltsc2022',
    status: waiting('RunContainerError', 'The container operating system does not match the host operating system.'),
  });

describe('why: evidence and pod state', () => {
  it('quotes an event with its reason, count and age, core/v1 and events.k8s.io alike', () => {
    const e = eventEvidence(event({kind: 'Pod', name: 'p'}, 'FailedMount', 'boom', 7, 125), NOW, 'event');
    assert.equal(quoteEvidence(e), 'FailedMount [x7, 2m ago]: "boom"');
    const series = eventEvidence(
      {reason: 'FailedScheduling', note: 'no nodes', series: {count: 4, lastObservedTime: ago(30)}, involvedObject: {kind: 'Pod', name: 'p'}},
      NOW,
      'event',
    );
    assert.deepEqual([series.message, series.count, series.ageSeconds], ['no nodes', 4, 30]);
    assert.equal(shortAge(3 * 86400), '3d');
    assert.equal(shortAge(5 * 3600), '5h');
  });

  it('reads waiting and terminated containers, the PodScheduled condition, and skips a bare ContainerCreating', () => {
    const ev = statusEvidence(
      {
        phase: 'Pending',
        conditions: [
          {type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available', lastTransitionTime: new Date(ago(10))},
        ],
        initContainerStatuses: [
          {
            name: 'init',
            ready: false,
            restartCount: 2,
            image: '',
            imageID: '',
            state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off'}},
            lastState: {terminated: {exitCode: -1073741515, reason: 'Error'}},
          },
        ],
        containerStatuses: [{name: 'app', ready: false, restartCount: 0, image: '', imageID: '', state: {waiting: {reason: 'PodInitializing'}}}],
      },
      NOW,
    );
    assert.deepEqual(
      ev.map((e) => [e.reason, e.container, e.exitCode]),
      [
        ['Unschedulable', undefined, undefined],
        ['CrashLoopBackOff', 'init', undefined],
        ['Error', 'init', -1073741515],
      ],
    );
  });

  it('names the state as kubectl does, and knows a healthy pod', () => {
    assert.equal(podStatusText({}, waiting('ImagePullBackOff') as never), 'ImagePullBackOff');
    assert.equal(
      podStatusText(
        {},
        {
          phase: 'Pending',
          initContainerStatuses: [{name: 'i', ready: false, restartCount: 0, image: '', imageID: '', state: {terminated: {exitCode: 1, reason: 'Error'}}}],
        },
      ),
      'Init:Error',
    );
    assert.equal(podStatusText({deletionTimestamp: new Date()}, running as never), 'Terminating');
    assert.equal(podStatusText({}, {phase: 'Failed', reason: 'Evicted', message: 'low on memory'}), 'Evicted');
    assert.equal(isHealthy(running as never), true);
    assert.equal(isHealthy({phase: 'Running', conditions: [{type: 'Ready', status: 'False'}]} as never), false);
    assert.equal(isHealthy({phase: 'Succeeded'}), true);
  });

  it("finds an object's events by uid, and events written without a uid by name", () => {
    const idx = new EventIndex([
      event({kind: 'Pod', name: 'a', uid: 'u1'}, 'X', 'one'),
      event({kind: 'Pod', name: 'a', uid: 'old'}, 'X', 'old pod'),
      event({kind: 'Pod', name: 'a'}, 'Y', 'no uid'),
    ]);
    assert.deepEqual(
      idx.of('Pod', 'web', 'a', 'u1').map((e) => e.message),
      ['one'],
    );
    assert.deepEqual(
      idx.of('Pod', 'web', 'a', 'u2').map((e) => e.message),
      ['no uid'],
    );
  });

  it('decodes undecodable evidence as not decoded, quoting every line, and nothing from nothing', () => {
    const [c] = decodeEvidence([{from: 'event', reason: 'Odd', message: 'something new', count: 2, ageSeconds: 5}]);
    assert.equal(c.id, 'why/not-decoded');
    assert.deepEqual(c.evidence, ['Odd [x2, 5s ago]: "something new"']);
    assert.equal(c.quote, 'Odd: "something new"');
    assert.deepEqual(decodeEvidence([]), []);
  });
});

describe('why: the analysis', () => {
  it('answers a named healthy pod with nothing to explain, and gives no findings', async () => {
    const r = await run([pod('ok', {node: 'win-0', status: running})], [], {names: ['ok'], targets: [{kind: 'Pod', name: 'ok'}]});
    assert.deepEqual(
      r.items.map((i) => [i.name, i.verdict, i.ready]),
      [['ok', 'nothing to explain', true]],
    );
    assert.equal(r.findings.length, 0);
  });

  it('without names: only the Windows pods that are not running and ready', async () => {
    const r = await run(
      [
        pod('ok', {node: 'win-0', status: running}),
        pod('bad', {
          node: 'win-0',
          status: waiting('RunContainerError', 'hcs::CreateComputeSystem app: The container operating system does not match the host operating system.'),
        }),
        pod('linux', {windows: false, image: 'nginx:1.27', status: waiting('CrashLoopBackOff')}),
      ],
      [],
    );
    assert.deepEqual(
      r.items.map((i) => i.name),
      ['bad'],
    );
    assert.equal(r.items[0].causes[0].id, 'why/image-os-mismatch');
    assert.equal(
      r.findings[0].message,
      'The image\'s Windows build does not match the node\'s (process isolation needs the same build): RunContainerError (container app): "hcs::CreateComputeSystem app: The container operating system does not match the host operating system."',
    );
  });

  it("joins the other analyses' findings on the pod and marks the proof", async () => {
    const bad = imageOsMismatch();
    const r = await run([bad], [], {names: ['bad'], targets: [{kind: 'Pod', name: 'bad'}], join: {}});
    const c = r.items[0].causes[0];
    assert.equal(c.id, 'why/image-os-mismatch');
    assert.equal(c.proof?.found, true, JSON.stringify(r.items[0].related.map((f) => f.id)));
    assert.match(c.proof!.message!, /20348/);
    assert.ok(r.items[0].related.some((f) => f.id === 'lint/image-os-version-mismatch'));
    // Without the join the check is named but not run.
    const alone = await run([bad], [], {names: ['bad'], targets: [{kind: 'Pod', name: 'bad'}]});
    assert.deepEqual(alone.items[0].causes[0].proof, {check: 'lint/image-os-version-mismatch', found: false});
    assert.deepEqual(alone.items[0].related, []);
  });

  it('joins the same findings on a pod first in a long scope: the other analyses let their items go, never their findings', async () => {
    const bad = imageOsMismatch();
    const healthy = Array.from({length: 300}, (_, i) => pod(`ok-${i}`, {node: 'win-1', status: running}));
    const alone = await run([bad], [], {join: {}});
    const inScope = await run([bad, ...healthy], [], {join: {}});
    assert.deepEqual(
      inScope.items.map((i) => i.name),
      ['bad'],
    );
    const related = alone.items[0].related.map((f) => f.id);
    assert.ok(related.includes('lint/image-os-version-mismatch') && related.some((id) => id.startsWith('psp/')), related.join(' '));
    assert.deepEqual(inScope.items[0].related, alone.items[0].related);
    assert.deepEqual(inScope.items[0].causes, alone.items[0].causes);
  });

  it('joins the same findings on a pod wherever it is in a long scope, around each point where the findings made so far are judged', async () => {
    const bad = imageOsMismatch();
    const healthy = Array.from({length: 200}, (_, i) => pod(`ok-${i}`, {node: 'win-1', status: running}));
    const alone = await run([bad], [], {join: {}});
    for (const at of [1, 62, 63, 64, 65, 127, 128, 200]) {
      const inScope = await run([...healthy.slice(0, at), bad, ...healthy.slice(at)], [], {join: {}});
      assert.deepEqual(inScope.items[0].related, alone.items[0].related, `the pod at ${at}`);
    }
  });

  it('keeps of the joined findings only those wanted, each asked once, in the order each analysis would list them', async () => {
    const pods = [
      pod('bad', {node: 'win-0', image: 'mcr.microsoft.com/windows/servercore:ltsc2022', status: running}),
      ...Array.from({length: 150}, (_, i) => pod(`ok-${i}`, {node: 'win-1', status: running})),
    ];
    const joinAll = async (wanted: (f: Finding) => boolean) => {
      const join = await beginJoin(snapshot(pods, []), {}, {mode: 'cluster'}, wanted);
      for (const w of pods.map((p) => toWorkload(p, 'default')!)) await join.visit(w);
      return (await join.finish()).findings;
    };
    const all = await joinAll(() => true);
    assert.ok(all.filter((f) => f.object?.kind === 'Pod').length > 150, `${all.length} findings`);
    const asked: Finding[] = [];
    const onBad = await joinAll((f) => {
      asked.push(f);
      return f.object?.kind !== 'Pod' || f.object.name === 'bad';
    });
    assert.equal(asked.length, all.length);
    assert.deepEqual(
      onBad,
      all.filter((f) => f.object?.kind !== 'Pod' || f.object.name === 'bad'),
    );
  });

  it("kind/name: the workload's non-ready pods, and its ReplicaSet's FailedCreate when it has none", async () => {
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-5d4f',
        namespace: 'web',
        uid: 'rs-uid',
        ownerReferences: [{apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'd', controller: true}],
      },
      spec: {selector: {}, template: {spec: pod('t').spec}},
    };
    const deploy: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: 'web', namespace: 'web', uid: 'd'},
      spec: {selector: {}, template: {spec: pod('t').spec}},
    };
    const psa = 'Error creating: pods "web-5d4f-abcde" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true)';
    const r = await run([deploy, rs], [event({kind: 'ReplicaSet', name: 'web-5d4f', uid: 'rs-uid'}, 'FailedCreate', psa, 14)], {
      names: ['deployment/web'],
      targets: [{kind: 'Deployment', name: 'web'}],
    });
    assert.deepEqual(
      r.items.map((i) => `${i.kind}/${i.name}`),
      ['ReplicaSet/web-5d4f'],
    );
    assert.equal(r.items[0].causes[0].id, 'why/podsecurity-forbidden');
    assert.equal(r.items[0].causes[0].evidence[0], `FailedCreate on ReplicaSet/web-5d4f [x14, 60s ago]: "${psa}"`);
    // Its pods exist and are ready: the Deployment answers "nothing to explain" with the count.
    const ready = await run([deploy, pod('web-5d4f-aaaaa', {node: 'win-0', status: running, owner: {kind: 'ReplicaSet', name: 'web-5d4f'}})], [], {
      names: ['deployment/web'],
      targets: [{kind: 'Deployment', name: 'web'}],
    });
    const pending = ready.items;
    assert.deepEqual(
      pending.map((i) => [i.kind, i.verdict]),
      [['Deployment', 'nothing to explain']],
    );
  });

  it("a pod's own events are quoted once per message, the event over the status line", async () => {
    const msg = '0/2 nodes are available: 2 node(s) had untolerated taint(s).';
    const p = pod('p', {
      status: {phase: 'Pending', conditions: [{type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg, lastTransitionTime: ago(5)}]},
    });
    const r = await run([p], [event({kind: 'Pod', name: 'p', uid: 'uid-p'}, 'FailedScheduling', msg, 3, 20)], {
      names: ['p'],
      targets: [{kind: 'Pod', name: 'p'}],
    });
    assert.deepEqual(r.items[0].causes[0].evidence, [`FailedScheduling [x3, 20s ago]: "${msg}"`]);
  });

  it('names one node for many pods failing there alike, not for fewer', async () => {
    const hns = 'network: Failed to create endpoint: HNS failed with error : Element not found.';
    const pods = ['a', 'b', 'c'].map((n) => pod(n, {node: 'win-1', status: waiting('ContainerCreating')}));
    const events = ['a', 'b', 'c'].map((n) => event({kind: 'Pod', name: n, uid: `uid-${n}`}, 'FailedCreatePodSandBox', hns, 5));
    const r = await run(
      [...pods, pod('d', {node: 'win-0', status: waiting('ContainerCreating')})],
      [...events, event({kind: 'Pod', name: 'd', uid: 'uid-d'}, 'FailedCreatePodSandBox', hns)],
    );
    const groups = r.findings.filter((f) => f.id === 'why/node-explains-many');
    assert.deepEqual(
      groups.map((f) => f.object?.name),
      ['win-1'],
    );
    assert.equal(
      groups[0].message,
      "win-1: 3 pods fail with why/hns-endpoint (HNS could not create or find the pod's network endpoint (Element not found)); the node reports Ready=True",
    );
    assert.equal(byName(r, 'd').causes[0].id, 'why/hns-endpoint');
    assert.equal(r.summary.warning, 1);
    assert.equal(r.summary.error, 4);
  });

  it("asks for one Warning-event list, the named objects, and the scope's pods only for kind/name", () => {
    assert.deepEqual(whyAnalysis.request({now: 0, names: ['p'], targets: [{kind: 'Pod', name: 'p'}]}), {
      kinds: ['nodes', 'runtimeclasses'],
      pods: true,
      workloads: true,
      events: true,
      names: ['p'],
    });
    assert.equal(whyAnalysis.request({now: 0, names: ['deployment/web'], targets: [{kind: 'Deployment', name: 'web'}]}).podsOfNames, true);
    assert.deepEqual(whyAnalysis.primary({now: 0, join: {}}), ['pods', 'events']);
    assert.deepEqual(whyAnalysis.primary({now: 0}), ['pods']);
    const joined = whyAnalysis.request({now: 0, join: {}});
    for (const k of ['nodes', 'limitranges', 'namespaces', 'gmsacredentialspecs'] as const) assert.ok(joined.kinds?.includes(k), k);
    assert.equal(joined.gmsaWebhookDetails, true);
  });
});
