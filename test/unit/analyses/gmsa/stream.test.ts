// gmsa check -o json writes its items as their access reviews are answered (issue 23, decision 54):
// the streamed document is byte for byte the one written whole, items are handed over during the
// pass once the reviews before them are in, and doctor still counts them all.
import assert from 'node:assert/strict';
import {Writable} from 'node:stream';
import {gmsaAnalysis, type GmsaItem} from '../../../../src/analyses/gmsa/analysis.js';
import {runAnalysis, type ItemSink, type ReportHead} from '../../../../src/analyses/types.js';
import {ItemStream} from '../../../../src/cli/item-stream.js';
import type {AccessReviewRequest, KubeObject} from '../../../../src/k8s/object.js';
import type {AccessReviewResult, Capabilities, Snapshot, Workload} from '../../../../src/k8s/snapshot.js';
import type {Report} from '../../../../src/report/types.js';
import {evaluatorAccessReview} from '../../../../src/source/access-review.js';
import {RbacAuthorizer} from '../../../../src/k8s/rbac/authorizer.js';
import {reviewAttributes} from '../../../../src/k8s/rbac/gmsa-use.js';
import {toWorkload} from '../../../../src/source/workloads.js';

/** A writable that keeps what it is given and says "full" past a small mark, so drain is awaited. */
class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    setImmediate(done);
  }
}

const NAMESPACES = 6;
const SPECS = 4;
const ns = (i: number) => `team-${i % NAMESPACES}`;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Pods in etcd order (namespace, then name), a third without gMSA; service accounts a..c per
 * namespace, some bound to the use role of their credential spec, some not (denied), one credential
 * spec that does not exist, init containers and containers naming their own.
 */
function pods(n: number): KubeObject[] {
  const out: KubeObject[] = [];
  for (let i = 0; i < n; i++) {
    const gmsa = i % 3 !== 0;
    const spec = i % 11 === 0 ? 'gmsa-absent' : `gmsa-${i % SPECS}`;
    out.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: `p-${String(i).padStart(5, '0')}`, namespace: ns(Math.floor((i * NAMESPACES) / n)), uid: `u-${i}`},
      spec: {
        os: {name: 'windows'},
        nodeName: `win-${i % 3}`,
        serviceAccountName: `sa-${'abc'[i % 3]}`,
        ...(gmsa ? {securityContext: {windowsOptions: {gmsaCredentialSpecName: spec}}} : {}),
        containers: [
          {name: 'app', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022'},
          ...(i % 7 === 0 ? [{name: 'side', image: 'x', securityContext: {windowsOptions: {gmsaCredentialSpecName: `gmsa-${(i + 1) % SPECS}`}}}] : []),
        ],
      },
      status: {phase: 'Running'},
    });
  }
  return out;
}

function clusterObjects(): Snapshot['objects'] {
  const nsList = Array.from({length: NAMESPACES}, (_, i) => ns(i));
  return {
    customresourcedefinitions: [],
    gmsacredentialspecs: Array.from({length: SPECS}, (_, c) => ({
      apiVersion: 'windows.k8s.io/v1',
      kind: 'GMSACredentialSpec',
      metadata: {name: `gmsa-${c}`},
      credspec: {ActiveDirectoryConfig: {GroupManagedServiceAccounts: [{Name: `acct${c}`, Scope: 'CONTOSO'}]}},
    })),
    validatingwebhookconfigurations: [],
    mutatingwebhookconfigurations: [],
    namespaces: nsList.map((name) => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name}})),
    serviceaccounts: nsList.flatMap((namespace) =>
      ['sa-a', 'sa-b', 'sa-c'].map((name) => ({apiVersion: 'v1', kind: 'ServiceAccount', metadata: {name, namespace}})),
    ),
    roles: [],
    clusterroles: Array.from({length: SPECS}, (_, c) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: {name: `use-gmsa-${c}`},
      rules: [{apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'], verbs: ['use'], resourceNames: [`gmsa-${c}`]}],
    })),
    // sa-a may use gmsa-0 and gmsa-1 everywhere, sa-b only gmsa-2 in even namespaces, sa-c nothing.
    rolebindings: nsList.flatMap((namespace, k) =>
      [['sa-a', 0], ['sa-a', 1], ...(k % 2 === 0 ? [['sa-b', 2] as const] : [])].map(([sa, c]) => ({
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: {name: `${sa}-uses-${c}`, namespace},
        roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `use-gmsa-${c}`},
        subjects: [{kind: 'ServiceAccount', name: sa, namespace}],
      })),
    ),
    clusterrolebindings: [],
    services: [],
    endpointslices: [],
  };
}

