// Every check's `source` points at a file or page that exists upstream. The paths were checked once
// (2026-12-06) against the stored upstream trees, and are recorded here with the commit each was
// found at, so this test needs no network. A new or renamed source must be checked the same way and
// added below; a moved page (kubernetes/website setup/production-environment/windows/intro.md, now
// concepts/windows/intro.md) fails here.
import assert from 'node:assert/strict';
import {ALL_CHECKS} from '../../../src/report/all-checks.js';
import {WINDOWS_ONLY_IMAGES} from '../../../src/k8s/windows-image.js';

/** repository -> path -> commit it was found at. */
const VERIFIED: Record<string, Record<string, string>> = {
  'kubernetes/kubernetes': {
    'pkg/api/node/util.go': '008b3652959ca58af8be3fb5b6ecfe9ae7638282',
    'pkg/api/pod/util.go': 'b917be6438031440eddd18d3dd6dcd8e59da5293',
    'pkg/api/pod/warnings.go': '1853742da6212a55cfe41328d8d463efe7c0bd93',
    'pkg/apis/core/helper/qos/qos.go': '6f404d388c5fa96b67e884f7f45d0051beb60e9e',
    'pkg/apis/core/validation/validation.go': 'a7264f95ffc8b56377da16e83461aa59467ebb3e',
    'pkg/kubelet/kubelet.go': 'd8302640b422da9d1bcbfd24040d8e79dc3b9397',
    'pkg/kubelet/kubelet_server_journal.go': '6f137b77b15db02ba928582345afbcfe1faa9bd1',
    'pkg/kubelet/kubelet_server_journal_windows.go': '9d2a8fb7c431f0cf55f9671ca9502e5b1fc151ff',
    'pkg/kubelet/server/server.go': '4a37f009ca615534484b1116d0f147f1f23cf067',
    'pkg/registry/core/node/rest/proxy.go': 'eac438fcd83c5e36cb4ad91fd3ad7364fb0a2dff',
    'pkg/registry/core/node/strategy.go': '6785e9ed401a526cfb4ae33d498b088e27237ad1',
    'plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go': '53f1b9d6f8de259644c05a25aa7ac8c6a67258e2',
    'pkg/kubelet/eviction/defaults_windows.go': '601eb7e9cf71eebb375d4a32c364b56dfbfd365d',
    'pkg/kubelet/eviction/helpers_windows.go': '1b6390e5207c69913a2cb13a4d8a2268a9391f47',
    'pkg/kubelet/kuberuntime/kuberuntime_container_windows.go': 'a09cb22e4dbca6a907d9efb7317f55d51344a4f8',
    'pkg/kubelet/lifecycle/predicate.go': 'bed9b2f23be40429d9c228592c52ae40f75a896d',
    'pkg/kubelet/kuberuntime/security_context_windows.go': 'ab839c93ff85072b2cc289a5826f61ff409b937a',
    'pkg/kubelet/nodestatus/setters.go': '8340f5a937ee0d2568a8db2c198899da75d5b8ae',
    'pkg/controller/disruption/disruption.go': '189c34a7cded2a15356f015ce68ede8aa8ec9814',
    'plugin/pkg/admission/runtimeclass/admission.go': 'fd18d233ad4113d7f0782b62534ae405ecc5f027',
    'pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go': '5ae369a03439e3654c6fa01a1de5c3d9615fe897',
    'pkg/scheduler/framework/plugins/noderesources/fit.go': '903b1f7e2884a152477f870ece3460be3d5025d1',
    'pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go': '0f7becbc443966e5cf4ac37aa20a1a509fab73eb',
    'staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/errors/statuserror.go': '5f18afdfd6763fa29ffca6d6a127afe8f5b16fc9',
    'pkg/volume/util/subpath/subpath_windows.go': '254106c42c6b91669d92a9258ee4dc450f67dfd7',
    'plugin/pkg/admission/security/podsecuritypolicy/admission.go': '5149b697dfc56f36e89ac80d46a73a534eaa4b3b',
    'plugin/pkg/admission/serviceaccount/admission.go': '15816b382ef2b81bd376fc2492062a8216e0a490',
    'staging/src/k8s.io/apiserver/pkg/util/webhook/client.go': '9df7b734c02d69ee9926623c7b5b1b1678b59a9b',
    // kubernetes/api, kubernetes/apiserver and kubernetes/pod-security-admission are published from these staging directories.
    'staging/src/k8s.io/apiserver/pkg/server/deleted_kinds.go': 'b4c6895d0b0a913e3461bdc78358aa9514604b8f',
    'staging/src/k8s.io/apiserver/pkg/endpoints/handlers/rest.go': '50f645e1e0b10f85a8e6f8b18de650680c4a30d0',
    'staging/src/k8s.io/apiserver/pkg/endpoints/handlers/create.go': 'a1bfb76458a219577884d312ceb93eb1bb3f7e39',
    'staging/src/k8s.io/kubectl/pkg/cmd/util/helpers.go': 'd1b5f268b48eda4bb8acdeef52407c27add9e076',
    'staging/src/k8s.io/api/apps/v1beta1/zz_generated.prerelease-lifecycle.go': '77bf3135842e608f6771c05e25a283068f974bb3',
    'staging/src/k8s.io/pod-security-admission/admission/admission.go': '81661d5a3485c8187234953ffda3610e8223b610',
    'staging/src/k8s.io/pod-security-admission/api/helpers.go': '50f645e1e0b10f85a8e6f8b18de650680c4a30d0',
    'staging/src/k8s.io/pod-security-admission/policy/check_allowPrivilegeEscalation.go': '422c8fc5a00f44b433ece57d74824df049d860d8',
    'staging/src/k8s.io/pod-security-admission/policy/check_windowsHostProcess.go': 'da0c8de94aa4a85b8f664d1204f74ac11e70f092',
  },
  'kubernetes/apimachinery': {'pkg/api/resource/quantity.go': '357557a670d84c30ef3b5355f02c11d8aba5a941'},
  'kubernetes/enhancements': {'keps/sig-windows/689-windows-gmsa/README.md': '2ac3cd69b686ec682035679031b990545b159faa'},
  'kubernetes-sigs/pspmigrator': {'pspmutating.go': '2a0d58fcb52178b1457c5afdf33a3e9e362b86e0'},
  'kubernetes-sigs/json': {
    'internal/golang/encoding/json/decode.go': '0626a4a21788dc231f382e03f4f0d0b81202fb76',
    'internal/golang/encoding/json/kubernetes_patch.go': '0626a4a21788dc231f382e03f4f0d0b81202fb76',
  },
  'kubernetes-sigs/windows-gmsa': {
    'admission-webhook/webhook.go': '993de21c8f98a4def841b8de89aed688a95630d8',
    'admission-webhook/kube_client.go': '993de21c8f98a4def841b8de89aed688a95630d8',
    'admission-webhook/deploy/gmsa-crd.yml': '993de21c8f98a4def841b8de89aed688a95630d8',
    'admission-webhook/deploy/gmsa-webhook.yml.tpl': '993de21c8f98a4def841b8de89aed688a95630d8',
  },
  'kubernetes/website': {
    'content/en/docs/concepts/configuration/windows-resource-management.md': '4d5a6dfbfc6b9f169fb3e3582715ad70954d3bbf',
    'content/en/docs/concepts/security/pod-security-standards.md': '7a429867096690db609b8bb486bfd22500da7829',
    'content/en/docs/concepts/services-networking/dns-pod-service.md': '7a429867096690db609b8bb486bfd22500da7829',
    'content/en/docs/concepts/services-networking/windows-networking.md': 'fb1f34c950beab7116cf6befa7ba69f8ea953df5',
    'content/en/docs/concepts/storage/windows-storage.md': '6b92f93d0051dc6fea498e4cbbb2da850e6d25da',
    'content/en/docs/concepts/windows/intro.md': '99538990b1490f94a3125bd9aed6f39b91a55743',
    'content/en/docs/concepts/windows/user-guide.md': '4d5a6dfbfc6b9f169fb3e3582715ad70954d3bbf',
    'content/en/docs/tasks/run-application/configure-pdb.md': '1fb1f643e87c753899bed7480ea65c6ca7f71358',
    'content/en/docs/reference/access-authn-authz/psp-to-pod-security-standards.md': 'a24fd75d565c4bc1593511c9b90236b8ae7c76cb',
    'content/en/docs/reference/command-line-tools-reference/feature-gates/WindowsHostNetwork.md': '3014eff5e92d3e2f767ba4fca0ea03692562623b',
    'content/en/docs/tasks/configure-pod-container/configure-gmsa.md': 'b70afd87a9c99d58cd0c661b26ab06419796bec7',
    'content/en/docs/tasks/configure-pod-container/create-hostprocess-pod.md': '23009a516ff325a0d551d0f69de43ceeeac60d65',
    'content/en/docs/tasks/configure-pod-container/migrate-from-psp.md': '89ce7eec9d6452eae7061696d2bf786ac42c7845',
    'content/en/docs/tasks/configure-pod-container/resize-container-resources.md': 'a2d0b70c97e22420351cda140d02a80eea314681',
    'content/en/docs/tasks/administer-cluster/migrating-from-dockershim/check-if-dockershim-removal-affects-you.md': '38f33cd28ec778584c43166f319640deca0765a8',
    // Outside docs/: kubernetes.io/releases/.
    'content/en/releases/version-skew-policy.md': '0637786b3e0a896fabe197d29682f2bb688074a6',
  },
  'MicrosoftDocs/Virtualization-Documentation': {
    'virtualization/windowscontainers/deploy-containers/version-compatibility.md': 'cf510513eb2f482ee809c98d205ccdb555d859d7',
    'virtualization/windowscontainers/manage-containers/container-base-images.md': 'fe1e5d1f35e088581d44c43108c843347111eaef',
    'virtualization/windowscontainers/manage-containers/manage-serviceaccounts.md': '9b49fbc94cc8457b5bf5559c9da619774f6bae25',
  },
  'microsoft/dotnet-framework-docker': {'README.md': 'ad5b18304571861dbf7a40f53288ac6f3f93e381'},
  'microsoft/iis-docker': {'README.md': '7b09c8db31061dda502a57f3299fb1c19edbc7ad'},
  'microsoft/windows-host-process-containers-base-image': {'README.md': '14ec9a411c612349e7f56bbb4a31a526e3099f05'},
};

