// Every gMSA credential-spec reference in a pod spec, as the windows-gmsa webhook walks them
// (kubernetes-sigs/windows-gmsa admission-webhook/webhook.go at 993de21, iterateOverWindowsSecurityOptions
// L502-518: the pod's securityContext, then spec.containers; init and ephemeral containers never).
// Init containers that set no options of their own inherit the pod's, which the webhook handles.
import type {Workload} from '../../k8s/snapshot.js';

export interface GmsaReference {
  credentialSpec: string;
  /** Field paths that name it (pod level and/or container level). */
  fields: string[];
  /** Containers (init and app) that run with it: their own name, or the pod's when they set none. */
  containers: string[];
  /** gmsaCredentialSpec set next to the name: the webhook compares it with the resource's contents. */
  inline: InlineContents[];
}

interface InlineContents {
  field: string;
  contents: string;
  /** `pod "x"`, `container "c"`: the webhook's wording. */
  what: string;
}

interface InlineWithoutName {
  field: string;
  /** `pod "x"`, `container "c"`: the webhook's wording. */
  what: string;
}

/** An init container's own windowsOptions gMSA fields: the webhook never looks at them. */
interface InitContainerGmsa {
  field: string;
  container: string;
  credentialSpec?: string;
}

interface WindowsOptions {
  gmsaCredentialSpecName?: string;
  gmsaCredentialSpec?: string;
}

interface PodReferences {
  serviceAccount: string;
  references: GmsaReference[];
  inlineWithoutName: InlineWithoutName[];
  initContainers: InitContainerGmsa[];
}

type ContainerLike = {name: string; securityContext?: {windowsOptions?: unknown}};

export function gmsaReferences(w: Workload): PodReferences {
  const spec = w.spec ?? {};
  // At admission the ServiceAccount plugin has already defaulted an empty name to "default".
  const serviceAccount = spec.serviceAccountName || (spec as {serviceAccount?: string}).serviceAccount || 'default';
  const byName = new Map<string, GmsaReference>();
  const inlineWithoutName: InlineWithoutName[] = [];
  const initContainers: InitContainerGmsa[] = [];
  const add = (name: string, field: string, container?: string) => {
    const ref = byName.get(name) ?? {credentialSpec: name, fields: [], containers: [], inline: []};
    if (!ref.fields.includes(field)) ref.fields.push(field);
    if (container !== undefined && !ref.containers.includes(container)) ref.containers.push(container);
    byName.set(name, ref);
    return ref;
  };
  // webhook.go validateCreateRequest: a name with contents is compared; contents without a name rejected.
  const options = (win: WindowsOptions, field: string, what: string, container?: string) => {
    if (win.gmsaCredentialSpecName) {
      const ref = add(win.gmsaCredentialSpecName, `${field}.gmsaCredentialSpecName`, container);
      if (typeof win.gmsaCredentialSpec === 'string') ref.inline.push({field: `${field}.gmsaCredentialSpec`, contents: win.gmsaCredentialSpec, what});
    } else if (win.gmsaCredentialSpec) {
      inlineWithoutName.push({field: `${field}.gmsaCredentialSpec`, what});
    }
  };
  const podWin = (spec.securityContext?.windowsOptions ?? {}) as WindowsOptions;
  const podName = podWin.gmsaCredentialSpecName;
  const podField = `${w.specPath}.securityContext.windowsOptions`;
  options(podWin, podField, `pod "${w.name}"`);

  // webhook.go iterateOverWindowsSecurityOptions: the pod, then spec.containers, and nothing else.
  (spec.containers ?? []).forEach((c: ContainerLike, i) => {
    const win = (c.securityContext?.windowsOptions ?? {}) as WindowsOptions;
    if (win.gmsaCredentialSpecName || win.gmsaCredentialSpec)
      options(win, `${w.specPath}.containers[${i}].securityContext.windowsOptions`, `container "${c.name}"`, c.name);
    else if (podName) add(podName, `${podField}.gmsaCredentialSpecName`, c.name);
  });
  // Init containers inherit the pod's options (which the webhook handles); their own it never sees.
  (spec.initContainers ?? []).forEach((c: ContainerLike, i) => {
    const win = (c.securityContext?.windowsOptions ?? {}) as WindowsOptions;
    const field = `${w.specPath}.initContainers[${i}].securityContext.windowsOptions`;
    if (win.gmsaCredentialSpecName || win.gmsaCredentialSpec) {
      initContainers.push({
        field: `${field}.${win.gmsaCredentialSpecName ? 'gmsaCredentialSpecName' : 'gmsaCredentialSpec'}`,
        container: c.name,
        ...(win.gmsaCredentialSpecName ? {credentialSpec: win.gmsaCredentialSpecName} : {}),
      });
    } else if (podName) {
      add(podName, `${podField}.gmsaCredentialSpecName`, c.name);
    }
  });
  return {serviceAccount, references: [...byName.values()], inlineWithoutName, initContainers};
}
