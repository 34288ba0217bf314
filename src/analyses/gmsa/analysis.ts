// `kubectl win gmsa check`: the whole gMSA chain. The CRD, the two windows-gmsa webhooks (backend,
// certificate, failure policy, which namespaces and pods they intercept), the credential specs and
// their content, every reference to them, and for each (namespace, service account, credential
// spec) the webhook's own question: may this service account `use` it? Reviews are asked once per
// distinct question, in parallel with a bound, through the source's accessReview capability.
import {explainGmsaDenial, gmsaUseFixManifest, exactUseRole, gmsaUseBindingName, gmsaUseReview, RbacAuthorizer, type DenialCause, type RoleFix} from '../../k8s/rbac/index.js';
import {streamedKinds} from '../../report/reads.js';
import {makeReport} from '../../report/build.js';
import {notCheckedUndecodable} from '../undecodable.js';
import type {Finding, Remedy, Skipped} from '../../report/types.js';
import type {ResourceName} from '../../k8s/resources.js';
import type {AccessReviewResult, Capabilities, Snapshot, SnapshotRequest, Workload} from '../../k8s/snapshot.js';
import type {KubeObject} from '../../k8s/object.js';
import type {Analysis} from '../types.js';
import {finding, type FindingFields} from '../../report/finding.js';
import type {GmsaCheckId} from './checks.js';
import {compareCredSpecContents, contentsMismatchMessage} from './contents.js';
import {goQuote} from '../../k8s/go-quote.js';
import {credSpecFindings} from './credspec.js';
import {gmsaReferences} from './references.js';
import {SERVING_CERT_CHECK, servingCertFindings, webhookService} from './serving-cert.js';
import {NestedCache} from '../../util/nested-cache.js';
import {findGmsaWebhooks, webhookCoversNamespace, webhookCoversObject, webhookFindings, type Coverage, type GmsaWebhook} from './webhooks.js';
import {limiter} from '../../util/pool.js';

export const GMSA_CRD_NAME = 'gmsacredentialspecs.windows.k8s.io';

export interface GmsaOptions {
  /** Pods or workloads named on the command line (`POD` or `kind/name`). */
  names?: string[];
  /** Objects read beyond the snapshot's namespace scope (the webhook's Service, RoleBindings elsewhere). */
  extra?: Partial<Record<ResourceName, KubeObject[]>>;
  /** Reviews in flight at once. */
  concurrency?: number;
  /** For certificate expiry; tests pin it. */
  now?: Date;
  /**
   * The scope is narrowed (a namespace, -l or names; src/analyses/scope.ts): report the cluster-scoped
   * objects only as far as in-scope objects use them (the credential specs they reference, the CRD
   * and webhooks their gMSA references go through, the webhooks served from the scoped namespace).
   */
  narrowed?: boolean;
}

export interface GmsaItem {
  kind: string;
  namespace: string;
  name: string;
  serviceAccount: string;
  credentialSpec: string;
  containers: string[];
  /** The answer the webhook's LocalSubjectAccessReview gives; null when it could not be asked. */
  canUse: boolean | null;
  /** The RBAC reason of the grant, or null. */
  grantedBy: string | null;
  /** Who answered canUse. */
  via: AccessReviewResult['via'] | null;
  fields: string[];
  /** Whether the GMSACredentialSpec exists; null when it could not be read. */
  credentialSpecExists: boolean | null;
  /** Whether the mutating / validating gMSA webhook intercepts this workload's pods (null: no such webhook). */
  webhook: {mutating: boolean | null; validating: boolean | null};
  /** When denied: the review's reason, why, and the manifest that would fix it. */
  reason?: string;
  evaluationError?: string;
  denial?: DenialCause[];
  fix?: string;
}

/** What gmsa check examines beside the pods and templates: without them it checked nothing whole. */
const PRIMARY_KINDS: ResourceName[] = [
  'gmsacredentialspecs',
  'validatingwebhookconfigurations',
  'mutatingwebhookconfigurations',
  'roles',
  'rolebindings',
  'clusterroles',
  'clusterrolebindings',
];

