// The findings on one unit (an evaluated pod or template not counted under another): the current
// enforce level it violates, the level it keeps its namespace from, and the Windows facts.
import {serviceAccountCanUse, type PspUseGrant} from '../../k8s/psp/use.js';
import {finding} from '../../report/finding.js';
import type {Finding, ObjectRef, Remedy} from '../../report/types.js';
import type {PodEvaluation} from './evaluate.js';

export const OS_REMEDY_TEXT =
  'Set spec.os.name: windows and remove the Linux-only fields the API then rejects (do not add capabilities.drop or seccompProfile: Windows pods are exempt from those checks).';

// The same for most pods: one object each, shared by the findings (never changed after they are made).
const WINDOWS_NON_ROOT_REMEDY = {
  text: 'Windows pods are not exempt from runAsNonRoot: set securityContext.runAsNonRoot: true and run as ContainerUser (securityContext.windowsOptions.runAsUserName: ContainerUser); the Windows kubelet refuses ContainerAdministrator under runAsNonRoot.',
};
const RESTRICTED_FIELDS_REMEDY = {text: 'Set the fields restricted requires (see the message), or enforce baseline.'};
// A Windows pod without spec.os.name fails the Linux-only restricted checks (allowPrivilegeEscalation,
// capabilities, seccomp) that spec.os.name: windows exempts it from: that is the first fix, not runAsNonRoot.
// The restricted checks that skip pods with spec.os.name: windows (pod-security-admission policy/check_*.go, v1.25+).
const LINUX_ONLY_CHECKS = new Set(['allowPrivilegeEscalation', 'capabilities_restricted', 'seccompProfile_restricted']);
const OS_FIRST_REMEDY = {
  text: 'First set spec.os.name: windows (see psp/windows-missing-os): Pod Security then skips its Linux-only checks; fix what remains after that.',
};
const HOSTPROCESS_REMEDY = {
  text: 'Run HostProcess workloads in a dedicated namespace that enforces privileged (pod-security.kubernetes.io/enforce=privileged), so other namespaces can enforce baseline or restricted.',
};
const RUN_AS_CONTAINER_USER_REMEDY = {
  text: 'With runAsNonRoot: true, run the container as ContainerUser (securityContext.windowsOptions.runAsUserName: ContainerUser).',
};

interface UnitContext {
  ns: string;
  /** PSA's message for each evaluation that violates the namespace's current enforce level. */
  enforce: Map<PodEvaluation, string>;
  grants: PspUseGrant[];
  /** The remedy setting spec.os.name: windows, made where the workload was seen. */
  osRemedies: Map<PodEvaluation, Remedy>;
}

export function unitFindings(u: PodEvaluation, ctx: UnitContext): Finding[] {
  const object = {kind: u.kind, namespace: ctx.ns, name: u.name};
  const findings: Finding[] = [];
  const enforceMsg = ctx.enforce.get(u);
  if (enforceMsg) findings.push(violatesEnforce(u, object, enforceMsg));
  const blocks = blocksNextLevel(u, object, ctx.ns);
  if (blocks) findings.push(blocks);
  windowsFindings(u, object, ctx, findings);
  if (u.psp && !u.template && ctx.grants.length > 0 && !serviceAccountCanUse(ctx.grants, u.psp, ctx.ns, u.serviceAccount)) {
    findings.push(
      finding('psp/pod-psp-not-granted', {
        object,
        field: 'metadata.annotations[kubernetes.io/psp]',
        message: `pod was admitted under PodSecurityPolicy "${u.psp}", which its ServiceAccount "${u.serviceAccount}" may not use: the user that created it could`,
      }),
    );
  }
  return findings;
}

function violatesEnforce(u: PodEvaluation, object: ObjectRef, message: string): Finding {
  return finding('psp/violates-enforce', {
    object,
    field: u.specPath,
    message,
    remedy: {
      text: u.template
        ? `PSA does not enforce on templates (it warns and audits on them): the ${u.kind}'s next pods will be rejected with this message. Fix the template, or relax the namespace's enforce level.`
        : 'This running pod was admitted before the label; PSA will reject it when it is recreated. Fix its owner, or relax the enforce level.',
    },
  });
}

/** psp/blocks-baseline or psp/blocks-restricted: the level it keeps its namespace from. */
function blocksNextLevel(u: PodEvaluation, object: ObjectRef, ns: string): Finding | undefined {
  if (u.level === 'privileged') {
    return finding('psp/blocks-baseline', {
      object,
      field: u.specPath,
      message: u.messages.baseline ?? '',
      remedy: {
        text: u.hostProcess
          ? 'A HostProcess pod is privileged by design: keep it in a namespace that enforces privileged, apart from other workloads.'
          : `Remove the fields listed, or keep namespace "${ns}" at privileged.`,
      },
    });
  }
  if (u.level !== 'baseline') return undefined;
  return finding('psp/blocks-restricted', {object, field: u.specPath, message: u.messages.restricted ?? '', remedy: restrictedRemedy(u)});
}

function restrictedRemedy(u: PodEvaluation): Remedy {
  if (u.levelWithOsWindows || (u.windows && u.violations.restricted.some((v) => LINUX_ONLY_CHECKS.has(v.check)))) return OS_FIRST_REMEDY;
  const winNonRoot = u.windows && u.violations.restricted.some((v) => v.check === 'runAsNonRoot');
  return winNonRoot ? WINDOWS_NON_ROOT_REMEDY : RESTRICTED_FIELDS_REMEDY;
}

/** psp/windows-missing-os, psp/windows-hostprocess and psp/windows-run-as-non-root. */
function windowsFindings(u: PodEvaluation, object: ObjectRef, ctx: UnitContext, findings: Finding[]): void {
  if (u.levelWithOsWindows) {
    findings.push(
      finding('psp/windows-missing-os', {
        object,
        field: `${u.specPath}.os.name`,
        message: `${u.kind} "${u.name}" targets Windows (${u.windows}) but does not set spec.os.name: windows, so Pod Security applies the Linux rules: it meets ${u.level}; with spec.os.name: windows it would meet ${u.levelWithOsWindows} (v1.25+ exempts Windows pods from allowPrivilegeEscalation, capabilities and seccomp)`,
        remedy: ctx.osRemedies.get(u) ?? {text: OS_REMEDY_TEXT},
      }),
    );
  }
  if (u.hostProcess) {
    findings.push(
      finding('psp/windows-hostprocess', {
        object,
        field: u.specPath,
        message: `${u.kind} "${u.name}" runs HostProcess containers: it needs enforce=privileged (or a PSA exemption) in namespace "${ctx.ns}"`,
        // Text only: labelling this namespace privileged would not clear the finding (the pod still
        // runs HostProcess containers), and it would open the namespace to every other workload.
        remedy: HOSTPROCESS_REMEDY,
      }),
    );
  }
  for (const n of u.runAsNonRoot ?? []) {
    if (!n.refused && !n.imageDefaultsToAdministrator) continue;
    findings.push(
      finding('psp/windows-run-as-non-root', {
        object,
        field: u.specPath,
        message: n.refused
          ? `container's runAsUserName (${n.runAsUserName}) which will be regarded as root identity and will break non-root policy (container: ${n.container})`
          : `container "${n.container}" sets no runAsUserName and its image ${n.image} (Windows Server Core based) runs as ContainerAdministrator by default, so the kubelet will refuse it under runAsNonRoot: container's runAsUser (ContainerAdministrator) which will be regarded as root identity and will break non-root policy`,
        remedy: RUN_AS_CONTAINER_USER_REMEDY,
      }),
    );
  }
}