/**
 * Functions a source names after its path, read in that file. Only these files' function names are
 * checked: the others (validation.go, setters.go) are too large for the stored search to confirm.
 */
const SYMBOLS: Record<string, string[]> = {
  'kubernetes/kubernetes pkg/kubelet/kuberuntime/security_context_windows.go': ['verifyRunAsNonRoot'],
  'kubernetes-sigs/windows-gmsa admission-webhook/webhook.go': ['iterateOverWindowsSecurityOptions', 'validateCreateRequest', 'compareCredSpecContents'],
  'kubernetes/pod-security-admission admission/admission.go': ['EvaluatePodsInNamespace'],
  'kubernetes/pod-security-admission api/helpers.go': ['PolicyToEvaluate'],
};

/** Issues and pull requests cited as the reason for a check (from issue 19 and the upstream trackers). */
const ISSUES = new Set([
  // issue 25 (upgrade-plan, doctor's end of support)
  'kubernetes-sigs/windows-testing#557',
  'projectcalico/calico#11691',
  'microsoft/hcsshim#1344',
  'microsoft/hcsshim#1699',
  'Azure/AKS#4091',
  'Azure/AKS#4168',
  'Azure/AKS#5608',
  'kubernetes/kubernetes#94366',
  'kubernetes/kubernetes#95505',
  // Where `kubectl win why`'s decoder catalogue (src/analyses/why/causes.ts) found each string, 2026-12-06.
  'redhat-developer/odo#6847',
  'CrowdStrike/falcon-helm#281',
  'microsoft/dotnet-framework-docker#1265',
  'MicrosoftDocs/Virtualization-Documentation#765',
  'docker-archive-public/docker.kitematic#5236',
  'dotnet-architecture/eShopModernizing#13',
  'microsoft/mindaro#53',
  'Azure/aks-engine#853',
  'kubernetes/kubernetes#75421',
  'containerd/containerd#5729',
  'containerd/nerdctl#2412',
  'kubernetes/kubernetes#78429',
  'aws/containers-roadmap#1082',
  'kubernetes-sigs/cluster-api-provider-azure#3227',
  'docker/for-win#3131',
  'containerd/containerd#10347',
  'microsoft/hcsshim#1363',
  'microsoft/hcsshim#674',
  'kubernetes/website#29924',
  'kubernetes-sigs/windows-gmsa#31',
  'kubernetes-csi/csi-driver-smb#594',
  'cri-o/cri-o#189',
  'kubernetes/minikube#15626',
  'microsoft/WinAppDriver#448',
  'microsoft/dotnet-framework-docker#431',
  'kubernetes/kubernetes#72696',
  'moby/moby#40328',
  'winsw/winsw#702',
  'kubernetes/kubernetes#14283',
]);