const KINDS: ResourceName[] = [
  'customresourcedefinitions',
  'gmsacredentialspecs',
  'validatingwebhookconfigurations',
  'mutatingwebhookconfigurations',
  'services',
  'endpointslices',
  'namespaces',
  'serviceaccounts',
  'roles',
  'rolebindings',
  'clusterroles',
  'clusterrolebindings',
];

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

function mergeObjects(a: KubeObject[] | undefined, b: KubeObject[] | undefined): KubeObject[] | undefined {
  if (!a && !b) return undefined;
  const out = [...(a ?? [])];
  const key = (o: KubeObject) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name ?? ''}`;
  const seen = new Set(out.map(key));
  for (const o of b ?? []) {
    if (seen.has(key(o))) continue;
    seen.add(key(o));
    out.push(o);
  }
  return out;
}

interface Question {
  ns: string;
  sa: string;
  cs: string;
  done?: Promise<void>;
  result?: AccessReviewResult;
  error?: string;
}

const NOT_INLINED = 'the credential spec contents are never inlined, so the container starts without its gMSA identity';
const NOT_REVIEWED = 'the RBAC `use` check never runs for them';

/**
 * This analysis's view of the snapshot becomes the widened one the Source answered for
 * gmsaWebhookDetails: its objects, and the reads the widening could not make among its skipped
 * (the report's reads and doctor's status follow this view).
 */
function takeWebhookDetails(snapshot: Snapshot): void {
  const details = snapshot.gmsaWebhookDetails;
  if (!details) return;
  snapshot.objects = {...details.objects};
  snapshot.skipped.push(...details.skipped);
  delete snapshot.gmsaWebhookDetails;
}

export const gmsaAnalysis: Analysis<GmsaItem, GmsaOptions> = {
  name: 'gmsa',
  reportKind: 'GMSAReport',

  request(options: GmsaOptions): SnapshotRequest {
    return {kinds: KINDS, pods: true, workloads: true, names: options.names, gmsaWebhookDetails: true};
  },

  primary(options: GmsaOptions) {
    return [...streamedKinds(this.request(options)), ...PRIMARY_KINDS];
  },

  begin(snapshot: Snapshot, options: GmsaOptions, caps: Capabilities) {
    takeWebhookDetails(snapshot);
    const objects: Partial<Record<ResourceName, KubeObject[]>> = {...snapshot.objects};
    for (const [k, v] of Object.entries(options.extra ?? {})) objects[k as ResourceName] = mergeObjects(objects[k as ResourceName], v);
    // Offline, a kind absent from the manifests is unknown, not empty: its checks are skipped.
    const offline = caps.mode === 'manifests';
    if (offline) {
      for (const k of KINDS) if ((objects[k]?.length ?? 0) === 0 && k !== 'namespaces' && k !== 'serviceaccounts') delete objects[k];
    }
    const unread = (plural: string) => (offline ? `no ${plural} in the manifests` : `cannot read ${plural}`);
    const now = options.now ?? new Date();
    const findings: Finding[] = [];
    const skipped: Skipped[] = [];
    const items: GmsaItem[] = [];
    const add = (id: GmsaCheckId, f: FindingFields) => findings.push(finding(id, f));

    // The CRD (cluster-scoped: with a narrowed scope, only when an in-scope object references gMSA).
    const crds = objects.customresourcedefinitions;
    const crd = crds?.find((c) => c.metadata?.name === GMSA_CRD_NAME);
    const crdKnownMissing = crds !== undefined && !crd;
    const narrowed = options.narrowed === true;
    const checkCrd = () => {
      if (crd) {
        const versions: KubeObject[] = crd.spec?.versions ?? [];
        const v1 = versions.find((v) => v.name === 'v1');
        if (!v1?.served) {
          const served = versions.filter((v) => v.served).map((v) => v.name);
          add('gmsa/crd-version', {
            object: {kind: 'CustomResourceDefinition', name: GMSA_CRD_NAME},
            field: 'spec.versions',
            message: `the CRD serves ${served.length ? served.join(', ') : 'no version'} (storage: ${versions.find((v) => v.storage)?.name ?? 'none'}); the current windows-gmsa webhook reads windows.k8s.io/v1`,
            remedy: {text: 'Apply the current gmsa-crd.yml (v1 served and storage, v1alpha1 served)', command: 'kubectl apply -f https://raw.githubusercontent.com/kubernetes-sigs/windows-gmsa/master/admission-webhook/deploy/gmsa-crd.yml'},
          });
        }
      } else if (!crds) {
        skipped.push({check: 'gmsa/crd-missing', reason: unread('customresourcedefinitions')});
      }
    };
    if (!narrowed) checkCrd();

    // Credential specs and their content.
    const credSpecs = objects.gmsacredentialspecs;
    const credSpecByName = new Map<string, KubeObject>();
    for (const cs of credSpecs ?? []) if (cs.metadata?.name) credSpecByName.set(cs.metadata.name, cs);
    // Narrowed: only the credential specs in-scope objects reference (added in finish).
    if (!narrowed) for (const cs of credSpecByName.values()) findings.push(...credSpecFindings(cs));

    // Webhooks and their backends.
    const mutating = objects.mutatingwebhookconfigurations;
    const validating = objects.validatingwebhookconfigurations;
    const webhooks = findGmsaWebhooks(mutating ?? [], validating ?? []);
    // Each webhook's health (backend, certificate). Narrowed: only the webhooks in-scope gMSA
    // references go through, or that are served from the scoped namespace (checked in finish).
    const checkWebhooks = (checked: GmsaWebhook[]) => {
      for (const w of checked) findings.push(...webhookFindings(w, {services: objects.services, endpointslices: objects.endpointslices, now}));
      // The certificate the webhook's pods serve, from the pods and Secrets the Source read (gmsaWebhookDetails). A read the
      // Source already reported (forbidden, with the apiserver's reason) is not reported twice.
      const readFailed = snapshot.skipped.some((s) => s.check === SERVING_CERT_CHECK);
      for (const w of checked) {
        const r = servingCertFindings(w, {endpointslices: objects.endpointslices, pods: objects.pods, secrets: objects.secrets, now, offline});
        findings.push(...r.findings);
        const reported = (readFailed && /\bnot read\b/.test(r.skipped ?? '')) || skipped.some((s) => s.check === SERVING_CERT_CHECK && s.reason === r.skipped);
        if (r.skipped && !reported) skipped.push({check: SERVING_CERT_CHECK, reason: r.skipped});
      }
      if (checked.some((w) => w.webhook.clientConfig?.service) && !objects.services) skipped.push({check: 'gmsa/webhook-service-missing', reason: unread('services')});
      if (checked.some((w) => w.webhook.clientConfig?.service) && !objects.endpointslices) skipped.push({check: 'gmsa/webhook-no-endpoints', reason: unread('endpointslices')});
    };
    if (!narrowed) checkWebhooks(webhooks);
    const mutatingHooks = webhooks.filter((w) => w.kind === 'MutatingWebhookConfiguration');
    const validatingHooks = webhooks.filter((w) => w.kind === 'ValidatingWebhookConfiguration');

    const nsLabels = new Map<string, Record<string, string>>();
    for (const n of objects.namespaces ?? []) if (n.metadata?.name) nsLabels.set(n.metadata.name, (n.metadata.labels as Record<string, string>) ?? {});
    // The apiserver labels every namespace with its name (NamespaceDefaultLabelName, 1.21+).
    const labelsOf = (ns: string) => ({...(nsLabels.get(ns) ?? {}), 'kubernetes.io/metadata.name': ns});

    const rbacRead = (['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'] as const).filter((k) => objects[k] !== undefined);
    const explainer =
      rbacRead.length > 0
        ? new RbacAuthorizer({roles: objects.roles, rolebindings: objects.rolebindings, clusterroles: objects.clusterroles, clusterrolebindings: objects.clusterrolebindings}, snapshot.namespace ?? 'default')
        : undefined;

    // ServiceAccounts by namespace. Offline, a namespace whose manifests hold no ServiceAccount is
    // unknown; "default" is created by the controller-manager in every namespace.
    const serviceAccounts = new Map<string, Set<string>>();
    for (const a of objects.serviceaccounts ?? []) {
      const ns = a.metadata?.namespace ?? snapshot.namespace ?? 'default';
      serviceAccounts.set(ns, (serviceAccounts.get(ns) ?? new Set()).add(a.metadata?.name ?? ''));
    }
    const saKnownMissing = (ns: string, sa: string) => sa !== 'default' && objects.serviceaccounts !== undefined && (!offline || serviceAccounts.has(ns)) && !serviceAccounts.get(ns)?.has(sa);

    // Every pod of a namespace a webhook skips gets the same words: made once, shared by the findings
    // (which are never changed), so 10,000 pods do not keep 10,000 copies.
    const notCoveringTexts = new NestedCache<Pick<Finding, 'message' | 'remedy'>>();
    const notCovering = (hook: GmsaWebhook, why: string, label: string, ns: string): Pick<Finding, 'message' | 'remedy'> =>
      notCoveringTexts.get([hook, label, ns, why], () => ({
        message: `${hook.kind} "${hook.configName}" webhook "${hook.name}" does not intercept these pods: ${why}; ${label}`,
        remedy: {
          text: `Remove the label that opts namespace "${ns}" out (gmsa-webhook: disabled) or widen the selector`,
          command: `kubectl label namespace ${ns} gmsa-webhook-`,
        },
      }));

    // The webhooks' verdict on a namespace (rules and namespaceSelector) is the same for all its pods:
    // worked out once per webhook and namespace, only the objectSelector per pod.
    const byNamespace = new Map<GmsaWebhook, Map<string, Coverage>>();
    const namespaceCoverage = (h: GmsaWebhook, ns: string): Coverage => {
      let m = byNamespace.get(h);
      if (!m) byNamespace.set(h, (m = new Map()));
      let c = m.get(ns);
      if (!c) m.set(ns, (c = webhookCoversNamespace(h, labelsOf(ns))));
      return c;
    };
    // A namespace we could not read (forbidden, or not in the manifests): unknown unless the selector takes all.
    const selectsAll = (hooks: GmsaWebhook[]) => hooks.every((h) => Object.keys(h.webhook.namespaceSelector ?? {}).length === 0 || (!h.webhook.namespaceSelector.matchLabels && !(h.webhook.namespaceSelector.matchExpressions ?? []).length));
    const takesAll = new Map<GmsaWebhook[], boolean>([[mutatingHooks, selectsAll(mutatingHooks)], [validatingHooks, selectsAll(validatingHooks)]]);
    const coverage = (hooks: GmsaWebhook[], w: Workload): {covers: boolean | null; why?: string; hook?: GmsaWebhook} => {
      if (hooks.length === 0) return {covers: null};
      if (!nsLabels.has(w.namespace) && !takesAll.get(hooks)) return {covers: null};
      const podLabels = (w.podMetadata?.labels as Record<string, string>) ?? {};
      let first: Coverage | undefined;
      for (const h of hooks) {
        const ns = namespaceCoverage(h, w.namespace);
        const c = ns.covers ? webhookCoversObject(h, podLabels) : ns;
        if (c.covers) return {covers: true, hook: h};
        first ??= c;
      }
      return {covers: false, why: first!.why, hook: hooks[0]};
    };

    // One review per distinct (namespace, service account, credential spec), started as soon as the
    // stream shows it (bounded), so the reviews overlap the rest of the stream instead of following it.
    const questions = new Map<string, Question>();
    const review = caps.accessReview;
    const canReview = review !== undefined && !(offline && rbacRead.length === 0);
    const startReview = limiter(options.concurrency ?? 8);
    const ask = (ns: string, sa: string, cs: string) => {
      const key = `${ns}\u0000${sa}\u0000${cs}`;
      if (questions.has(key)) return;
      const q: Question = {ns, sa, cs};
      questions.set(key, q);
      if (!canReview) return;
      q.done = startReview(async () => {
        try {
          q.result = await review(gmsaUseReview(ns, sa, cs));
        } catch (err) {
          q.error = (err as Error).message;
        }
      });
      q.done.catch(() => {}); // awaited in finish
    };

    return {
      visit(w: Workload) {
        // The apiserver would reject it undecoded: its spec is not analysable (lint reports the error).
        if (w.undecodable) {
          skipped.push(notCheckedUndecodable('gmsa', w));
          return;
        }
        const refs = gmsaReferences(w);
        const object = {kind: w.kind, namespace: w.namespace, name: w.name};
        for (const inl of refs.inlineWithoutName) {
          // webhook.go (windows-gmsa 993de21) validateCreateRequest L329-333, word for word.
          add('gmsa/credspec-inline-without-name', {object, field: inl.field, message: `${inl.what} has a GMSA cred spec set, but does not define the name of the corresponding resource`, remedy: {text: 'Set gmsaCredentialSpecName to the GMSACredentialSpec and let the webhook fill gmsaCredentialSpec'}});
        }
        for (const init of refs.initContainers) {
          add('gmsa/init-container-not-covered', {
            object,
            field: init.field,
            message: `init container "${init.container}" sets its own ${init.credentialSpec ? `gmsaCredentialSpecName ${init.credentialSpec}` : 'gmsaCredentialSpec'}, but the windows-gmsa webhook reads only the pod's and spec.containers' windowsOptions: nothing checks that the service account may use it${init.credentialSpec ? ' or fills in its contents, so the init container runs without that gMSA identity' : ''}`,
            remedy: {text: "Set gmsaCredentialSpecName on the pod's securityContext.windowsOptions (init containers inherit it), not on the init container"},
          });
        }
        if (refs.references.length === 0) return;
        if (saKnownMissing(w.namespace, refs.serviceAccount)) {
          // The ServiceAccount admission plugin's words when such a pod is created.
          add('gmsa/service-account-missing', {
            object,
            field: `${w.specPath}.serviceAccountName`,
            message: `error looking up service account ${w.namespace}/${refs.serviceAccount}: serviceaccount "${refs.serviceAccount}" not found`,
            remedy: {text: `Create the ServiceAccount, then grant it use of the credential spec`, command: `kubectl create serviceaccount ${refs.serviceAccount} -n ${w.namespace}`},
          });
        }
        const mut = coverage(mutatingHooks, w);
        const val = coverage(validatingHooks, w);
        for (const [c, label] of [
          [mut, NOT_INLINED],
          [val, NOT_REVIEWED],
        ] as const) {
          if (c.covers === false && c.hook) {
            const t = notCovering(c.hook, c.why ?? '', label, w.namespace);
            add('gmsa/webhook-not-covering', {object, message: t.message, remedy: t.remedy});
          }
        }
        for (const ref of refs.references) {
          const field = ref.fields[0];
          if (!DNS1123_SUBDOMAIN.test(ref.credentialSpec)) {
            add('gmsa/credspec-name-invalid', {object, field, message: `Invalid value: "${ref.credentialSpec}": ${DNS1123_SUBDOMAIN_MSG}`, remedy: {text: `Use the object's lower-case name, e.g. "${ref.credentialSpec.toLowerCase()}"`}});
          }
          const exists = credSpecByName.has(ref.credentialSpec) ? true : crdKnownMissing || credSpecs !== undefined ? false : null;
          if (exists === false) {
            add('gmsa/credspec-missing', {
              object,
              field,
              // kube_client.go retrieveCredSpecContents L104 (validation L319-320, mutation L378-381), word for word.
              message: `cred spec ${ref.credentialSpec} does not exist`,
              remedy: {text: `Create the GMSACredentialSpec "${ref.credentialSpec}" (New-CredentialSpec output under credspec:) or fix the reference${crdKnownMissing ? '; first install the GMSACredentialSpec CRD' : ''}`},
            });
          }
          const cs = credSpecByName.get(ref.credentialSpec);
          const resourceContents = cs?.credspec;
          if (resourceContents !== undefined && resourceContents !== null && resourceContents !== '') {
            for (const inl of ref.inline) {
              const c = compareCredSpecContents(inl.contents, resourceContents);
              if (c.equal && !c.error) continue;
              add('gmsa/credspec-contents-mismatch', {
                object,
                field: inl.field,
                message: contentsMismatchMessage(inl.what, ref.credentialSpec, c.error),
                remedy: {text: `Remove gmsaCredentialSpec and let the mutating webhook fill it from "${ref.credentialSpec}", or copy the resource's credspec exactly`},
              });
            }
          }
          items.push({
            kind: w.kind,
            namespace: w.namespace,
            name: w.name,
            serviceAccount: refs.serviceAccount,
            credentialSpec: ref.credentialSpec,
            containers: ref.containers,
            canUse: null,
            grantedBy: null,
            via: null,
            fields: ref.fields,
            credentialSpecExists: exists,
            webhook: {mutating: mut.covers, validating: val.covers},
          });
          ask(w.namespace, refs.serviceAccount, ref.credentialSpec);
        }
      },

      async finish() {
        if (narrowed) {
          if (items.length > 0) checkCrd();
          checkWebhooks(items.length > 0 ? webhooks : webhooks.filter((h) => snapshot.namespace !== undefined && webhookService(h)?.namespace === snapshot.namespace));
          const referenced = new Set(items.map((i) => i.credentialSpec));
          for (const [name, cs] of credSpecByName) if (referenced.has(name)) findings.push(...credSpecFindings(cs));
        }
        const anyGmsa = narrowed ? items.length > 0 : items.length > 0 || crd !== undefined || webhooks.length > 0 || credSpecByName.size > 0;
        if (anyGmsa) {
          if (crdKnownMissing) add('gmsa/crd-missing', {object: {kind: 'CustomResourceDefinition', name: GMSA_CRD_NAME}, message: `customresourcedefinitions.apiextensions.k8s.io "${GMSA_CRD_NAME}" not found`, remedy: {text: 'Install the GMSACredentialSpec CRD', command: 'kubectl apply -f https://raw.githubusercontent.com/kubernetes-sigs/windows-gmsa/master/admission-webhook/deploy/gmsa-crd.yml'}});
          for (const [kind, list, hooks] of [
            ['MutatingWebhookConfiguration', mutating, mutatingHooks],
            ['ValidatingWebhookConfiguration', validating, validatingHooks],
          ] as const) {
            if (list === undefined) skipped.push({check: 'gmsa/webhook-missing', reason: unread(`${kind.toLowerCase()}s`)});
            else if (hooks.length === 0) {
              add('gmsa/webhook-missing', {
                object: {kind, name: '(windows-gmsa)'},
                message: `no ${kind} has the webhook "admission-webhook.windows-gmsa.sigs.k8s.io"${kind === 'MutatingWebhookConfiguration' ? ': credential spec contents are never inlined into pods' : ': the RBAC use check never runs'}`,
                remedy: {text: 'Deploy the windows-gmsa webhook (kubernetes-sigs/windows-gmsa: deploy-gmsa-webhook.sh or the gmsa Helm chart)'},
              });
            }
          }
        }

        if (items.some((i) => (i.webhook.mutating === null && mutatingHooks.length > 0) || (i.webhook.validating === null && validatingHooks.length > 0))) {
          skipped.push({check: 'gmsa/webhook-not-covering', reason: `${unread('namespaces')}: the webhooks' namespaceSelector cannot be evaluated for some workloads`});
        }
        if (items.some((i) => i.credentialSpecExists === null)) skipped.push({check: 'gmsa/credspec-missing', reason: unread('gmsacredentialspecs')});

        if (offline && rbacRead.length === 0) {
          if (questions.size > 0) skipped.push({check: 'gmsa/rbac-use-denied', reason: unread('RBAC objects (roles, rolebindings, clusterroles, clusterrolebindings)')});
        } else if (!review) {
          if (questions.size > 0) skipped.push({check: 'gmsa/rbac-use-denied', reason: 'this source cannot answer access reviews'});
        } else {
          await Promise.all([...questions.values()].map((q) => q.done));
          const errors = [...new Set([...questions.values()].filter((q) => q.error).map((q) => q.error!))];
          if (errors.length > 0) skipped.push({check: 'gmsa/rbac-use-denied', reason: errors.join('; ')});
        }
        for (const i of items) {
          const q = questions.get(`${i.namespace}\u0000${i.serviceAccount}\u0000${i.credentialSpec}`)!;
          if (!q.result) continue;
          i.canUse = q.result.allowed;
          i.via = q.result.via;
          i.grantedBy = q.result.allowed ? q.result.reason || null : null;
          if (q.result.evaluationError) i.evaluationError = q.result.evaluationError;
          if (q.result.allowed) continue;
          i.reason = q.result.reason;
          i.denial = explainer ? explainGmsaDenial(explainer, i.namespace, i.serviceAccount, i.credentialSpec) : [];
          // webhook.go validateCreateRequest L309-314, word for word (Go %q quoting).
          const msg = `service account ${goQuote(i.serviceAccount)} is not authorized to \`use\` GMSA cred spec ${goQuote(i.credentialSpec)}${q.result.reason ? `, reason: ${goQuote(q.result.reason)}` : ''}`;
          const why = i.denial.length > 0 ? i.denial.map((d) => d.message).join('; ') : 'the RBAC objects that would explain it could not be read';
          add('gmsa/rbac-use-denied', {
            object: {kind: i.kind, namespace: i.namespace, name: i.name},
            field: i.fields[0],
            message: msg,
            remedy: rbacRemedy(i, why, objects),
          });
        }
        return makeReport('GMSAReport', snapshot.source, items, findings, [...snapshot.skipped, ...skipped]);
      },
    };
  },
};

