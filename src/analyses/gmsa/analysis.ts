// `kubectl win gmsa check`: the whole gMSA chain. The CRD, the two windows-gmsa webhooks (backend,
// certificate, failure policy, which namespaces and pods they intercept), the credential specs and
// their content, every reference to them, and for each (namespace, service account, credential
// spec) the webhook's own question: may this service account `use` it? Reviews are asked once per
// distinct question, in parallel with a bound, through the source's accessReview capability.
import {RbacAuthorizer} from '../../k8s/rbac/index.js';
import {streamedKinds} from '../../report/reads.js';
import {makeReport} from '../../report/build.js';
import {notCheckedUndecodable, undecodableInRun} from '../undecodable.js';
import type {Finding, ObjectRef, Skipped} from '../../report/types.js';
import type {ResourceName} from '../../k8s/resources.js';
import type {AccessReviewResult, Capabilities, Snapshot, SnapshotRequest, Workload} from '../../k8s/snapshot.js';
import type {KubeObject} from '../../k8s/object.js';
import type {DenialCause} from '../../k8s/rbac/index.js';
import type {Analysis} from '../types.js';
import {finding, type FindingFields} from '../../report/finding.js';
import {pushAll} from '../../util/arrays.js';
import type {GmsaCheckId} from './checks.js';
import {compareCredSpecContents, contentsMismatchMessage} from './contents.js';
import {WebhookCoverage} from './coverage.js';
import {credSpecFindings} from './credspec.js';
import {gmsaReferences, type GmsaReference} from './references.js';
import {UseReviews} from './reviews.js';
import {AnsweredInOrder} from './answered-in-order.js';
import {SERVING_CERT_CHECK, servingCertFindings, webhookService} from './serving-cert.js';
import {findGmsaWebhooks, webhookFindings, type GmsaWebhook} from './webhooks.js';
import {NestedCache} from '../../util/nested-cache.js';

const GMSA_CRD_NAME = 'gmsacredentialspecs.windows.k8s.io';

interface GmsaOptions {
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
  /** The minor asked for (doctor's --k8s-version): whose apiserver decodes the manifests; default the server's, else the newest. */
  minor?: number;
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
  /** A scheduled Pod's node (spec.nodeName): where its Container Credential Guard events are (kubectl win logs). */
  node?: string;
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
  pushAll(snapshot.skipped, details.skipped);
  delete snapshot.gmsaWebhookDetails;
}

export const gmsaAnalysis: Analysis<GmsaItem, GmsaOptions> = {
  name: 'gmsa',
  reportKind: 'GMSAReport',

  request(options: GmsaOptions): SnapshotRequest {
    return {kinds: KINDS, pods: true, workloads: true, names: options.names, gmsaWebhookDetails: true, podStatusUnread: true};
  },

  primary(options: GmsaOptions) {
    return [...streamedKinds(this.request(options)), ...PRIMARY_KINDS];
  },

  begin(snapshot: Snapshot, options: GmsaOptions, caps: Capabilities) {
    return new GmsaRun(snapshot, options, caps);
  },
};

type Objects = Partial<Record<ResourceName, KubeObject[]>>;

const RBAC_KINDS = ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'] as const;
const CRD_MANIFEST = 'https://raw.githubusercontent.com/kubernetes-sigs/windows-gmsa/master/admission-webhook/deploy/gmsa-crd.yml';

/** The objects of the snapshot plus those read beyond its scope; offline, a kind absent from the manifests is unknown, not empty. */
function objectsOf(snapshot: Snapshot, options: GmsaOptions, offline: boolean): Objects {
  const objects: Objects = {...snapshot.objects};
  for (const [k, v] of Object.entries(options.extra ?? {})) objects[k as ResourceName] = mergeObjects(objects[k as ResourceName], v);
  if (offline) {
    for (const k of KINDS) if ((objects[k]?.length ?? 0) === 0 && k !== 'namespaces' && k !== 'serviceaccounts') delete objects[k];
  }
  return objects;
}

/** ServiceAccounts by namespace. */
function serviceAccountsByNamespace(accounts: KubeObject[] | undefined, defaultNamespace: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const a of accounts ?? []) {
    const ns = a.metadata?.namespace ?? defaultNamespace;
    out.set(ns, (out.get(ns) ?? new Set()).add(a.metadata?.name ?? ''));
  }
  return out;
}

// An item is kept until its review is answered (until finish when nothing takes items: doctor and -o
// json do), and the pods of one workload name the same containers, fields and coverage: one list and
// one object each, shared by those items (a pushed-to array keeps room for 17 elements, a field path
// is a string made per pod). Never changed once made.
const SAME_LISTS = new NestedCache<string[]>();
const SAME_WEBHOOKS = new NestedCache<GmsaItem['webhook']>();

