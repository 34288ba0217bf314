// The scheduler's FitError message per reason (kubernetes/kubernetes
// pkg/scheduler/framework/types.go FitError.Error(), v1.34-v1.37), and the cause chosen from it.
// The messages are the real kube-scheduler's: the demo cluster's win-lint/hugepages (v1.34.3) and
// the e2e control plane's (test/e2e/why.test.ts).
import assert from 'node:assert/strict';
import {parseFitError} from '../../../../src/analyses/why/scheduler-message.js';
import {decodeEvidence} from '../../../../src/analyses/why/decode.js';
import type {Evidence} from '../../../../src/analyses/why/evidence.js';

const HUGEPAGES =
  "0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 3 Insufficient hugepages-2Mi. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.";
const NO_BUILD =
  "0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";
const TAINT =
  "0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 3 node(s) had untolerated taint(s). preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";

const scheduling = (message: string, ageSeconds = 10): Evidence => ({from: 'event', reason: 'FailedScheduling', message, count: 3, ageSeconds});
const LINUX_ONLY = {otherOsNodes: 1};

describe('why: the scheduler message per reason', () => {
  it('counts the nodes per reason, as FitError.Error() writes them', () => {
    assert.deepEqual(parseFitError(HUGEPAGES), {
      allNodes: 4,
      reasons: [
        {nodes: 1, reason: "node(s) didn't match Pod's node affinity/selector"},
        {nodes: 3, reason: 'Insufficient hugepages-2Mi'},
      ],
    });
    // A taint's key has dots; one node can give two reasons, so the counts add up to more than the nodes.
    assert.deepEqual(
      parseFitError('0/2 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 1 Insufficient cpu, 1 Insufficient memory.')
        ?.reasons,
      [
        {nodes: 1, reason: 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }'},
        {nodes: 1, reason: 'Insufficient cpu'},
        {nodes: 1, reason: 'Insufficient memory'},
      ],
    );
    // A PreFilter failure has no per-node histogram; any other text is no FitError.
    assert.deepEqual(
      parseFitError(
        '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
      )?.reasons,
      [],
    );
    assert.equal(parseFitError('Back-off pulling image "nginx"'), undefined);
  });

  it('the Windows nodes short of hugepages are the cause; the Linux node the selector excludes is context', () => {
    const causes = decodeEvidence([scheduling(HUGEPAGES)], LINUX_ONLY);
    assert.deepEqual(
      causes.map((c) => c.id),
      ['why/unschedulable-capacity'],
    );
    assert.deepEqual(causes[0].resources, ['hugepages-2Mi']);
    assert.match(causes[0].cause, /too little allocatable hugepages-2Mi left/);
    assert.deepEqual(causes[0].context, [
      '3 of 4: Insufficient hugepages-2Mi',
      "1 of 4: node(s) didn't match Pod's node affinity/selector (nodes of another OS, which the pod does not select: as intended)",
    ]);
    assert.ok(causes[0].evidence[0].includes(HUGEPAGES), 'the whole message stays the evidence');
  });

  it('an extended resource no node has is a capacity cause naming it', () => {
    const msg =
      "0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 3 Insufficient example.com/dongle. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.";
    const [c] = decodeEvidence([scheduling(msg)], LINUX_ONLY);
    assert.equal(c.id, 'why/unschedulable-capacity');
    assert.deepEqual(c.resources, ['example.com/dongle']);
    // NodeResourcesFit's reason for a node whose pod count is full (noderesources/fit.go).
    assert.deepEqual(
      decodeEvidence([scheduling("0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 3 Too many pods.")], LINUX_ONLY)[0].resources,
      ['pods'],
    );
  });

  it('a selector that excludes Windows nodes too is the cause', () => {
    const causes = decodeEvidence([scheduling(NO_BUILD)], LINUX_ONLY);
    assert.deepEqual(
      causes.map((c) => c.id),
      ['why/unschedulable-selector'],
    );
    assert.deepEqual(causes[0].context, ["4 of 4: node(s) didn't match Pod's node affinity/selector"]);
  });

  it('the reasons covering the most nodes come first; offline (no nodes known) every reason stays a cause', () => {
    const msg = "0/5 nodes are available: 1 Insufficient memory, 4 node(s) didn't match Pod's node affinity/selector.";
    assert.deepEqual(
      decodeEvidence([scheduling(msg)], LINUX_ONLY).map((c) => c.id),
      ['why/unschedulable-selector', 'why/unschedulable-capacity'],
    );
    assert.deepEqual(
      decodeEvidence([scheduling(TAINT)]).map((c) => c.id),
      ['why/unschedulable-taint', 'why/unschedulable-selector'],
    );
    assert.deepEqual(
      decodeEvidence([scheduling(TAINT)], LINUX_ONLY).map((c) => c.id),
      ['why/unschedulable-taint'],
    );
  });

  it("reads the newest message's counts when the scheduler reported more than once", () => {
    const older = "0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 3 Insufficient memory.";
    const newer = "0/5 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 4 Insufficient memory.";
    const [c] = decodeEvidence([scheduling(older, 300), scheduling(newer, 5)], LINUX_ONLY);
    assert.equal(c.context?.[0], '4 of 5: Insufficient memory');
  });
});