/** An aggregated ClusterRole's rules are rewritten by its controller: fixing it in place would not last. */
function isAggregated(fix: RoleFix, objects: Partial<Record<ResourceName, KubeObject[]>>): boolean {
  return fix.kind === 'ClusterRole' && !!objects.clusterroles?.find((r) => r.metadata?.name === fix.name)?.aggregationRule;
}

/**
 * The fix that fits what exists: the ServiceAccount's own role corrected in place when it misses by a
 * detail (name case, API group); else a RoleBinding to a ClusterRole that already grants exactly
 * this use; else that RoleBinding and the one ClusterRole per credential spec every ServiceAccount shares.
 */
function rbacRemedy(i: GmsaItem, why: string, objects: Partial<Record<ResourceName, KubeObject[]>>): Remedy {
  const existingRole = exactUseRole(objects.clusterroles, i.credentialSpec);
  // The item keeps the binding manifest either way (the contract's `fix`): a new grant is an alternative to fixing the role.
  i.fix = gmsaUseFixManifest(i.namespace, i.serviceAccount, i.credentialSpec, existingRole);
  const fix = i.denial?.find((d) => d.roleFix && !isAggregated(d.roleFix, objects))?.roleFix;
  if (fix) {
    return {
      text: `Why: ${why}. Fix ${fix.kind} "${fix.name}" in place: the patch sets its rules with that rule corrected.`,
      target: {kind: fix.kind, apiVersion: 'rbac.authorization.k8s.io/v1', ...(fix.namespace ? {namespace: fix.namespace} : {}), name: fix.name},
      patch: {rules: fix.rules},
    };
  }
  return {
    text: existingRole
      ? `Why: ${why}. Bind the existing ClusterRole "${existingRole}", which grants exactly this use (or fix the binding named above).`
      : `Why: ${why}. Apply the ClusterRole and RoleBinding below (the role is shared by every ServiceAccount that uses "${i.credentialSpec}"), or fix the binding named above.`,
    target: {kind: 'RoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1', namespace: i.namespace, name: gmsaUseBindingName(i.serviceAccount, i.credentialSpec)},
    manifest: i.fix,
  };
}