/** The pods as the cluster source yields them: a page of 250 at a time, the event loop turning between pages. */
function snapshotOf(n: number): Snapshot {
  const list = pods(n);
  return {
    source: {type: 'cluster', context: 'c', server: 'https://127.0.0.1:1'},
    objects: clusterObjects(),
    skipped: [],
    async *workloads(): AsyncGenerator<Workload> {
      for (let i = 0; i < list.length; i++) {
        if (i % 250 === 0) await turn();
        yield toWorkload(list[i], 'default')!;
      }
    },
  };
}

type Review = NonNullable<Capabilities['accessReview']>;

const evaluator: Review = (req) => evaluatorAccessReview(clusterObjects() as never, 'default')(req);

/**
 * The answers kube-apiserver's RBAC authorizer gives (our evaluator, called directly: no import in
 * between), each after `turns(req)` turns of the event loop; throws for the questions `fails` picks.
 */
function reviewer(turns: (req: AccessReviewRequest) => number, fails: (req: AccessReviewRequest) => boolean = () => false): Review {
  const authorizer = new RbacAuthorizer(clusterObjects() as never, 'default');
  return async (req): Promise<AccessReviewResult> => {
    for (let k = turns(req); k > 0; k--) await turn();
    if (fails(req)) throw new Error(`the server was unable to return a response in the time allotted (review of ${req.namespace})`);
    const d = authorizer.authorize(reviewAttributes(req));
    return {allowed: d.allowed, reason: d.reason, via: 'apiserver'};
  };
}

const caps = (accessReview?: Review): Capabilities => ({mode: 'cluster', ...(accessReview ? {accessReview} : {})});

/** Records what is handed over and when: the batches, and how many were handed over before finish. */
class Recorder implements ItemSink {
  readonly batches: GmsaItem[][] = [];
  write(_head: ReportHead, items: readonly unknown[]): void {
    this.batches.push([...(items as GmsaItem[])]);
  }
}

async function whole(n: number, capabilities: Capabilities, options = {}): Promise<string> {
  const report = await runAnalysis(gmsaAnalysis, snapshotOf(n), options, capabilities);
  return JSON.stringify(report, null, 2) + '\n';
}

async function streamed(n: number, capabilities: Capabilities, options = {}): Promise<{text: string; report: Report<GmsaItem>; started: boolean}> {
  const out = new Collect({highWaterMark: 256});
  const stream = new ItemStream('json', out as never, 1024);
  const report = await runAnalysis(gmsaAnalysis, snapshotOf(n), options, capabilities, stream);
  if (stream.started) await stream.finish(report);
  else out.text = JSON.stringify(report, null, 2) + '\n';
  return {text: out.text, report, started: stream.started};
}

