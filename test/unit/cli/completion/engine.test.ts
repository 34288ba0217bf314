// The completion engine over the real command registry, with the world's names faked: what each
// word position offers, and which scope (namespace, context, kubeconfig) the live lists are asked for.
import assert from 'node:assert/strict';
import {COMMANDS} from '../../../../commands/registry.js';
import {Directive, type Completion} from '../../../../src/cli/completion/directive.js';
import {complete, type ClusterList, type KubeconfigList, type Lists, type LiveScope} from '../../../../src/cli/completion/engine.js';
import {treeOf, type CommandClassLike} from '../../../../src/cli/completion/tree.js';

const tree = treeOf(COMMANDS as unknown as Record<string, CommandClassLike>, {gmsa: 'gMSA checks', psp: 'PodSecurityPolicy migration'});

class FakeLists implements Lists {
  calls: Array<{what: string; scope?: LiveScope}> = [];
  names: Partial<Record<ClusterList | KubeconfigList, string[]>> = {
    namespaces: ['default', 'web', 'windows-system'],
    pods: ['iis-0', 'iis-1', 'nginx-0'],
    deployments: ['iis', 'web'],
    nodes: ['akswin000001', 'akswin000002'],
    contexts: ['prod', 'staging'],
    clusters: ['prod-cluster'],
    users: ['admin'],
  };
  async kubeconfig(what: KubeconfigList, scope: LiveScope) {
    this.calls.push({what, scope});
    return this.names[what] ?? [];
  }
  async cluster(what: ClusterList, scope: LiveScope) {
    this.calls.push({what, scope});
    return this.names[what] ?? [];
  }
  async analyses() {
    return ['qos', 'lint', 'gmsa', 'psp', 'nodes'];
  }
  async rbacCommands() {
    return ['qos', 'lint', 'gmsa check', 'psp readiness', 'nodes', 'doctor', 'gmsa nltest'];
  }
}

async function run(...words: string[]): Promise<Completion & {values: string[]; lists: FakeLists}> {
  const lists = new FakeLists();
  const c = await complete(tree, words, lists);
  return {...c, values: c.candidates.map((x) => x.value), lists};
}