interface Reference {
  repo: string;
  path: string;
  symbols: string[];
}

/** "owner/repo path [symbol[, symbol]] [(anchor)]", "owner/repo#N", or "Microsoft Learn path". */
function parseReference(text: string): Reference | {issue: string} {
  const t = text.trim().replace(/\s*\([^)]*\)$/, '');
  if (/^[\w.-]+\/[\w.-]+#\d+$/.test(t)) return {issue: t};
  const learn = /^Microsoft Learn (\S+)$/.exec(t);
  if (learn) return {repo: 'MicrosoftDocs/Virtualization-Documentation', path: `${learn[1]}.md`, symbols: []};
  const m = /^([\w.-]+\/[\w.-]+) (\S+)(?: (.+))?$/.exec(t);
  assert.ok(m, `cannot read source "${text}"`);
  const [, repo, path, rest] = m;
  const symbols = rest ? rest.split(/,\s*/) : [];
  if (repo === 'kubernetes/website') return {repo, path: path.startsWith('releases/') ? `content/en/${path}` : `content/en/docs/${path}`, symbols};
  if (repo === 'kubernetes/pod-security-admission' || repo === 'kubernetes/api' || repo === 'kubernetes/apiserver') {
    return {repo: 'kubernetes/kubernetes', path: `staging/src/k8s.io/${repo.split('/')[1]}/${path}`, symbols: symbols.map((s) => `${repo} ${path}:${s}`)};
  }
  return {repo, path, symbols};
}