function sameList(list: string[]): string[] {
  return SAME_LISTS.get([list.length, ...list], () => list.slice());
}

function sameWebhook(mutating: boolean | null, validating: boolean | null): GmsaItem['webhook'] {
  return SAME_WEBHOOKS.get([mutating, validating], () => ({mutating, validating}));
}

/** One gmsa check: the cluster-wide objects when it begins (or, narrowed, at finish), each reference as the stream goes by. */
class GmsaRun {
  private readonly objects: Objects;
  private readonly offline: boolean;
  private readonly now: Date;
  private readonly narrowed: boolean;
  private readonly minor?: number;
  private readonly findings: Finding[] = [];
  private readonly skipped: Skipped[] = [];
  /** The items not yet handed over, in the order they were made, each with its review. */
  private readonly held = new AnsweredInOrder((item, question) => {
    const denied = this.reviews.answer(item, question, () => this.explainer(), this.objects);
    if (denied) this.findings.push(denied);
  });
  /** What finish needs to know of every item, handed over or not. */
  private readonly made = {count: 0, credentialSpecs: new Set<string>(), coverageUnknown: false, existenceUnknown: false};
  private authorizer?: RbacAuthorizer | null;
  private readonly crd?: KubeObject;
  private readonly crdKnownMissing: boolean;
  private readonly credSpecByName = new Map<string, KubeObject>();
  private readonly webhooks: GmsaWebhook[];
  private readonly coverage: WebhookCoverage;
  private readonly rbacRead: ResourceName[];
  private readonly serviceAccounts: Map<string, Set<string>>;
  private readonly reviews: UseReviews;

  constructor(
    private readonly snapshot: Snapshot,
    options: GmsaOptions,
    private readonly caps: Capabilities,
  ) {
    takeWebhookDetails(snapshot);
    this.offline = caps.mode === 'manifests';
    this.objects = objectsOf(snapshot, options, this.offline);
    this.now = options.now ?? new Date();
    this.narrowed = options.narrowed === true;
    this.minor = options.minor;
    const objects = this.objects;
    // The CRD (cluster-scoped: with a narrowed scope, only when an in-scope object references gMSA).
    this.crd = objects.customresourcedefinitions?.find((c) => c.metadata?.name === GMSA_CRD_NAME);
    this.crdKnownMissing = objects.customresourcedefinitions !== undefined && !this.crd;
    for (const cs of objects.gmsacredentialspecs ?? []) if (cs.metadata?.name) this.credSpecByName.set(cs.metadata.name, cs);
    this.webhooks = findGmsaWebhooks(objects.mutatingwebhookconfigurations ?? [], objects.validatingwebhookconfigurations ?? []);
    this.coverage = new WebhookCoverage(
      objects.namespaces,
      this.webhooks.filter((w) => w.kind === 'MutatingWebhookConfiguration'),
      this.webhooks.filter((w) => w.kind === 'ValidatingWebhookConfiguration'),
    );
    this.rbacRead = RBAC_KINDS.filter((k) => objects[k] !== undefined);
    this.serviceAccounts = serviceAccountsByNamespace(objects.serviceaccounts, snapshot.namespace ?? 'default');
    const canReview = caps.accessReview !== undefined && !(this.offline && this.rbacRead.length === 0);
    this.reviews = new UseReviews(canReview ? caps.accessReview : undefined, options.concurrency ?? 8);
    // Narrowed: the CRD, credential specs and webhooks in-scope objects use (checked in finish).
    if (!this.narrowed) {
      this.checkCrd();
      for (const cs of this.credSpecByName.values()) pushAll(this.findings, credSpecFindings(cs));
      this.checkWebhooks(this.webhooks);
    }
  }

  private add(id: GmsaCheckId, f: FindingFields): void {
    this.findings.push(finding(id, f));
  }

  private unread(plural: string): string {
    return this.offline ? `no ${plural} in the manifests` : `cannot read ${plural}`;
  }

