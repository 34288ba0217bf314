// `lint`: Windows pod-spec validation, pure. Errors are what kube-apiserver of the chosen minor
// (v1.34 to v1.37) rejects (its field path and message, word for word); warnings are what it accepts but Windows will not run.
// `valid` is true exactly when no error finding exists for the object.
import type {Finding, Skipped} from '../../report/types.js';
import {streamedKinds} from '../../report/reads.js';
import {makeReport} from '../../report/build.js';
import type {Capabilities, Snapshot, SnapshotRequest, Workload} from '../../k8s/snapshot.js';
import type {KubeObject} from '../../k8s/object.js';
import {errorBody} from '../../k8s/field-error.js';
import {validatePodSpec} from '../../k8s/pod-validation.js';
import type {Analysis} from '../types.js';
import type {LintCheckId} from './checks.js';
import {droppedFieldFindings, undecodableFinding, unknownFieldFindings, unknownFieldsAt, validatedOrUndecodable} from './decode-findings.js';
import {finding, notServedFinding, objectRef, unservedRef} from './finding.js';
import {runtimeWarnings} from './runtime-warnings.js';
import {schedulingWarnings} from './scheduling.js';
import {podOs} from '../../k8s/windows-pod.js';
import {undecodableAt, type FieldValidation} from '../../k8s/decode.js';
import {LATEST_MINOR} from '../../k8s/minor-versions.js';
import {decodingMinor} from '../undecodable.js';
import {deprecatedOsLabelWarnings, linuxOnWindowsWarnings, removedFeatureWarnings} from './intent-warnings.js';
import {Pending} from '../../util/arrays.js';

interface LintOptions {
  /** Named pods or kind/name the user asked for. */
  names?: string[];
  /** Offline node inventory (--nodes FILE); live, the cluster's nodes are read instead. */
  nodes?: KubeObject[];
  /** The Kubernetes minor whose validation applies (--k8s-version); default: the server's live, the newest offline. */
  minor?: number;
  /** --validate: how the apiserver answers unknown fields in manifests; default Strict, as kubectl. */
  fieldValidation?: FieldValidation;
}

export interface LintItem {
  kind: string;
  namespace: string;
  name: string;
  /** True exactly when kube-apiserver validation would accept the object (no error finding). */
  valid: boolean;
  /** windows, linux, or unknown: spec.os.name, else what the pod's scheduling, options or images imply. */
  os: string;
  errors: number;
  warnings: number;
  /** The Kubernetes minor whose validation the errors follow, e.g. v1.37. */
  version: string;
}

const REMEDY: Record<string, string> = {
  'run-as-username':
    'Use DOMAIN\\user or user: one backslash at most, a NetBIOS (1-15 characters) or DNS domain, a user of 1-104 bytes without " / \\ [ ] : ; | = , + * ? < > @, not only dots or spaces',
  'gmsa-credential-spec-name': 'Use the GMSACredentialSpec resource name, in lowercase (names are lowercase DNS-1123 subdomains)',
  'gmsa-credential-spec': 'Remove gmsaCredentialSpec (the gMSA webhook fills it from gmsaCredentialSpecName), or keep it under 64 KiB',
  'hostprocess-mismatch': 'Set windowsOptions.hostProcess on the pod only, or give every container the same value as the pod',
  'hostprocess-mixed': 'Make every container (init and ephemeral too) a HostProcess container, or none',
  'hostprocess-host-network': 'Set spec.hostNetwork: true (HostProcess pods use the host network)',
  'os-name-invalid': 'Set spec.os.name to windows or linux',
  'windows-forbidden-field': 'Remove the Linux-only field from the Windows pod',
  'linux-windows-options': 'Remove windowsOptions, or set spec.os.name: windows if this is a Windows pod',
  'windows-pod-resources': 'Move the resources to the containers: pod-level resources are not supported on Windows',
  'resource-name': 'Use cpu, memory, ephemeral-storage, hugepages-<size>, or an extended resource named domain/name',
  'resource-quantity': 'Use a quantity of zero or more; extended resources take whole numbers; hugepages a multiple of the page size',
  'resource-request-limit': 'Keep each request at or below its limit; give hugepages and extended resources a limit equal to the request',
  'hugepages-cpu-memory': 'Request (or limit) cpu or memory alongside hugepages',
  'pod-resources': "Raise the pod-level requests and limits to cover the containers', and remove pod-level claims",
  'container-restart-policy':
    'Give the container a restartPolicy (Always, Never or OnFailure) and restartPolicyRules of action Restart with exitCodes (operator In or NotIn)',
  'init-resize-policy': 'Use resizePolicy restartPolicy NotRequired on init containers that are not sidecars (restartPolicy: Always)',
  'image-volume': 'Give the image volume a reference (an image) and a pullPolicy of Always, IfNotPresent or Never',
  'hostname-override':
    'Remove hostnameOverride from pods on the host network (HostProcess pods) or with setHostnameAsFQDN; otherwise use a lowercase DNS subdomain of at most 64 characters',
  'share-process-namespace-host-pid': 'Set shareProcessNamespace or hostPID, not both (neither is allowed on a Windows pod)',
  'pod-certificate':
    'Give the podCertificate a signerName like example.com/signer, a keyType (RSA3072, RSA4096, ECDSAP256, ECDSAP384, ECDSAP521 or ED25519), at least one relative path, maxExpirationSeconds from 3600 up to the signer limit, and userAnnotations keys like example.com/key',
  'resize-policy':
    'Give each resizePolicy entry a resourceName of cpu or memory (once each) and a restartPolicy of NotRequired or RestartContainer; NotRequired only when the pod restartPolicy is Never',
  toleration:
    'Give each toleration a label-key key (or none with operator Exists), operator Equal (with a label value) or Exists (with no value), an effect of NoSchedule, PreferNoSchedule or NoExecute (NoExecute with tolerationSeconds); Lt and Gt need the TaintTolerationComparisonOperators gate',
  'host-users': 'Remove hostNetwork, hostPID, hostIPC and volumeDevices from pods with hostUsers: false, or drop hostUsers: false',
  'cluster-trust-bundle':
    'Give the clusterTrustBundle either a name (signer:prefixed or a DNS subdomain, no labelSelector) or a signerName like example.com/signer with a valid labelSelector, and a relative path without ..',
  'projected-sources': 'Give each projected source one volume type and a path of its own; leave out the alpha user fields (or keep them from 0 to 2147483647)',
  'env-value-from':
    'Give each env valueFrom exactly one source and no value; a fileKeyRef (v1.35+) needs a key, a path without .. and the name of an emptyDir volume of the pod',
};

