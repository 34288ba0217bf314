// Every gMSA credential-spec reference in a pod spec, as the windows-gmsa webhook walks them
// (kubernetes-sigs/windows-gmsa admission-webhook/webhook.go iterateOverWindowsSecurityOptions: the
// pod's securityContext, then containers, then initContainers).
import type {Workload} from '../../source/types.js';

export interface GmsaReference {
  credentialSpec: string;
  /** Field paths that name it (pod level and/or container level). */
  fields: string[];
  /** Containers (init and app) that run with it: their own name, or the pod's when they set none. */
  containers: string[];
}

export interface InlineWithoutName {
  field: string;
  /** `pod "x"`, `container "c"`, `initContainer "c"`: the webhook's wording. */
  what: string;
}

interface WindowsOptions {
  gmsaCredentialSpecName?: string;
  gmsaCredentialSpec?: string;
}

export interface PodReferences {
  serviceAccount: string;
  references: GmsaReference[];
  inlineWithoutName: InlineWithoutName[];
}

export function gmsaReferences(w: Workload): PodReferences {
  const spec = w.spec ?? {};
  // At admission the ServiceAccount plugin has already defaulted an empty name to "default".
  const serviceAccount = spec.serviceAccountName || (spec as {serviceAccount?: string}).serviceAccount || 'default';
  const byName = new Map<string, GmsaReference>();
  const inlineWithoutName: InlineWithoutName[] = [];
  const add = (name: string, field: string, container?: string) => {
    const ref = byName.get(name) ?? {credentialSpec: name, fields: [], containers: []};
    if (!ref.fields.includes(field)) ref.fields.push(field);
    if (container !== undefined && !ref.containers.includes(container)) ref.containers.push(container);
    byName.set(name, ref);
  };
  const podWin = (spec.securityContext?.windowsOptions ?? {}) as WindowsOptions;
  const podName = podWin.gmsaCredentialSpecName;
  const podField = `${w.specPath}.securityContext.windowsOptions`;
  if (podName) add(podName, `${podField}.gmsaCredentialSpecName`);
  else if (podWin.gmsaCredentialSpec) inlineWithoutName.push({field: `${podField}.gmsaCredentialSpec`, what: `pod "${w.name}"`});

  const walk = (list: {name: string; securityContext?: {windowsOptions?: unknown}}[] | undefined, key: 'containers' | 'initContainers', what: string) => {
    (list ?? []).forEach((c, i) => {
      const win = (c.securityContext?.windowsOptions ?? {}) as WindowsOptions;
      const field = `${w.specPath}.${key}[${i}].securityContext.windowsOptions`;
      if (win.gmsaCredentialSpecName) add(win.gmsaCredentialSpecName, `${field}.gmsaCredentialSpecName`, c.name);
      else if (win.gmsaCredentialSpec) inlineWithoutName.push({field: `${field}.gmsaCredentialSpec`, what: `${what} "${c.name}"`});
      else if (podName) add(podName, `${podField}.gmsaCredentialSpecName`, c.name);
    });
  };
  walk(spec.containers, 'containers', 'container');
  walk(spec.initContainers, 'initContainers', 'initContainer');
  return {serviceAccount, references: [...byName.values()], inlineWithoutName};
}
