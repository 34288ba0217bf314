// Whether the windows-gmsa webhooks intercept a workload's pods: the namespace part (rules and
// namespaceSelector) is the same for every pod of a namespace and worked out once per webhook and
// namespace; only the objectSelector is per pod (decision 16).
import type {Finding} from '../../report/types.js';
import type {KubeObject} from '../../k8s/object.js';
import type {Workload} from '../../k8s/snapshot.js';
import {NestedCache} from '../../util/nested-cache.js';
import {webhookCoversNamespace, webhookCoversObject, type Coverage, type GmsaWebhook} from './webhooks.js';

interface HookCoverage {
  /** null: no such webhook, or the namespace's labels are unknown. */
  covers: boolean | null;
  why?: string;
  hook?: GmsaWebhook;
}

/** A selector that takes every namespace: an empty one, or one with no labels or expressions. */
function selectsAll(hooks: GmsaWebhook[]): boolean {
  return hooks.every(
    (h) =>
      Object.keys(h.webhook.namespaceSelector ?? {}).length === 0 ||
      (!h.webhook.namespaceSelector.matchLabels && !(h.webhook.namespaceSelector.matchExpressions ?? []).length),
  );
}

export class WebhookCoverage {
  private readonly nsLabels = new Map<string, Record<string, string>>();
  private readonly byNamespace = new Map<GmsaWebhook, Map<string, Coverage>>();
  private readonly takesAll: Map<GmsaWebhook[], boolean>;
  // Every pod of a namespace a webhook skips gets the same words: made once, shared by the findings
  // (which are never changed), so 10,000 pods do not keep 10,000 copies.
  private readonly notCoveringTexts = new NestedCache<Pick<Finding, 'message' | 'remedy'>>();

  constructor(
    namespaces: KubeObject[] | undefined,
    readonly mutating: GmsaWebhook[],
    readonly validating: GmsaWebhook[],
  ) {
    for (const n of namespaces ?? []) if (n.metadata?.name) this.nsLabels.set(n.metadata.name, (n.metadata.labels as Record<string, string>) ?? {});
    this.takesAll = new Map([
      [mutating, selectsAll(mutating)],
      [validating, selectsAll(validating)],
    ]);
  }

  /** The apiserver labels every namespace with its name (NamespaceDefaultLabelName, 1.21+). */
  private labelsOf(ns: string): Record<string, string> {
    return {...(this.nsLabels.get(ns) ?? {}), 'kubernetes.io/metadata.name': ns};
  }

  private namespaceCoverage(h: GmsaWebhook, ns: string): Coverage {
    let m = this.byNamespace.get(h);
    if (!m) this.byNamespace.set(h, (m = new Map()));
    let c = m.get(ns);
    if (!c) m.set(ns, (c = webhookCoversNamespace(h, this.labelsOf(ns))));
    return c;
  }

  /** Whether any of `hooks` intercepts the workload's pods; the first one's reason when none does. */
  of(hooks: GmsaWebhook[], w: Workload): HookCoverage {
    if (hooks.length === 0) return {covers: null};
    // A namespace we could not read (forbidden, or not in the manifests): unknown unless the selector takes all.
    if (!this.nsLabels.has(w.namespace) && !this.takesAll.get(hooks)) return {covers: null};
    const podLabels = (w.podMetadata?.labels as Record<string, string>) ?? {};
    let first: Coverage | undefined;
    for (const h of hooks) {
      const ns = this.namespaceCoverage(h, w.namespace);
      const c = ns.covers ? webhookCoversObject(h, podLabels) : ns;
      if (c.covers) return {covers: true, hook: h};
      first ??= c;
    }
    return {covers: false, why: first!.why, hook: hooks[0]};
  }

  /** The message and remedy of gmsa/webhook-not-covering, shared by every finding with the same words. */
  notCovering(hook: GmsaWebhook, why: string, label: string, ns: string): Pick<Finding, 'message' | 'remedy'> {
    return this.notCoveringTexts.get([hook, label, ns, why], () => ({
      message: `${hook.kind} "${hook.configName}" webhook "${hook.name}" does not intercept these pods: ${why}; ${label}`,
      remedy: {
        text: `Remove the label that opts namespace "${ns}" out (gmsa-webhook: disabled) or widen the selector`,
        command: `kubectl label namespace ${ns} gmsa-webhook-`,
      },
    }));
  }
}