const RULE_IDS: Record<string, LintCheckId> = {
  'run-as-username': 'lint/run-as-username-invalid',
  'gmsa-credential-spec-name': 'lint/gmsa-credential-spec-name-invalid',
  'gmsa-credential-spec': 'lint/gmsa-credential-spec-invalid',
  'hostprocess-mismatch': 'lint/hostprocess-mismatch',
  'hostprocess-mixed': 'lint/hostprocess-mixed',
  'hostprocess-host-network': 'lint/hostprocess-host-network',
  'os-name-invalid': 'lint/os-name-invalid',
  'windows-forbidden-field': 'lint/windows-forbidden-field',
  'linux-windows-options': 'lint/linux-windows-options',
  'windows-pod-resources': 'lint/windows-pod-resources',
  'resource-name': 'lint/resource-name-invalid',
  'resource-quantity': 'lint/resource-quantity-invalid',
  'resource-request-limit': 'lint/resource-requests-limits',
  'hugepages-cpu-memory': 'lint/hugepages-without-cpu-memory',
  'pod-resources': 'lint/pod-resources-invalid',
  'container-restart-policy': 'lint/container-restart-policy-invalid',
  'init-resize-policy': 'lint/init-resize-policy-invalid',
  'image-volume': 'lint/image-volume-invalid',
  'hostname-override': 'lint/hostname-override-invalid',
  'share-process-namespace-host-pid': 'lint/share-process-namespace-host-pid',
  'env-value-from': 'lint/env-value-from-invalid',
  'pod-certificate': 'lint/pod-certificate-invalid',
  'cluster-trust-bundle': 'lint/cluster-trust-bundle-invalid',
  'resize-policy': 'lint/resize-policy-invalid',
  'host-users': 'lint/host-users-host-namespaces',
  toleration: 'lint/toleration-invalid',
  'projected-sources': 'lint/projected-sources-invalid',
};

/** The error findings: the apiserver's own errors for this spec. */
function validationFindings(w: Workload, minor: number = LATEST_MINOR): Finding[] {
  return validatePodSpec(w.spec, w.specPath, w.template, !w.admitted, minor).map((e) => {
    const id = RULE_IDS[e.rule];
    return finding(w, id, e.field, errorBody(e), {text: REMEDY[e.rule] ?? 'See the apiserver message'});
  });
}

interface LintResult {
  item: LintItem;
  findings: Finding[];
}

/** An object the apiserver refuses before validating it: only these errors, no verdict on the rest. */
function refused(w: Workload, minor: number, findings: Finding[]): LintResult {
  const item = {kind: w.kind, namespace: w.namespace, name: w.name, valid: false, os: 'unknown', errors: findings.length, warnings: 0, version: `v1.${minor}`};
  return {item, findings};
}