  private checkCrd(): void {
    if (!this.crd) {
      if (!this.objects.customresourcedefinitions) this.skipped.push({check: 'gmsa/crd-missing', reason: this.unread('customresourcedefinitions')});
      return;
    }
    const versions: KubeObject[] = this.crd.spec?.versions ?? [];
    if (versions.find((v) => v.name === 'v1')?.served) return;
    const served = versions.filter((v) => v.served).map((v) => v.name);
    this.add('gmsa/crd-version', {
      object: {kind: 'CustomResourceDefinition', name: GMSA_CRD_NAME},
      field: 'spec.versions',
      message: `the CRD serves ${served.length ? served.join(', ') : 'no version'} (storage: ${versions.find((v) => v.storage)?.name ?? 'none'}); the current windows-gmsa webhook reads windows.k8s.io/v1`,
      remedy: {text: 'Apply the current gmsa-crd.yml (v1 served and storage, v1alpha1 served)', command: `kubectl apply -f ${CRD_MANIFEST}`},
    });
  }

  /** Each webhook's health (backend, certificate). */
  private checkWebhooks(checked: GmsaWebhook[]): void {
    const {objects, now} = this;
    for (const w of checked) pushAll(this.findings, webhookFindings(w, {services: objects.services, endpointslices: objects.endpointslices, now}));
    // The certificate the webhook's pods serve, from the pods and Secrets the Source read (gmsaWebhookDetails). A read the
    // Source already reported (forbidden, with the apiserver's reason) is not reported twice.
    const readFailed = this.snapshot.skipped.some((s) => s.check === SERVING_CERT_CHECK);
    for (const w of checked) {
      const r = servingCertFindings(w, {endpointslices: objects.endpointslices, pods: objects.pods, secrets: objects.secrets, now, offline: this.offline});
      pushAll(this.findings, r.findings);
      const reported =
        (readFailed && /\bnot read\b/.test(r.skipped ?? '')) || this.skipped.some((s) => s.check === SERVING_CERT_CHECK && s.reason === r.skipped);
      if (r.skipped && !reported) this.skipped.push({check: SERVING_CERT_CHECK, reason: r.skipped});
    }
    const viaService = checked.some((w) => w.webhook.clientConfig?.service);
    if (viaService && !objects.services) this.skipped.push({check: 'gmsa/webhook-service-missing', reason: this.unread('services')});
    if (viaService && !objects.endpointslices) this.skipped.push({check: 'gmsa/webhook-no-endpoints', reason: this.unread('endpointslices')});
  }

  /** Offline, a namespace whose manifests hold no ServiceAccount is unknown; "default" is created by the controller-manager in every namespace. */
  private serviceAccountKnownMissing(ns: string, sa: string): boolean {
    return (
      sa !== 'default' &&
      this.objects.serviceaccounts !== undefined &&
      (!this.offline || this.serviceAccounts.has(ns)) &&
      !this.serviceAccounts.get(ns)?.has(sa)
    );
  }

  visit(w: Workload): void {
    // The apiserver would reject it undecoded: its spec is not analysable (lint reports the error).
    const undecodable = undecodableInRun(w, this.snapshot, this.minor);
    if (undecodable) {
      this.skipped.push(notCheckedUndecodable('gmsa', w, undecodable));
      return;
    }
    const refs = gmsaReferences(w);
    const object = {kind: w.kind, namespace: w.namespace, name: w.name};
    this.uncheckedSettings(refs, object);
    if (refs.references.length === 0) return;
    if (this.serviceAccountKnownMissing(w.namespace, refs.serviceAccount)) {
      // The ServiceAccount admission plugin's words when such a pod is created.
      this.add('gmsa/service-account-missing', {
        object,
        field: `${w.specPath}.serviceAccountName`,
        message: `error looking up service account ${w.namespace}/${refs.serviceAccount}: serviceaccount "${refs.serviceAccount}" not found`,
        remedy: {
          text: `Create the ServiceAccount, then grant it use of the credential spec`,
          command: `kubectl create serviceaccount ${refs.serviceAccount} -n ${w.namespace}`,
        },
      });
    }
    const mut = this.coverage.of(this.coverage.mutating, w);
    const val = this.coverage.of(this.coverage.validating, w);
    for (const [c, label] of [
      [mut, NOT_INLINED],
      [val, NOT_REVIEWED],
    ] as const) {
      if (c.covers === false && c.hook) this.add('gmsa/webhook-not-covering', {object, ...this.coverage.notCovering(c.hook, c.why ?? '', label, w.namespace)});
    }
    for (const ref of refs.references) this.reference(w, refs.serviceAccount, ref, object, sameWebhook(mut.covers, val.covers));
  }

