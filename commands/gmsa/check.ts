// `kubectl win gmsa check [POD|kind/name...]`: the whole gMSA chain, live or from manifests (-f).
import {Args} from '@oclif/core';
import {WinCommand, type CommandResult, type Parsed, type RunContext} from '../../src/cli/base-command.js';
import {commonFlags, watchFlag} from '../../src/cli/flags.js';

export default class GmsaCheck extends WinCommand<typeof GmsaCheck> {
  static override summary = 'Check the gMSA chain: CRD, webhooks, credential specs, references, and the RBAC `use` grant of each pod';
  static override description =
    'Checks every link a Windows pod needs to run with a Group Managed Service Account: the GMSACredentialSpec CRD and its versions; ' +
    'the windows-gmsa mutating and validating webhooks (Service with ready endpoints, caBundle, the serving certificate of the pods behind the Service: expiry, signed by the caBundle, names SERVICE.NAMESPACE.svc; failurePolicy, ' +
    'and whether their namespace/object selectors intercept each workload); every credential spec reference in pods and workload ' +
    'templates and whether it resolves; the credential spec content; and, asked exactly as the webhook asks (a LocalSubjectAccessReview ' +
    "for system:serviceaccount:NS:SA with the service-account groups only), whether the pod's service account may `use` it, with the " +
    'RBAC binding that grants it, or why not and the ClusterRole + RoleBinding that would. When you may not create reviews, or with -f, ' +
    'a local RBAC evaluator that follows kube-apiserver answers instead (via: evaluator).';
  static override examples = [
    {description: 'The whole chain, for every pod and workload in all namespaces', command: 'kubectl win gmsa check -A'},
    {description: "One Deployment's references and its service account's use grant", command: 'kubectl win gmsa check -n web deployment/iis'},
    {description: 'Manifests offline (the RBAC evaluator answers), as JSON', command: 'kubectl win gmsa check -f examples/gmsa/ -o json'},
  ];
  static override args = {names: Args.string({ignoreStdin: true, description: 'Pods (POD) or workloads (kind/name); default: all in scope', required: false})};
  static override strict = false;
  static override flags = {...commonFlags, ...watchFlag};

  protected parseInput(): Promise<Parsed<typeof GmsaCheck>> {
    return this.parse(GmsaCheck);
  }

  /** Nothing beyond the shared checks. */
  protected validate(): void {}

  protected async execute(ctx: RunContext<typeof GmsaCheck>): Promise<CommandResult> {
    const [{openSource}, {gmsaAnalysis}, {runAnalysis}, {gmsaView}, {noteUntestedServer}, {scopeIsNarrowed}] = await Promise.all([
      import('../../src/source/open.js'),
      import('../../src/analyses/gmsa/analysis.js'),
      import('../../src/analyses/types.js'),
      import('../../src/analyses/gmsa/view.js'),
      import('../../src/cli/k8s-version.js'),
      import('../../src/analyses/scope.js'),
    ]);
    const source = await openSource(ctx.opts, ctx.signal);
    const request = gmsaAnalysis.request({names: ctx.argv});
    const snapshot = await source.snapshot(request);
    const options = {names: ctx.argv, narrowed: scopeIsNarrowed(snapshot, ctx.opts.selector, ctx.argv)};
    const report = await runAnalysis(gmsaAnalysis, snapshot, options, source.capabilities(), ctx.items);
    noteUntestedServer(report, []);
    return {report, view: (wide) => gmsaView(report, wide), watch: {request, source}};
  }
}