/**
 * Lints one pod or template; unknown fields are answered as `fieldValidation` asks (kubectl --validate,
 * default strict). `rulesOfItsServer`: the rules stand for the apiserver `w` was read from (no other
 * minor asked for), so a gated field it still has was kept there, its gate on: not said to be dropped.
 */
export function lintWorkload(
  w: Workload,
  nodes: KubeObject[] | undefined,
  runtimeClasses?: KubeObject[],
  minor: number = LATEST_MINOR,
  fieldValidation: FieldValidation = 'Strict',
  rulesOfItsServer = false,
): LintResult {
  // An apiVersion/kind the server does not serve is refused before anything in it is looked at.
  if (w.notServed) return refused(w, minor, [notServedFinding(objectRef(w), w.apiVersion, w.notServed)]);
  // Then an object it cannot decode: the apiserver rejects it before it validates anything.
  const undecodable = undecodableAt(w, minor);
  if (undecodable) return refused(w, minor, [undecodableFinding(w, undecodable, minor)]);
  // Then, under Strict, unknown fields: a strict decoding error, also before validation (handlers/create.go).
  if (fieldValidation === 'Strict' && unknownFieldsAt(w, minor).length > 0) return refused(w, minor, unknownFieldFindings(w, minor, 'Strict'));
  const intent = podOs(w.spec, {nodes, runtimeClasses});
  const errors = validatedOrUndecodable(w, () => validationFindings(w, minor));
  const warnings = [
    ...unknownFieldFindings(w, minor, fieldValidation),
    ...(w.admitted && rulesOfItsServer ? [] : droppedFieldFindings(w, minor)),
    ...runtimeWarnings({w, intent, nodes, runtimeClasses}),
    ...schedulingWarnings(w, intent, nodes, runtimeClasses),
    ...deprecatedOsLabelWarnings(w),
    ...removedFeatureWarnings(w),
    ...linuxOnWindowsWarnings(w, intent, nodes),
  ];
  return {
    item: {
      kind: w.kind,
      namespace: w.namespace,
      name: w.name,
      valid: errors.length === 0,
      os: intent.os,
      errors: errors.length,
      warnings: warnings.length,
      version: `v1.${minor}`,
    },
    findings: [...errors, ...warnings],
  };
}

/** --k8s-version, else the server's minor (or the nearest lint knows), else the newest. */
export function resolveLintMinor(chosen: number | undefined, serverMinor: number | undefined): number {
  return decodingMinor(chosen, serverMinor);
}

const NODE_CHECKS: LintCheckId[] = [
  'lint/linux-workload-on-windows-nodes',
  'lint/windows-toleration-missing',
  'lint/image-os-version-mismatch',
  'lint/hostprocess-node-unsupported',
];

export const lintAnalysis: Analysis<LintItem, LintOptions> = {
  name: 'lint',
  reportKind: 'LintReport',
  request(options: LintOptions): SnapshotRequest {
    return {kinds: options.nodes ? ['runtimeclasses'] : ['nodes', 'runtimeclasses'], pods: true, workloads: true, names: options.names, podStatusUnread: true};
  },
  primary(options: LintOptions) {
    return streamedKinds(this.request(options));
  },
  begin(snapshot: Snapshot, options: LintOptions, caps: Capabilities) {
    // Live: the cluster's nodes. Offline: --nodes, else Node manifests among the -f files, else none.
    const listed = snapshot.objects.nodes;
    const nodes = options.nodes ?? (caps.mode === 'cluster' || (listed && listed.length > 0) ? listed : undefined);
    const runtimeClasses = snapshot.objects.runtimeclasses;
    const minor = resolveLintMinor(options.minor, snapshot.serverVersion?.minor);
    const rulesOfItsServer = caps.mode === 'cluster' && (options.minor === undefined || options.minor === snapshot.serverVersion?.minor);
    const items = new Pending<LintItem>();
    const findings = new Pending<Finding>();
    return {
      visit(w: Workload) {
        const r = lintWorkload(w, nodes, runtimeClasses, minor, options.fieldValidation, rulesOfItsServer);
        items.add(r.item);
        findings.addAll(r.findings);
      },
      takeItems: () => items.take(),
      takeFindings: () => findings.take(),
      finish() {
        const skipped: Skipped[] = [...snapshot.skipped];
        if (!nodes) {
          const reason = caps.mode === 'manifests' ? 'offline: no node inventory (pass --nodes FILE with Node manifests)' : 'nodes could not be read';
          for (const check of NODE_CHECKS) skipped.push({check, reason});
        }
        for (const u of snapshot.unserved ?? []) findings.add(notServedFinding(unservedRef(u), u.object.apiVersion ?? '', u.notServed));
        return makeReport('LintReport', snapshot.source, items.take(), findings.take(), skipped);
      },
    };
  },
};
