// The decoder catalogue: each pattern recognises the strings its sources quote, the most specific
// entry wins when one message wraps another, every source is the check's documented source, and
// exit codes read as Windows prints them.
import assert from 'node:assert/strict';
import {CATALOGUE, describeExitCode, entryFor, entryForExitCode, rankOf, sourceUrl, unsignedExitCode} from '../../../../src/analyses/why/causes.js';
import {WHY_CHECKS} from '../../../../src/analyses/why/checks.js';

/** A quote with its format verbs filled in, as the program would print it. */
const filled = (quote: string) => quote.replace(/%q/g, '"x"').replace(/%s/g, 'windows').replace(/%v/g, 'cpu').replace(/%d/g, '1');

describe('why: the decoder catalogue', () => {
  for (const entry of CATALOGUE) {
    it(`${entry.id}: recognises every string its sources quote`, () => {
      assert.ok(entry.sources.length > 0);
      for (const s of entry.sources) {
        if (entry.exitCode !== undefined) {
          const forms = [String(entry.exitCode), String(entry.exitCode | 0), `0x${entry.exitCode.toString(16)}`];
          assert.ok(
            forms.some((f) => s.quote.toLowerCase().includes(f)),
            `${s.ref}: ${s.quote} names none of ${forms.join(', ')}`,
          );
          assert.equal(entryForExitCode(entry.exitCode | 0)?.id, entry.id, 'the signed form decodes too');
          continue;
        }
        assert.ok(entry.pattern, `${entry.id} has neither a pattern nor an exit code`);
        assert.ok(entry.pattern.test(filled(s.quote)), `${s.ref}: ${s.quote}`);
        // The first entry that matches is this one or a more specific one of the same string.
        const first = entryFor(filled(s.quote))!;
        assert.ok(rankOf(first.id) <= rankOf(entry.id));
      }
    });
  }

  it("every entry's sources are in its check's documented source, and each id is a catalogued check", () => {
    const checks = new Map<string, string>(WHY_CHECKS.map((c) => [c.id, c.source]));
    for (const e of CATALOGUE) {
      const source = checks.get(e.id);
      assert.ok(source, `${e.id} is not in WHY_CHECKS`);
      for (const s of e.sources) assert.ok(source.split(/;\s*/).includes(s.ref), `${e.id}: ${s.ref} not in "${source}"`);
    }
    assert.equal(new Set(CATALOGUE.map((e) => e.id)).size, CATALOGUE.length);
  });

  it('every basis backs words the entry says, from a public https address', () => {
    const based = CATALOGUE.filter((e) => e.basis);
    assert.deepEqual(
      based.map((e) => e.id),
      ['why/eks-windows-ipam', 'why/gmsa-credspec-empty'],
    );
    for (const e of based) {
      for (const b of e.basis!) {
        assert.match(b.url, /^https:\/\//);
        assert.ok(`${e.cause} ${e.fix}`.includes(b.claim), `${e.id}: "${b.claim}" is not in its cause or fix`);
      }
    }
    // The reading the gMSA entry gives: 3489660941 is HRESULT_FROM_NT(STATUS_INVALID_PARAMETER).
    assert.equal((0xc000000d | 268435456) >>> 0, 3489660941);
    assert.equal((-1073741811 >>> 0).toString(16), 'c000000d');
  });

  it('covers every family the issue lists', () => {
    assert.deepEqual([...new Set(CATALOGUE.map((e) => e.family))].sort(), [
      'admission',
      'exit-code',
      'gmsa',
      'image-host',
      'network',
      'process',
      'pull',
      'scheduling',
      'storage',
    ]);
  });

  it('the most specific entry wins when the CNI failure wraps the HNS or EKS one', () => {
    const wrapped =
      'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "abc": plugin type="win-bridge" failed (add): HNS failed with error : Element not found.';
    assert.equal(entryFor(wrapped)?.id, 'why/hns-endpoint');
    const eks =
      'failed to set up sandbox container "5b5f" network for pod "p": NetworkPlugin cni failed to set up pod "p_ns" network: failed to parse Kubernetes args: pod does not have label vpc.amazonaws.com/PrivateIPv4Address';
    assert.equal(entryFor(eks)?.id, 'why/eks-windows-ipam');
    assert.equal(entryFor('failed to setup network for sandbox "x": plugin type="calico" failed (add): timeout')?.id, 'why/cni-sandbox');
    assert.equal(
      entryFor('Failed to pull image "mcr.microsoft.com/windows/servercore:ltsc2022": rpc error: code = DeadlineExceeded desc = context deadline exceeded')?.id,
      'why/image-pull-timeout',
    );
    assert.equal(entryFor('Back-off pulling image "mcr.microsoft.com/windows/servercore:ltsc2022"')?.id, 'why/image-pull-failed');
    assert.equal(entryFor('Started container app'), undefined);
  });

  it("reads the scheduler's messages of v1.34 and of older releases", () => {
    const now =
      "0/4 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 3 node(s) had untolerated taint {os: windows}. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.";
    // Taints before selectors: the catalogue's order, whatever the message's.
    assert.equal(entryFor(now)?.id, 'why/unschedulable-taint');
    assert.equal(entryFor("0/3 nodes are available: 3 node(s) had taint {os: windows}, that the pod didn't tolerate.")?.id, 'why/unschedulable-taint');
    assert.equal(entryFor("0/2 nodes are available: 2 node(s) didn't match node selector.")?.id, 'why/unschedulable-selector');
    // The Linux nodes fail the selector; the Windows ones it selects are full.
    assert.equal(
      entryFor("0/4 nodes are available: 2 Insufficient memory, 2 node(s) didn't match Pod's node affinity/selector.")?.id,
      'why/unschedulable-capacity',
    );
    assert.equal(entryFor('0/2 nodes are available: 2 Insufficient cpu.')?.id, 'why/unschedulable-capacity');
  });

  it('shows exit codes in decimal and hex with their Windows name, signed or not', () => {
    assert.equal(unsignedExitCode(-1073741510), 3221225786);
    assert.equal(describeExitCode(3221225781), 'exit code 3221225781 = 0xC0000135 (STATUS_DLL_NOT_FOUND: a DLL was not found)');
    assert.equal(describeExitCode(-1073741510), 'exit code 3221225786 = 0xC000013A (STATUS_CONTROL_C_EXIT: ended by Ctrl+C or close)');
    assert.equal(describeExitCode(3221225477), 'exit code 3221225477 = 0xC0000005 (STATUS_ACCESS_VIOLATION: access violation)');
    assert.equal(describeExitCode(1067), 'exit code 1067 (ERROR_PROCESS_ABORTED: the process terminated unexpectedly)');
    assert.equal(describeExitCode(3221225794), 'exit code 3221225794 = 0xC0000142 (STATUS_DLL_INIT_FAILED: a DLL failed to initialise)');
    assert.equal(describeExitCode(42), 'exit code 42');
    assert.equal(entryForExitCode(42), undefined);
    assert.equal(entryForExitCode(3221225781)?.id, 'why/exit-dll-not-found');
  });

  it('gives each source a public address', () => {
    assert.equal(sourceUrl('Azure/aks-engine#853'), 'https://github.com/Azure/aks-engine/issues/853');
    assert.equal(
      sourceUrl('kubernetes-sigs/windows-gmsa admission-webhook/webhook.go'),
      'https://github.com/kubernetes-sigs/windows-gmsa/blob/master/admission-webhook/webhook.go',
    );
    assert.equal(
      sourceUrl('kubernetes/pod-security-admission admission/admission.go'),
      'https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/pod-security-admission/admission/admission.go',
    );
  });
});