describe('analyses/gmsa: -o json streams the items whose reviews are answered', function () {
  this.timeout(60_000);

  // [name, capabilities, whether the answers come in during the pass, whether some are allowed and some denied]
  const cases: Array<[string, () => Capabilities, boolean, boolean]> = [
    ['the apiserver answers at once', () => caps(reviewer(() => 0)), true, true],
    [
      'reviews answer a few pages late, in another order than asked',
      () => caps(reviewer((r) => ((r.name?.length ?? 0) + r.namespace.length * 7) % 5)),
      false,
      true,
    ],
    [
      'some reviews fail',
      () =>
        caps(
          reviewer(
            () => 1,
            (r) => r.namespace === 'team-3' || r.name === 'gmsa-2',
          ),
        ),
      false,
      true,
    ],
    ['the evaluator answers (offline with RBAC objects, or reviews forbidden)', () => caps(evaluator), false, true],
    ['no access reviews at all', () => caps(), true, false],
  ];
  for (const [name, capabilities, duringThePass, bothAnswers] of cases) {
    for (const n of [0, 40, 700, 3000]) {
      it(`${name}, ${n} pods: the same bytes as the report written whole`, async () => {
        const expected = await whole(n, capabilities());
        const got = await streamed(n, capabilities());
        if (duringThePass || n === 3000) assert.equal(got.started, n >= 64, 'items are handed over every 64 visits once there are any');
        assert.equal(got.text, expected);
        const doc = JSON.parse(got.text) as Report<GmsaItem>;
        if (n >= 700 && bothAnswers) {
          assert.ok(doc.items.some((i) => i.canUse === true) && doc.findings.some((f) => f.id === 'gmsa/rbac-use-denied'), 'allowed and denied');
        }
      });
    }
  }

  it('the generated fleet has what the comparison needs: denials explained, failed reviews unanswered, a review error skipped', async () => {
    const {text} = await streamed(3000, cases[2][1]());
    const doc = JSON.parse(text) as Report<GmsaItem>;
    assert.ok(doc.items.some((i) => i.canUse === false && (i.denial?.length ?? 0) > 0 && i.fix));
    assert.ok(doc.items.some((i) => i.namespace === 'team-3' && i.canUse === null && i.via === null));
    assert.ok(doc.skipped.some((s) => s.check === 'gmsa/rbac-use-denied' && /unable to return a response/.test(s.reason)));
    assert.ok(doc.findings.some((f) => f.id === 'gmsa/credspec-missing'));
    assert.equal(new Set(doc.items.map((i) => `${i.namespace}/${i.serviceAccount}/${i.credentialSpec}`)).size > 40, true, 'many distinct questions');
  });

  it('hands items over during the pass, answered, in the order they were made', async () => {
    const sink = new Recorder();
    const report = await runAnalysis(gmsaAnalysis, snapshotOf(3000), {}, caps(reviewer(() => 0)), sink);
    const handed = sink.batches.flat();
    assert.ok(sink.batches.length > 10, `${sink.batches.length} batches`);
    assert.ok(handed.length > 2000 - 200, `${handed.length} items handed over before finish`);
    assert.ok(report.items.length < 200, `${report.items.length} items kept to finish`);
    assert.ok(
      handed.every((i) => i.via === 'apiserver'),
      'every item handed over has its answer',
    );
    const held = JSON.parse(await whole(3000, caps(reviewer(() => 0)))) as Report<GmsaItem>;
    assert.deepEqual([...handed, ...report.items], held.items);
  });

  it('an item waits for the review of an item before it: nothing passes a review still in flight', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const answer = reviewer(() => 0);
    // The second namespace's sa-b reviews are answered only once the stream has ended.
    const blocked = (namespace: string, serviceAccount: string) => namespace === 'team-1' && serviceAccount === 'sa-b';
    const slow: Review = async (req) => {
      if (blocked(req.namespace, req.user.split(':').pop()!)) await gate;
      return answer(req);
    };
    const base = snapshotOf(3000);
    const snapshot: Snapshot = {
      ...base,
      async *workloads() {
        yield* base.workloads();
        release();
      },
    };
    const sink = new Recorder();
    const report = await runAnalysis(gmsaAnalysis, snapshot, {}, caps(slow), sink);
    const held = JSON.parse(await whole(3000, caps(reviewer(() => 0)))) as Report<GmsaItem>;
    const firstBlocked = held.items.findIndex((i) => blocked(i.namespace, i.serviceAccount));
    const handed = sink.batches.flat();
    assert.ok(handed.length > 0 && firstBlocked > 0);
    assert.ok(handed.length <= firstBlocked, `${handed.length} handed over, the first blocked item is #${firstBlocked}`);
    assert.ok(report.items.length >= held.items.length - firstBlocked);
    assert.deepEqual([...handed, ...report.items], held.items);
  });

  it('doctor counts every item, those it took during the pass and those left to finish', async () => {
    const snapshot = snapshotOf(3000);
    const run = await gmsaAnalysis.begin(snapshot, {}, caps(reviewer(() => 1)));
    let taken = 0;
    let visits = 0;
    for await (const w of snapshot.workloads()) {
      await run.visit(w);
      if (++visits % 64 === 0) taken += run.takeItems!().length;
    }
    const report = await run.finish();
    const held = JSON.parse(await whole(3000, caps(reviewer(() => 1)))) as Report<GmsaItem>;
    assert.ok(taken > 0);
    assert.equal(taken + report.items.length, held.items.length);
    assert.deepEqual(JSON.parse(JSON.stringify(report.findings)), held.findings);
  });

  it('narrowed to a namespace: the same bytes, the credential specs its items name checked', async () => {
    const options = {narrowed: true};
    const expected = await whole(3000, caps(evaluator), options);
    const got = await streamed(3000, caps(evaluator), options);
    assert.equal(got.started, true);
    assert.equal(got.text, expected);
  });
});
