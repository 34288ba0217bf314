// `kubectl win doctor`: every read-only check, over one snapshot and one pass, one exit code.
import {Flags} from '@oclif/core';
import {WinCommand, type CommandResult, type Parsed, type RunContext} from '../src/cli/base-command.js';
import {checkFixable, fixFlag, fixOutput} from '../src/cli/fix-output.js';
import {InputError} from '../src/errors.js';
import {commonFlags, fieldValidationOf, validateFlag, versionFlag, withBareValidate, withoutNameOutput} from '../src/cli/flags.js';
import type {FieldValidation} from '../src/k8s/decode.js';
import type {DoctorEntry} from '../src/analyses/doctor/registry.js';
import type {VersionedAnalysis} from '../src/k8s/minor-versions.js';

/** What doctor's flags ask for, once checked. */
interface DoctorPlan {
  entries: readonly DoctorEntry[];
  /** The analyses that run and follow a Kubernetes minor. */
  versioned: VersionedAnalysis[];
  minor: number | undefined;
  /** --validate, for lint's unknown fields in manifests. */
  fieldValidation: FieldValidation;
  /** The clock (ms): --now, else the time of the run. */
  now: number;
}

/** Only the text summary is printed: no -o wide or data format, no --fix, no suppression file, no baseline to write. */
function summaryOnly(ctx: RunContext<typeof Doctor>): boolean {
  return ctx.opts.output === 'text' && !ctx.flags.fix && !ctx.suppressionFiles && ctx.opts.writeBaselineFile === undefined;
}

export default class Doctor extends WinCommand<typeof Doctor, DoctorPlan> {
  static override summary = 'Every read-only check at once (qos, lint, gmsa check, psp readiness, nodes, why): one summary, one exit code';
  static override description =
    'Runs every read-only analysis of kubectl-win over one read of the cluster (each kind listed once, pods and workload templates ' +
    'streamed once) or over manifests (-f): QoS, Windows pod-spec lint, the gMSA chain, Pod Security readiness and the Windows node ' +
    'inventory, and why the Windows pods that are not running do not start (their status and events decoded). Prints one summary grouped by severity and check, and exits 1 when a finding reaches --fail-on. What the user may not ' +
    'read is reported as skipped, with the reason, and the rest still runs; when that is an object an analysis examines (pods, workloads, ' +
    'nodes, credential specs, ...), the analysis is incomplete, the RBAC rule that would allow the read is named, and the exit code is 4 ' +
    '(--strict: any skipped check). Reads all namespaces unless -n is given; with -n or -l, ' +
    'credential specs, webhooks and nodes are reported only as the objects in scope use them.';
  static override examples = [
    {description: 'Every check across the cluster', command: 'kubectl win doctor'},
    {description: 'One namespace, failing on warnings too (CI)', command: 'kubectl win doctor -n web --fail-on warning'},
    {description: 'The whole report for a ticket or a script', command: 'kubectl win doctor -o json > doctor.json'},
    {description: 'Manifests offline, every finding with its field and fix', command: 'kubectl win doctor -f ./manifests -R -o wide'},
    {description: 'Only some analyses', command: 'kubectl win doctor --analyses lint,gmsa'},
    {description: "The QoS and Pod Security rules of another minor than the server's", command: 'kubectl win doctor --k8s-version v1.34'},
  ];
  static override flags = {
    ...withoutNameOutput(commonFlags),
    fix: fixFlag,
    ...versionFlag,
    ...validateFlag,
    analyses: Flags.string({description: 'Only these analyses, comma-separated (qos, lint, gmsa, psp, nodes, why)'}),
    // Tests: the day end-of-support lines and event ages are counted from.
    now: Flags.string({description: 'The time the run counts from (RFC 3339 or yyyy-mm-dd), for tests', hidden: true}),
  };

  protected parseInput(): Promise<Parsed<typeof Doctor>> {
    return this.parse(Doctor, withBareValidate(this.argv));
  }

  /** --fix with what it needs; --analyses names known analyses; the minor is one they all know. */
  protected async validate(ctx: RunContext<typeof Doctor>): Promise<DoctorPlan> {
    if (ctx.flags.fix) checkFixable(ctx.opts);
    const fieldValidation = fieldValidationOf(ctx.flags.validate);
    const [{DOCTOR_ANALYSES}, {k8sVersionFromFlags}, {isVersioned}] = await Promise.all([
      import('../src/analyses/doctor/registry.js'),
      import('../src/cli/k8s-version.js'),
      import('../src/k8s/minor-versions.js'),
    ]);
    const only = ctx.flags.analyses
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const known = DOCTOR_ANALYSES.map((e) => e.analysis.name);
    const unknown = (only ?? []).filter((n) => !known.includes(n));
    if (unknown.length > 0) throw new InputError(`error: unknown analysis ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${known.join(', ')}`);
    const entries = only ? DOCTOR_ANALYSES.filter((e) => only.includes(e.analysis.name)) : DOCTOR_ANALYSES;
    // Every analysis that runs must know the minor asked for: none of them quietly uses other rules.
    const versioned = entries.map((e) => e.analysis.name).filter(isVersioned);
    const now = ctx.flags.now === undefined ? Date.now() : Date.parse(ctx.flags.now);
    if (Number.isNaN(now)) throw new InputError(`error: --now "${ctx.flags.now}": not a time (RFC 3339 or yyyy-mm-dd)`);
    return {entries, versioned, minor: k8sVersionFromFlags(ctx.flags, versioned), fieldValidation, now};
  }

  protected async execute(ctx: RunContext<typeof Doctor>, {entries, versioned, minor, fieldValidation, now}: DoctorPlan): Promise<CommandResult> {
    const [{openSource}, {runDoctor, runDoctorDigest}, {doctorView}, {startProgress}, {noteUntestedServer}] = await Promise.all([
      import('../src/source/open.js'),
      import('../src/analyses/doctor/run.js'),
      import('../src/analyses/doctor/view.js'),
      import('../src/render/progress.js'),
      import('../src/cli/k8s-version.js'),
    ]);
    const version = minor === undefined ? undefined : `v1.${minor}`;
    // Across the cluster unless a namespace is named.
    const opts = {...ctx.opts, allNamespaces: ctx.opts.allNamespaces || ctx.opts.namespace === undefined};
    // A namespace or a selector narrows the verdict on cluster-scoped objects to what that scope uses.
    const dctx = {
      offline: opts.filenames.length > 0,
      version,
      minor,
      fieldValidation,
      selector: opts.selector,
      narrowed: !opts.allNamespaces || Boolean(opts.selector),
      now,
    };
    // On a terminal only (stderr), never into the data on stdout.
    const progress = startProgress();
    try {
      const optionsOf = (e: DoctorEntry) => e.options(dctx);
      // The summary prints counts and a few lines: counted as the analyses go, unless something needs every finding.
      const source = await openSource(opts, ctx.signal, minor);
      const summary = summaryOnly(ctx) ? await runDoctorDigest(source, entries, optionsOf, progress) : undefined;
      const report = summary?.report ?? (await runDoctor(source, entries, optionsOf, progress));
      noteUntestedServer(report, versioned, minor);
      return {report, view: (wide) => doctorView(report, wide, summary?.digest), ...(await fixOutput(ctx, report))};
    } finally {
      progress.done();
    }
  }
}