describe('completion engine', () => {
  it('offers the commands and topics first, with their summaries, and no files', async () => {
    const r = await run('');
    assert.deepEqual([...r.values].sort(), ['completion', 'doctor', 'gmsa', 'lint', 'logs', 'nodes', 'psp', 'qos', 'rbac', 'upgrade-plan', 'version', 'why']);
    assert.equal(r.directive, Directive.noFileComp);
    assert.equal(r.candidates.find((c) => c.value === 'gmsa')?.description, 'gMSA checks');
    assert.match(r.candidates.find((c) => c.value === 'qos')?.description ?? '', /QoS class/);
  });

  it('narrows by the typed prefix, and completes inside a topic', async () => {
    assert.deepEqual((await run('g')).values, ['gmsa']);
    assert.deepEqual((await run('gmsa', '')).values, ['check', 'nltest']);
    assert.deepEqual((await run('psp', 'r')).values, ['readiness']);
    assert.deepEqual((await run('nosuch', '')).values, []);
  });

  it('offers flag names after a dash, with descriptions, shorthands only for one letter', async () => {
    const r = await run('qos', '--o');
    assert.deepEqual(r.values, ['--output']);
    assert.equal(
      r.candidates[0].description,
      'Output format; name prints kind/name of each object, as kubectl -o name; sarif is SARIF 2.1.0 (GitHub code scanning), github annotates files in GitHub Actions',
    );
    const dash = (await run('qos', '-')).values;
    assert.ok(dash.includes('-n') && dash.includes('--namespace') && dash.includes('-A') && dash.includes('--k8s-version'));
    assert.ok(!dash.includes('--version'), 'a hidden flag is not offered');
    assert.ok(!(await run('qos', '--')).values.includes('-n'));
  });

  it('does not offer a flag again once given, unless it repeats', async () => {
    const r = await run('qos', '-o', 'json', '-f', 'a.yaml', '--');
    assert.ok(!r.values.includes('--output'));
    assert.ok(r.values.includes('--filename'), '-f is repeatable');
  });

  it('offers the enum values of -o, --fail-on and --k8s-version, in either flag form', async () => {
    assert.deepEqual((await run('qos', '-o', '')).values, ['text', 'wide', 'json', 'yaml', 'name', 'junit', 'sarif', 'github']);
    assert.deepEqual((await run('qos', '--output', 'j')).values, ['json', 'junit']);
    assert.deepEqual((await run('qos', '--output=j')).values, ['--output=json', '--output=junit']);
    assert.deepEqual((await run('lint', '--fail-on', '')).values, ['error', 'warning', 'info', 'none']);
    const versions = await run('doctor', '--k8s-version', '');
    assert.deepEqual(versions.values, ['latest', 'v1.37', 'v1.36', 'v1.35', 'v1.34']);
    assert.equal(versions.directive, Directive.noFileComp | Directive.keepOrder);
    assert.deepEqual((await run('rbac', '-o', '')).values, ['text', 'json', 'yaml'], "rbac's own -o");
  });

  it("offers kubectl's --validate values on lint and doctor, names first", async () => {
    for (const cmd of ['lint', 'doctor']) {
      const r = await run(cmd, '--validate', '');
      assert.deepEqual(r.values, ['strict', 'warn', 'ignore', 'true', 'false']);
      assert.equal(r.directive, Directive.noFileComp | Directive.keepOrder);
    }
    assert.deepEqual((await run('lint', '--validate=w')).values, ['--validate=warn']);
    assert.ok(!(await run('qos', '--')).values.includes('--validate'), 'qos has no --validate');
  });

  it('upgrade-plan: offers the Windows Server versions for --to, manifest files for --nodes', async () => {
    const to = await run('upgrade-plan', '--to', '');
    assert.deepEqual(to.values, ['2019', '2022', '23H2', '2025']);
    assert.equal(to.directive, Directive.noFileComp | Directive.keepOrder);
    assert.deepEqual((await run('upgrade-plan', '--to', '20')).values, ['2019', '2022', '2025']);
    assert.equal((await run('upgrade-plan', '--nodes', '')).directive, Directive.filterFileExt);
  });

  it('completes --analyses as a comma list, without a space, leaving out the ones given', async () => {
    const r = await run('doctor', '--analyses', 'lint,');
    assert.deepEqual(r.values, ['lint,qos', 'lint,gmsa', 'lint,psp', 'lint,nodes']);
    assert.equal(r.directive, Directive.noFileComp | Directive.noSpace);
    assert.deepEqual((await run('doctor', '--analyses=q')).values, ['--analyses=qos']);
  });

  it('asks for namespaces and contexts with the kubeconfig and context typed so far', async () => {
    const ns = await run('qos', '--kubeconfig', '/tmp/kc', '--context', 'prod', '-n', 'w');
    assert.deepEqual(ns.values, ['web', 'windows-system']);
    assert.deepEqual(ns.lists.calls, [
      {what: 'namespaces', scope: {kubeconfig: '/tmp/kc', context: 'prod', cluster: undefined, user: undefined, namespace: undefined, allNamespaces: false}},
    ]);
    const ctx = await run('doctor', '--context', '');
    assert.deepEqual(ctx.values, ['prod', 'staging']);
    assert.equal(ctx.lists.calls[0].what, 'contexts');
    assert.deepEqual((await run('qos', '--user', '')).values, ['admin']);
  });

  it('offers pods and kind/ prefixes for a POD argument, in the namespace given', async () => {
    const r = await run('qos', '-n', 'web', '');
    assert.deepEqual(r.values, [
      'iis-0',
      'iis-1',
      'nginx-0',
      'cronjobs/',
      'daemonsets/',
      'deployments/',
      'jobs/',
      'pods/',
      'replicasets/',
      'replicationcontrollers/',
      'statefulsets/',
    ]);
    assert.equal(r.directive, Directive.noFileComp);
    assert.equal(r.lists.calls[0].scope?.namespace, 'web');
    const prefixOnly = await run('lint', 'de');
    assert.deepEqual(prefixOnly.values, ['deployments/']);
    assert.equal(prefixOnly.directive, Directive.noFileComp | Directive.noSpace, 'no space after the slash');
  });

  it('completes kind/name with the kind as typed (short names too), across namespaces with -A', async () => {
    const r = await run('gmsa', 'check', '-A', 'deploy/i');
    assert.deepEqual(r.values, ['deploy/iis']);
    assert.deepEqual(
      r.lists.calls.map((c) => [c.what, c.scope?.allNamespaces]),
      [['deployments', true]],
    );
    assert.deepEqual((await run('qos', 'services/')).values, [], 'a kind that holds no pods');
  });

  it("gmsa nltest takes one target; offline (-f) names are not the cluster's", async () => {
    assert.ok((await run('gmsa', 'nltest', '')).values.includes('iis-0'));
    assert.deepEqual((await run('gmsa', 'nltest', 'iis-0', '')).values, []);
    const offline = await run('qos', '-f', 'x.yaml', '');
    assert.deepEqual(offline.values, []);
    assert.deepEqual(offline.lists.calls, []);
  });

  it('completes node names for nodes, shells for completion, commands for rbac', async () => {
    assert.deepEqual((await run('nodes', 'akswin000')).values, ['akswin000001', 'akswin000002']);
    assert.deepEqual((await run('completion', '')).values, ['bash', 'zsh', 'fish', 'powershell']);
    assert.deepEqual((await run('completion', 'bash', '')).values, []);
    assert.deepEqual((await run('rbac', 'gmsa', '')).values, ['check', 'nltest']);
    assert.ok((await run('rbac', '')).values.includes('psp'));
  });

  it('asks the shell for manifest files after -f and for any file after --kubeconfig', async () => {
    const f = await run('lint', '-f', '');
    assert.deepEqual(f.values, ['json', 'yaml', 'yml']);
    assert.equal(f.directive, Directive.filterFileExt);
    assert.equal((await run('lint', '--kubeconfig', '')).directive, Directive.default);
    const eq = await run('lint', '--filename=ex');
    assert.deepEqual([eq.values, eq.directive], [['json', 'yaml', 'yml'], Directive.filterFileExt], 'the shell completes files after the =');
  });

  it('asks the shell for YAML files after --config and --baseline, for any file after --write-baseline', async () => {
    for (const flag of ['--config', '--baseline']) {
      const r = await run('doctor', flag, '');
      assert.deepEqual([r.values, r.directive], [['yaml', 'yml'], Directive.filterFileExt], flag);
    }
    assert.equal((await run('lint', '--write-baseline', '')).directive, Directive.default);
  });

  it('after --, every word is an argument, never a flag', async () => {
    const r = await run('qos', '--', '-');
    assert.ok(!r.values.some((v) => v.startsWith('--')));
  });
});