  /** gMSA settings the webhook never checks: inline contents without a name, and init containers' own options. */
  private uncheckedSettings(refs: ReturnType<typeof gmsaReferences>, object: ObjectRef): void {
    for (const inl of refs.inlineWithoutName) {
      // webhook.go (windows-gmsa 993de21) validateCreateRequest L329-333, word for word.
      this.add('gmsa/credspec-inline-without-name', {
        object,
        field: inl.field,
        message: `${inl.what} has a GMSA cred spec set, but does not define the name of the corresponding resource`,
        remedy: {text: 'Set gmsaCredentialSpecName to the GMSACredentialSpec and let the webhook fill gmsaCredentialSpec'},
      });
    }
    for (const init of refs.initContainers) {
      this.add('gmsa/init-container-not-covered', {
        object,
        field: init.field,
        message: `init container "${init.container}" sets its own ${init.credentialSpec ? `gmsaCredentialSpecName ${init.credentialSpec}` : 'gmsaCredentialSpec'}, but the windows-gmsa webhook reads only the pod's and spec.containers' windowsOptions: nothing checks that the service account may use it${init.credentialSpec ? ' or fills in its contents, so the init container runs without that gMSA identity' : ''}`,
        remedy: {text: "Set gmsaCredentialSpecName on the pod's securityContext.windowsOptions (init containers inherit it), not on the init container"},
      });
    }
  }

  /** One (workload, credential spec) reference: its name, existence and inline contents, its item, and its review. */
  private reference(w: Workload, serviceAccount: string, ref: GmsaReference, object: ObjectRef, webhook: GmsaItem['webhook']): void {
    const field = ref.fields[0];
    if (!DNS1123_SUBDOMAIN.test(ref.credentialSpec)) {
      this.add('gmsa/credspec-name-invalid', {
        object,
        field,
        message: `Invalid value: "${ref.credentialSpec}": ${DNS1123_SUBDOMAIN_MSG}`,
        remedy: {text: `Use the object's lower-case name, e.g. "${ref.credentialSpec.toLowerCase()}"`},
      });
    }
    const exists = this.credSpecByName.has(ref.credentialSpec) ? true : this.crdKnownMissing || this.objects.gmsacredentialspecs !== undefined ? false : null;
    if (exists === false) {
      this.add('gmsa/credspec-missing', {
        object,
        field,
        // kube_client.go retrieveCredSpecContents L104 (validation L319-320, mutation L378-381), word for word.
        message: `cred spec ${ref.credentialSpec} does not exist`,
        remedy: {
          text: `Create the GMSACredentialSpec "${ref.credentialSpec}" (New-CredentialSpec output under credspec:) or fix the reference${this.crdKnownMissing ? '; first install the GMSACredentialSpec CRD' : ''}`,
        },
      });
    }
    this.inlineContents(ref, object);
    this.noteItem(ref.credentialSpec, webhook, exists);
    const question = this.reviews.ask(w.namespace, serviceAccount, ref.credentialSpec);
    this.held.add(
      {
        kind: w.kind,
        namespace: w.namespace,
        name: w.name,
        serviceAccount,
        credentialSpec: ref.credentialSpec,
        containers: sameList(ref.containers),
        canUse: null,
        grantedBy: null,
        via: null,
        fields: sameList(ref.fields),
        credentialSpecExists: exists,
        webhook,
        ...(w.kind === 'Pod' && !w.template && w.spec.nodeName ? {node: w.spec.nodeName} : {}),
      },
      question,
    );
  }

  private noteItem(credentialSpec: string, webhook: GmsaItem['webhook'], exists: boolean | null): void {
    const {made} = this;
    made.count++;
    made.credentialSpecs.add(credentialSpec);
    const {mutating, validating} = this.coverage;
    if ((webhook.mutating === null && mutating.length > 0) || (webhook.validating === null && validating.length > 0)) made.coverageUnknown = true;
    if (exists === null) made.existenceUnknown = true;
  }

  /**
   * The items whose reviews are answered, from the first made up to the first still waiting: each
   * answered, its denial's finding kept for the report (which sorts them, as ever).
   */
  takeItems(): GmsaItem[] {
    return this.held.takeAnswered();
  }

  /** What explains a denial: the RBAC objects read, when there are any (made at the first denial). */
  private explainer(): RbacAuthorizer | undefined {
    if (this.authorizer === undefined) {
      const {roles, rolebindings, clusterroles, clusterrolebindings} = this.objects;
      this.authorizer =
        this.rbacRead.length > 0 ? new RbacAuthorizer({roles, rolebindings, clusterroles, clusterrolebindings}, this.snapshot.namespace ?? 'default') : null;
    }
    return this.authorizer ?? undefined;
  }

