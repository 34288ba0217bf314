// Small pod builders for the PSS unit tests: a minimal pod that passes restricted at every version
// (PSA test/fixtures.go: ensureSecurityContext + allowPrivilegeEscalation=false, drop ALL,
// runAsNonRoot, seccomp RuntimeDefault), to be broken one field at a time.
import type {PodSpecLike} from '../../../../src/k8s/pss/types.js';

export function restrictedPod(): {meta: {name: string; annotations: Record<string, string>}; spec: PodSpecLike} {
  const ctr = (name: string) => ({
    name,
    image: 'registry.k8s.io/pause',
    securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: ['ALL']}},
  });
  return {
    meta: {name: 'p', annotations: {}},
    spec: {
      initContainers: [ctr('init1')],
      containers: [ctr('c1'), ctr('c2')],
      securityContext: {runAsNonRoot: true, seccompProfile: {type: 'RuntimeDefault'}},
    },
  };
}

/** The restricted pod with spec.os.name=windows and nothing Linux-only (PSA's minimal Windows pod). */
export function windowsRestrictedPod(): {meta: {name: string; annotations: Record<string, string>}; spec: PodSpecLike} {
  return {
    meta: {name: 'w', annotations: {}},
    spec: {os: {name: 'windows'}, containers: [{name: 'c1', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022'}], securityContext: {runAsNonRoot: true}},
  };
}