const globToRegExp = (g: string) => new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);

function assertExists(source: string, where: string): void {
  for (const part of source.split(/;\s*/)) {
    const ref = parseReference(part);
    if ('issue' in ref) {
      assert.ok(ISSUES.has(ref.issue), `${where}: ${ref.issue} is not a recorded issue`);
      continue;
    }
    const paths = Object.keys(VERIFIED[ref.repo] ?? {});
    const found = ref.path.includes('*') ? paths.some((p) => globToRegExp(ref.path).test(p)) : paths.includes(ref.path);
    assert.ok(found, `${where}: ${ref.repo} ${ref.path} was not found upstream (source "${part}")`);
    for (const s of ref.symbols) {
      const [key, name] = s.includes(':') ? s.split(':') : [`${ref.repo} ${ref.path}`, s];
      if (SYMBOLS[key]) assert.ok(SYMBOLS[key].includes(name), `${where}: ${name} is not a recorded function of ${key}`);
    }
  }
}

describe('check sources point at upstream files and pages that exist', () => {
  it('every check in the catalogue', () => {
    assert.ok(ALL_CHECKS.length > 90);
    for (const c of ALL_CHECKS) assertExists(c.source, c.id);
  });

  it('every Windows-only image family of the documented list', () => {
    for (const f of WINDOWS_ONLY_IMAGES) assertExists(f.source, f.what);
  });

  it('fails for a moved page, a wrong path, an unknown function and an unrecorded issue', () => {
    assert.throws(() => assertExists('kubernetes/website setup/production-environment/windows/intro.md', 't'), /was not found upstream/);
    assert.throws(
      () => assertExists('MicrosoftDocs/Virtualization-Documentation windows-server/manage/containers/manage-serviceaccounts.md (credential spec)', 't'),
      /was not found upstream/,
    );
    assert.throws(
      () => assertExists('kubernetes/kubernetes pkg/kubelet/kuberuntime/security_context_windows.go verifyWindowsRunAsNonRoot', 't'),
      /not a recorded function/,
    );
    assert.throws(() => assertExists('kubernetes/kubernetes#1', 't'), /not a recorded issue/);
  });
});