  /** Inline gmsaCredentialSpec contents the webhook would reject: they differ from the resource's. */
  private inlineContents(ref: GmsaReference, object: ObjectRef): void {
    const resourceContents = this.credSpecByName.get(ref.credentialSpec)?.credspec;
    if (resourceContents === undefined || resourceContents === null || resourceContents === '') return;
    for (const inl of ref.inline) {
      const c = compareCredSpecContents(inl.contents, resourceContents);
      if (c.equal && !c.error) continue;
      this.add('gmsa/credspec-contents-mismatch', {
        object,
        field: inl.field,
        message: contentsMismatchMessage(inl.what, ref.credentialSpec, c.error),
        remedy: {text: `Remove gmsaCredentialSpec and let the mutating webhook fill it from "${ref.credentialSpec}", or copy the resource's credspec exactly`},
      });
    }
  }

  async finish() {
    const {made, skipped} = this;
    if (this.narrowed) this.checkWhatInScopeUses();
    const anyGmsa = this.narrowed ? made.count > 0 : made.count > 0 || this.crd !== undefined || this.webhooks.length > 0 || this.credSpecByName.size > 0;
    if (anyGmsa) this.checkPresence();
    if (made.coverageUnknown) {
      skipped.push({
        check: 'gmsa/webhook-not-covering',
        reason: `${this.unread('namespaces')}: the webhooks' namespaceSelector cannot be evaluated for some workloads`,
      });
    }
    if (made.existenceUnknown) skipped.push({check: 'gmsa/credspec-missing', reason: this.unread('gmsacredentialspecs')});
    await this.settleReviews();
    const items = this.held.takeAll();
    return makeReport('GMSAReport', this.snapshot.source, items, this.findings, [...this.snapshot.skipped, ...skipped]);
  }

  /** Narrowed: the CRD and webhooks in-scope references go through (or served from the scoped namespace), and the credential specs they name. */
  private checkWhatInScopeUses(): void {
    const {made, snapshot} = this;
    if (made.count > 0) this.checkCrd();
    this.checkWebhooks(
      made.count > 0 ? this.webhooks : this.webhooks.filter((h) => snapshot.namespace !== undefined && webhookService(h)?.namespace === snapshot.namespace),
    );
    for (const [name, cs] of this.credSpecByName) if (made.credentialSpecs.has(name)) pushAll(this.findings, credSpecFindings(cs));
  }

  /** gmsa/crd-missing and gmsa/webhook-missing, where something uses gMSA. */
  private checkPresence(): void {
    if (this.crdKnownMissing)
      this.add('gmsa/crd-missing', {
        object: {kind: 'CustomResourceDefinition', name: GMSA_CRD_NAME},
        message: `customresourcedefinitions.apiextensions.k8s.io "${GMSA_CRD_NAME}" not found`,
        remedy: {text: 'Install the GMSACredentialSpec CRD', command: `kubectl apply -f ${CRD_MANIFEST}`},
      });
    for (const [kind, list, hooks] of [
      ['MutatingWebhookConfiguration', this.objects.mutatingwebhookconfigurations, this.coverage.mutating],
      ['ValidatingWebhookConfiguration', this.objects.validatingwebhookconfigurations, this.coverage.validating],
    ] as const) {
      if (list === undefined) this.skipped.push({check: 'gmsa/webhook-missing', reason: this.unread(`${kind.toLowerCase()}s`)});
      else if (hooks.length === 0) {
        this.add('gmsa/webhook-missing', {
          object: {kind, name: '(windows-gmsa)'},
          message: `no ${kind} has the webhook "admission-webhook.windows-gmsa.sigs.k8s.io"${kind === 'MutatingWebhookConfiguration' ? ': credential spec contents are never inlined into pods' : ': the RBAC use check never runs'}`,
          remedy: {text: 'Deploy the windows-gmsa webhook (kubernetes-sigs/windows-gmsa: deploy-gmsa-webhook.sh or the gmsa Helm chart)'},
        });
      }
    }
  }

  /** The reviews asked, or why they could not be. */
  private async settleReviews(): Promise<void> {
    if (this.offline && this.rbacRead.length === 0) {
      if (this.reviews.size > 0)
        this.skipped.push({check: 'gmsa/rbac-use-denied', reason: this.unread('RBAC objects (roles, rolebindings, clusterroles, clusterrolebindings)')});
    } else if (!this.caps.accessReview) {
      if (this.reviews.size > 0) this.skipped.push({check: 'gmsa/rbac-use-denied', reason: 'this source cannot answer access reviews'});
    } else {
      const errors = await this.reviews.settle();
      if (errors.length > 0) this.skipped.push({check: 'gmsa/rbac-use-denied', reason: errors.join('; ')});
    }
  }
}
