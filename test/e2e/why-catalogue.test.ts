// Every entry of the `why` decoder catalogue (src/analyses/why/causes.ts) end to end, from one table.
// Each case puts a pod into the state its failure leaves it in, as the component that reports it
// writes it: a kubelet's container status through the status subresource and its Warning events
// through the API, with the strings the catalogue's sources quote. Admission denials come from the
// real kube-apiserver: a validating webhook served on loopback by this test answers as the
// windows-gmsa webhook does (kubernetes-sigs/windows-gmsa admission-webhook/webhook.go), a second one
// is not reachable at all, and the real ReplicaSet controller writes the FailedCreate. One
// `why -n NS -o json` run answers for every case; one text run is read for the words.
// The scheduler's cases and Pod Security are produced by the real components in why.test.ts.
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:https';
import {join} from 'node:path';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {PROJECT_ROOT} from '../../harness/build.js';
import {freePorts} from '../../harness/processes.js';
import {runCli, type CliResult} from './cli.js';
import {envelopeErrors} from '../support/envelope-schema.js';
import {CATALOGUE} from '../../src/analyses/why/causes.js';
import type {WhyItem} from '../../src/analyses/why/analysis.js';
import type {Report} from '../../src/report/types.js';

const NS = `why-cat-${Date.now() % 100000}`;
const HOOK = `why-catalogue-${NS}`;
const GMSA_HOOK = 'admission-webhook.windows-gmsa.sigs.k8s.io';
const POLICY_HOOK = 'registry-policy.example.com';
const DOWN_HOOK = 'unreachable.example.com';
/** A GMSACredentialSpec that exists (cluster-scoped, so named after the namespace); no one may `use` it. */
const CREDSPEC = `${NS}-webapp1`;
const WINDOWS_TOLERATION = {key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Produced by the real scheduler and Pod Security Admission in why.test.ts, not here. */
const ELSEWHERE = ['why/podsecurity-forbidden', 'why/unschedulable-taint', 'why/unschedulable-capacity', 'why/unschedulable-selector'];

interface Case {
  id: string;
  /** The pod (or, for admission, the Deployment) the case creates. */
  name: string;
  /** Where it runs: a Windows node unless said. */
  node?: 'win2019' | 'win2022' | 'linux';
  image?: string;
  /** A HostProcess pod (hostNetwork, SYSTEM). */
  hostProcess?: boolean;
  /** The container's state as the kubelet reports it. */
  waiting?: {reason: string; message?: string};
  /** A crash loop: the last run's exit code as the runtime reports it (signed int32 or unsigned). */
  exitCode?: number;
  /** A Warning event on the pod as the kubelet records it. */
  event?: {reason: string; message: string};
  /** Admission: the Deployment's pods are denied by this webhook behaviour. */
  admission?: 'gmsa-use' | 'gmsa-missing' | 'policy' | 'down';
  /** kubectl's STATUS for the pod. */
  status?: string;
  /** The evidence must quote this (the words the catalogue's entry recognises). */
  quotes: RegExp;
  /** The words the fix starts with. */
  fix: RegExp;
  exitCodeText?: string;
}

const ltsc2022 = 'mcr.microsoft.com/windows/servercore:ltsc2022';
const created = (m: string) => `Error: failed to create containerd task: failed to create shim task: ${m}: unknown`;

const CASES: Case[] = [
  {
    id: 'why/gmsa-use-denied',
    name: 'gmsa-use',
    admission: 'gmsa-use',
    quotes: new RegExp(`denied the request: service account "default" is not authorized to \`use\` GMSA cred spec "${CREDSPEC}"`),
    fix: /^Bind a Role granting `use`/,
  },
  {
    id: 'why/gmsa-credspec-missing',
    name: 'gmsa-missing',
    admission: 'gmsa-missing',
    quotes: /denied the request: cred spec no-such-spec does not exist/,
    fix: /^Create the GMSACredentialSpec/,
  },
  {
    id: 'why/webhook-denied',
    name: 'policy-denied',
    admission: 'policy',
    quotes: new RegExp(`admission webhook "${POLICY_HOOK}" denied the request: images from docker.io are not allowed`),
    fix: /^Read the webhook's reason/,
  },
  {
    id: 'why/webhook-denied',
    name: 'hook-down',
    admission: 'down',
    quotes: new RegExp(`failed calling webhook "${DOWN_HOOK}"`),
    fix: /^Read the webhook's reason/,
  },
  {
    id: 'why/image-os-mismatch',
    name: 'os-mismatch',
    node: 'win2019',
    image: ltsc2022,
    status: 'RunContainerError',
    waiting: {
      reason: 'RunContainerError',
      message: created('hcs::CreateComputeSystem app: The container operating system does not match the host operating system.'),
    },
    quotes: /The container operating system does not match the host operating system/,
    fix: /^Use the image tag of the node's release/,
  },
  {
    id: 'why/no-matching-manifest',
    name: 'no-manifest',
    node: 'win2022',
    image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019',
    status: 'ErrImagePull',
    waiting: {
      reason: 'ErrImagePull',
      message:
        'rpc error: code = NotFound desc = failed to pull and unpack image "mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2019": no matching manifest for windows/amd64 10.0.20348 in the manifest list entries',
    },
    quotes: /no matching manifest for windows\/amd64 10\.0\.20348 in the manifest list entries/,
    fix: /^Use a tag published for the node's Windows release/,
  },
  {
    id: 'why/windows-image-on-linux',
    name: 'win-on-linux',
    node: 'linux',
    image: ltsc2022,
    status: 'ErrImagePull',
    waiting: {
      reason: 'ErrImagePull',
      message: `failed to pull and unpack image "${ltsc2022}": rpc error: code = Unknown desc = image operating system "windows" cannot be used on this platform`,
    },
    quotes: /image operating system "windows" cannot be used on this platform/,
    fix: /^Set spec\.os\.name: windows/,
  },
  {
    id: 'why/linux-image-on-windows',
    name: 'linux-on-win',
    node: 'win2022',
    image: 'nginx:1.27',
    status: 'ErrImagePull',
    waiting: {
      reason: 'ErrImagePull',
      message:
        'failed to pull and unpack image "docker.io/library/nginx:1.27": rpc error: code = Unknown desc = image operating system "linux" cannot be used on this platform',
    },
    quotes: /image operating system "linux" cannot be used on this platform/,
    fix: /^Set nodeSelector kubernetes\.io\/os: linux/,
  },
  {
    id: 'why/hns-endpoint',
    name: 'hns',
    node: 'win2022',
    status: 'ContainerCreating',
    waiting: {reason: 'ContainerCreating'},
    event: {
      reason: 'FailedCreatePodSandBox',
      message:
        'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "4f1c": plugin type="win-overlay" failed (add): network: Failed to create endpoint: HNS failed with error : Element not found.',
    },
    quotes: /HNS failed with error : Element not found/,
    fix: /^On that node: restart the CNI's node agent/,
  },
  {
    id: 'why/hcs-attach-namespace',
    name: 'attach-ns',
    node: 'win2022',
    status: 'RunContainerError',
    waiting: {reason: 'RunContainerError', message: created('hcs::CreateComputeSystem app: The requested operation for attach namespace failed.')},
    event: {reason: 'Failed', message: created('hcs::CreateComputeSystem app: The requested operation for attach namespace failed.')},
    quotes: /The requested operation for attach namespace failed/,
    fix: /^Check the node's CNI configuration/,
  },
  {
    id: 'why/eks-windows-ipam',
    name: 'eks-ipam',
    node: 'win2022',
    status: 'ContainerCreating',
    waiting: {reason: 'ContainerCreating'},
    event: {
      reason: 'FailedCreatePodSandBox',
      message: `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to set up sandbox container "5b5f" network for pod "eks-ipam": networkPlugin cni failed to set up pod "eks-ipam_${NS}" network: failed to parse Kubernetes args: pod does not have label vpc.amazonaws.com/PrivateIPv4Address`,
    },
    quotes: /pod does not have label vpc\.amazonaws\.com\/PrivateIPv4Address/,
    fix: /^Enable Windows IPAM: set enable-windows-ipam: "true" in the amazon-vpc-cni ConfigMap in kube-system/,
  },
  {
    id: 'why/cni-sandbox',
    name: 'cni',
    node: 'win2022',
    status: 'ContainerCreating',
    waiting: {reason: 'ContainerCreating'},
    event: {
      reason: 'FailedCreatePodSandBox',
      message:
        'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "6587e3b5ab2f": plugin type="calico" failed (add): global strict affinity should not be false for Windows node',
    },
    quotes: /plugin type="calico" failed \(add\): global strict affinity should not be false for Windows node/,
    fix: /^Read the plugin's reason in the event/,
  },
  {
    id: 'why/hostprocess-command',
    name: 'hostprocess',
    node: 'win2022',
    hostProcess: true,
    status: 'RunContainerError',
    waiting: {
      reason: 'RunContainerError',
      message:
        'failed to start containerd task "app": failed to get application name from commandline "/usr/local/bin/agent.exe": failed to find executable "\\usr\\local\\bin\\agent.exe": unknown',
    },
    event: {
      reason: 'Failed',
      message:
        'Error: failed to start containerd task "app": failed to get application name from commandline "/usr/local/bin/agent.exe": failed to find executable "\\usr\\local\\bin\\agent.exe": unknown',
    },
    quotes: /failed to get application name from commandline "\/usr\/local\/bin\/agent\.exe"/,
    fix: /^Start the command from the image's files through %CONTAINER_SANDBOX_MOUNT_POINT%/,
  },
  {
    id: 'why/working-dir-invalid',
    name: 'workdir',
    node: 'win2022',
    status: 'RunContainerError',
    waiting: {reason: 'RunContainerError', message: created('hcs::CreateComputeSystem app: The directory name is invalid.')},
    quotes: /hcs::CreateComputeSystem app: The directory name is invalid\./,
    fix: /^Set workingDir to a directory that exists in the image/,
  },
  {
    id: 'why/command-not-found',
    name: 'no-command',
    node: 'win2022',
    status: 'RunContainerError',
    waiting: {reason: 'RunContainerError', message: created('hcs::System::CreateProcess app: The system cannot find the file specified.')},
    quotes: /hcs::System::CreateProcess app: The system cannot find the file specified\./,
    fix: /^Correct command\/args to an executable in the image/,
  },
  {
    id: 'why/gmsa-credspec-empty',
    name: 'gmsa-empty',
    node: 'win2022',
    status: 'RunContainerError',
    waiting: {
      reason: 'RunContainerError',
      message: 'failed to start container "app": Error response from daemon: hcsshim::CreateComputeSystem app: winapi error #3489660941',
    },
    quotes: /winapi error #3489660941/,
    fix: /^Check the GMSACredentialSpec content/,
  },
  {
    id: 'why/csi-driver-missing',
    name: 'smb',
    node: 'win2022',
    status: 'ContainerCreating',
    waiting: {reason: 'ContainerCreating'},
    event: {
      reason: 'FailedMount',
      message:
        'MountVolume.MountDevice failed for volume "pv-smb" : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name smb.csi.k8s.io not found in the list of registered CSI drivers',
    },
    quotes: /driver name smb\.csi\.k8s\.io not found in the list of registered CSI drivers/,
    fix: /^Install the driver's Windows node DaemonSet and csi-proxy/,
  },
  {
    id: 'why/image-pull-timeout',
    name: 'slow-pull',
    node: 'win2022',
    status: 'ErrImagePull',
    waiting: {
      reason: 'ErrImagePull',
      message: `rpc error: code = DeadlineExceeded desc = failed to pull and unpack image "${ltsc2022}": context deadline exceeded`,
    },
    event: {reason: 'Failed', message: `Failed to pull image "${ltsc2022}": rpc error: code = DeadlineExceeded desc = context deadline exceeded`},
    quotes: /Failed to pull image "mcr\.microsoft\.com\/windows\/servercore:ltsc2022": rpc error: code = DeadlineExceeded desc = context deadline exceeded/,
    fix: /^Pre-pull the base image on the Windows nodes/,
  },
  {
    id: 'why/image-pull-failed',
    name: 'bad-tag',
    node: 'win2022',
    image: 'mcr.microsoft.com/windows/servercore:ltsc2033',
    status: 'ImagePullBackOff',
    waiting: {reason: 'ImagePullBackOff', message: 'Back-off pulling image "mcr.microsoft.com/windows/servercore:ltsc2033"'},
    quotes: /Back-off pulling image "mcr\.microsoft\.com\/windows\/servercore:ltsc2033"/,
    fix: /^Check the image reference and imagePullSecrets/,
  },
  // Exit codes as the API holds them: a signed int32 (the apiserver refuses 3221225477 itself), 1067 as is.
  {
    id: 'why/exit-dll-not-found',
    name: 'exit-dll',
    node: 'win2022',
    exitCode: -1073741515,
    status: 'CrashLoopBackOff',
    quotes: /^Error \(container app\) exit code -1073741515 \[x5, /,
    fix: /^Install the runtime in the image/,
    exitCodeText: 'exit code 3221225781 = 0xC0000135 (STATUS_DLL_NOT_FOUND: a DLL was not found)',
  },
  {
    id: 'why/exit-ctrl-c',
    name: 'exit-ctrl-c',
    node: 'win2022',
    exitCode: -1073741510,
    status: 'CrashLoopBackOff',
    quotes: /^Error \(container app\) exit code -1073741510 \[x5, /,
    fix: /^Look at the probe events/,
    exitCodeText: 'exit code 3221225786 = 0xC000013A (STATUS_CONTROL_C_EXIT: ended by Ctrl+C or close)',
  },
  {
    id: 'why/exit-access-violation',
    name: 'exit-av',
    node: 'win2022',
    exitCode: -1073741819,
    status: 'CrashLoopBackOff',
    quotes: /^Error \(container app\) exit code -1073741819 \[x5, /,
    fix: /^Read the container's logs \(kubectl logs --previous\); check native dependencies/,
    exitCodeText: 'exit code 3221225477 = 0xC0000005 (STATUS_ACCESS_VIOLATION: access violation)',
  },
  {
    id: 'why/exit-stack-overrun',
    name: 'exit-failfast',
    node: 'win2022',
    exitCode: -1073740791,
    status: 'CrashLoopBackOff',
    quotes: /^Error \(container app\) exit code -1073740791 \[x5, /,
    fix: /^Read the container's logs \(kubectl logs --previous\) for the exception/,
    exitCodeText: 'exit code 3221226505 = 0xC0000409 (STATUS_STACK_BUFFER_OVERRUN: fail fast)',
  },
  {
    id: 'why/exit-process-aborted',
    name: 'exit-service',
    node: 'win2022',
    exitCode: 1067,
    status: 'CrashLoopBackOff',
    quotes: /^Error \(container app\) exit code 1067 \[x5, /,
    fix: /^Read the service's own logs/,
    exitCodeText: 'exit code 1067 (ERROR_PROCESS_ABORTED: the process terminated unexpectedly)',
  },
];

/** The denial each webhook behaviour answers with: the windows-gmsa webhook's words, or a registry policy's. */
const DENIALS: Record<string, {code: number; message: string}> = {
  'gmsa-use': {code: 403, message: `service account "default" is not authorized to \`use\` GMSA cred spec "${CREDSPEC}"`},
  'gmsa-missing': {code: 404, message: 'cred spec no-such-spec does not exist'},
  policy: {code: 403, message: 'images from docker.io are not allowed'},
};

/** An AdmissionReview v1 answer: deny the pods labelled for it, allow the rest. */
function startWebhook(cp: ControlPlane): Promise<{server: Server; port: number}> {
  const pki = join(cp.dir, 'pki');
  const server = createServer({cert: readFileSync(join(pki, 'apiserver.crt')), key: readFileSync(join(pki, 'apiserver.key'))}, (req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const review = JSON.parse(body);
      const denial = DENIALS[review.request?.object?.metadata?.labels?.['why-hook'] ?? ''];
      const response = denial
        ? {uid: review.request.uid, allowed: false, status: {code: denial.code, message: denial.message}}
        : {uid: review.request.uid, allowed: true};
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response}));
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({server, port: (server.address() as {port: number}).port})));
}

function webhookConfig(port: number, downPort: number, caBundle: string): string {
  const hook = (name: string, url: string, values: string[]) => `- name: ${name}
  clientConfig: {url: "${url}", caBundle: ${caBundle}}
  rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [pods]}]
  failurePolicy: Fail
  timeoutSeconds: 5
  sideEffects: None
  admissionReviewVersions: [v1]
  namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${NS}}}
  objectSelector: {matchExpressions: [{key: why-hook, operator: In, values: [${values.join(', ')}]}]}
`;
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: ${HOOK}}
webhooks:
${hook(GMSA_HOOK, `https://127.0.0.1:${port}/validate`, ['gmsa-use', 'gmsa-missing'])}${hook(POLICY_HOOK, `https://127.0.0.1:${port}/policy`, ['policy'])}${hook(DOWN_HOOK, `https://127.0.0.1:${downPort}/validate`, ['down'])}`;
}

function podSpec(c: Case) {
  const on = c.node ?? 'win2022';
  return {
    // The wrong-OS cases carry no spec.os.name: nothing in the spec says which OS the image needs.
    ...(on === 'linux' || c.id === 'why/linux-image-on-windows' ? {} : {os: {name: 'windows'}}),
    ...(on === 'linux' ? {} : {tolerations: [WINDOWS_TOLERATION]}),
    ...(c.hostProcess ? {hostNetwork: true, securityContext: {windowsOptions: {hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM'}}} : {}),
    ...(c.admission?.startsWith('gmsa')
      ? {securityContext: {windowsOptions: {gmsaCredentialSpecName: c.admission === 'gmsa-use' ? CREDSPEC : 'no-such-spec'}}}
      : {}),
    ...(c.admission ? {nodeSelector: {'kubernetes.io/os': 'windows'}} : {}),
    containers: [
      {
        name: 'app',
        image: c.image ?? (c.admission === 'policy' ? 'docker.io/library/iis:latest' : 'mcr.microsoft.com/windows/nanoserver:ltsc2022'),
        ...(c.hostProcess ? {command: ['/usr/local/bin/agent.exe']} : {}),
      },
    ],
  };
}

describe('kubectl win why: every catalogue entry, end to end', function () {
  this.timeout(300_000);
  let cp: ControlPlane;
  let hook: {server: Server; port: number} | undefined;
  let report: Report<WhyItem>;
  let run: CliResult;
  const uids = new Map<string, string>();

  async function createPod(c: Case): Promise<void> {
    const nodeName = nodeOf(c);
    const r = await cp.api('POST', `/api/v1/namespaces/${NS}/pods`, {apiVersion: 'v1', kind: 'Pod', metadata: {name: c.name}, spec: {...podSpec(c), nodeName}});
    assert.ok(r.status < 300, `create ${c.name}: ${r.status} ${JSON.stringify(r.body)}`);
    uids.set(c.name, r.body.metadata.uid);
  }

  async function createDeployment(c: Case): Promise<void> {
    const labels = {app: c.name, 'why-hook': c.admission!};
    const r = await cp.api('POST', `/apis/apps/v1/namespaces/${NS}/deployments`, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: c.name},
      spec: {replicas: 1, selector: {matchLabels: {app: c.name}}, template: {metadata: {labels}, spec: podSpec(c)}},
    });
    assert.ok(r.status < 300, `deployment ${c.name}: ${r.status} ${JSON.stringify(r.body)}`);
  }

  // kwok keeps writing its own Running status for a hostNetwork pod on its nodes, so the HostProcess
  // pod is bound to a Windows node name kwok does not simulate: its status is then only what we write.
  const nodeOf = (c: Case) => (c.hostProcess ? 'win2022-hostprocess-0' : cp.nodes[c.node ?? 'win2022']);

  /** The container status a kubelet writes, through the status subresource. */
  async function setStatus(c: Case): Promise<void> {
    if (!c.hostProcess) await cp.waitForPodRunning(NS, c.name);
    const now = new Date().toISOString();
    const crashed = c.exitCode !== undefined;
    const state = crashed ? {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=app'}} : {waiting: c.waiting};
    const status = {
      phase: crashed ? 'Running' : 'Pending',
      conditions: [
        {type: 'PodScheduled', status: 'True', lastTransitionTime: now},
        {type: 'Ready', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: now},
        {type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', lastTransitionTime: now},
      ],
      containerStatuses: [
        {
          name: 'app',
          image: c.image ?? 'mcr.microsoft.com/windows/nanoserver:ltsc2022',
          imageID: '',
          ready: false,
          started: false,
          restartCount: crashed ? 5 : 0,
          state,
          ...(crashed ? {lastState: {terminated: {reason: 'Error', exitCode: c.exitCode, startedAt: now, finishedAt: now}}} : {}),
        },
      ],
    };
    // kwok may still be writing its own Running status for the pod (it does for hostNetwork pods): written until it stays.
    for (let attempt = 0; ; attempt++) {
      const r = await cp.api('PATCH', `/api/v1/namespaces/${NS}/pods/${c.name}/status`, {status}, {contentType: 'application/merge-patch+json'});
      assert.ok(r.status < 300, `status of ${c.name}: ${r.status} ${JSON.stringify(r.body)}`);
      await sleep(300);
      const now = await cp.api<{status?: {containerStatuses?: Array<{state?: {waiting?: {reason?: string}}}>}}>(
        'GET',
        `/api/v1/namespaces/${NS}/pods/${c.name}`,
      );
      if (now.body.status?.containerStatuses?.[0]?.state?.waiting?.reason === state.waiting?.reason) return;
      assert.ok(attempt < 10, `${c.name}: the status did not stay: ${JSON.stringify(now.body.status)}`);
    }
  }

  /** A Warning event as the kubelet records it (core/v1, with count and timestamps). */
  async function warn(c: Case): Promise<void> {
    const host = nodeOf(c);
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {generateName: `${c.name}.`, namespace: NS},
      involvedObject: {kind: 'Pod', namespace: NS, name: c.name, uid: uids.get(c.name), apiVersion: 'v1'},
      reason: c.event!.reason,
      message: c.event!.message,
      type: 'Warning',
      count: 3,
      firstTimestamp: new Date(Date.now() - 600_000).toISOString(),
      lastTimestamp: new Date().toISOString(),
      source: {component: 'kubelet', host},
      reportingComponent: 'kubelet',
      reportingInstance: host,
    };
    const r = await cp.api('POST', `/api/v1/namespaces/${NS}/events`, event);
    assert.ok(r.status < 300, `event on ${c.name}: ${r.status} ${JSON.stringify(r.body)}`);
  }

  /** Waits until the ReplicaSet controller has reported the denial on the Deployment's ReplicaSet. */
  async function waitForFailedCreate(name: string): Promise<string> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await cp.api<{items: Array<{message: string; involvedObject: {kind: string; name: string}}>}>(
        'GET',
        `/api/v1/namespaces/${NS}/events`,
        undefined,
        {query: {fieldSelector: 'reason=FailedCreate'}},
      );
      const hit = r.body.items.find((e) => e.involvedObject.kind === 'ReplicaSet' && e.involvedObject.name.startsWith(`${name}-`));
      if (hit) return hit.message;
      if (Date.now() > deadline) throw new Error(`no FailedCreate for ${name}`);
      await sleep(500);
    }
  }

  const itemFor = (c: Case) => {
    const item = c.admission
      ? report.items.find((i) => i.kind === 'ReplicaSet' && i.name.startsWith(`${c.name}-`))
      : report.items.find((i) => i.kind === 'Pod' && i.name === c.name);
    assert.ok(item, `${c.name} not in ${report.items.map((i) => `${i.kind}/${i.name}`).join(', ')}`);
    return item;
  };

  before(async function () {
    this.timeout(600_000);
    cp = await controlPlane();
    await cp.createNamespace(NS);
    // The gMSA world gmsa check reads, so that it proves the two gMSA denials from the cluster's state.
    await cp.apply(readFileSync(join(PROJECT_ROOT, 'examples', 'gmsa', '01-crd.yaml'), 'utf8'));
    const established = await cp.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/gmsacredentialspecs.windows.k8s.io']);
    assert.equal(established.code, 0, established.stderr);
    await cp.apply(`apiVersion: windows.k8s.io/v1
kind: GMSACredentialSpec
metadata: {name: ${CREDSPEC}}
credspec:
  ActiveDirectoryConfig: {GroupManagedServiceAccounts: [{Name: WebApp1, Scope: CONTOSO}]}
  CmsPlugins: [ActiveDirectory]
  DomainJoinConfig: {DnsName: contoso.com, DnsTreeName: contoso.com, Guid: 244818ae-87ac-4fcd-92ec-e79e5252348a, MachineAccountName: WebApp1, NetBiosName: CONTOSO, Sid: S-1-5-21-2126449477-2524075714-3094792973}
`);
    hook = await startWebhook(cp);
    const [downPort] = await freePorts(1);
    await cp.apply(webhookConfig(hook.port, downPort, readFileSync(join(cp.dir, 'pki', 'ca.crt')).toString('base64')));
    for (const c of CASES) await (c.admission ? createDeployment(c) : createPod(c));
    for (const c of CASES.filter((x) => !x.admission)) {
      await setStatus(c);
      if (c.event) await warn(c);
    }
    for (const c of CASES.filter((x) => x.admission)) await waitForFailedCreate(c.name);
    run = await runCli(['why', '-n', NS, '-o', 'json'], {kubeconfig: cp.kubeconfig});
    report = run.json<Report<WhyItem>>();
  });

  after(async () => {
    await cp?.kubectl(['delete', 'validatingwebhookconfigurations', HOOK, '--ignore-not-found', '--wait=false']);
    await cp?.kubectl(['delete', 'gmsacredentialspecs.windows.k8s.io', CREDSPEC, '--ignore-not-found', '--wait=false']);
    await new Promise((r) => (hook ? hook.server.close(r) : r(undefined)));
  });

  it("the table has a case for every catalogue entry (the scheduler's and Pod Security's are in why.test.ts)", () => {
    const other = readFileSync(join(PROJECT_ROOT, 'test', 'e2e', 'why.test.ts'), 'utf8');
    for (const id of ELSEWHERE) assert.ok(other.includes(`'${id}'`), `${id} is not asserted in why.test.ts`);
    const covered = new Set([...CASES.map((c) => c.id), ...ELSEWHERE]);
    assert.deepEqual(
      CATALOGUE.map((e) => e.id).filter((id) => !covered.has(id)),
      [],
    );
    assert.deepEqual(
      [...covered].filter((id) => !CATALOGUE.some((e) => e.id === id)),
      [],
    );
  });

  it('one run: a valid envelope, exit 1 (every cause is an error), and every Windows pod that does not start listed', () => {
    assert.deepEqual(envelopeErrors(report), [], 'the envelope follows docs/schema/kubectl-win-v1.json');
    assert.equal(run.code, 1, run.stderr);
    assert.equal(report.items.length, CASES.length, report.items.map((i) => `${i.kind}/${i.name}`).join(', '));
  });

  for (const c of CASES) {
    it(`${c.id}: ${c.name} is ${c.admission ? "refused at admission (the ReplicaSet's FailedCreate)" : 'decoded from what the kubelet wrote'}`, () => {
      const item = itemFor(c);
      const cause = item.causes[0];
      assert.ok(cause, `${c.name}: no cause`);
      assert.equal(cause.id, c.id, `${c.name}: ${item.causes.map((x) => x.id).join(', ')}`);
      assert.equal(item.verdict, 'explained');
      if (c.status) assert.equal(item.status, c.status);
      const entry = CATALOGUE.find((e) => e.id === c.id)!;
      assert.equal(cause.fix, entry.fix);
      assert.match(cause.fix, c.fix);
      assert.equal(cause.cause, entry.cause);
      assert.deepEqual(
        cause.sources.map((s) => s.ref),
        entry.sources.map((s) => s.ref),
      );
      if (entry.check) assert.equal(cause.proof?.check, entry.check);
      // The quoted evidence: the reason, count and age, and the words as written.
      assert.ok(
        cause.evidence.some((e) => c.quotes.test(e)),
        `${c.name}: ${cause.evidence.join('\n')}`,
      );
      if (c.admission)
        assert.ok(
          cause.evidence.some((e) => e.startsWith(`FailedCreate on ReplicaSet/${item.name}`)),
          cause.evidence.join('\n'),
        );
      if (c.event)
        assert.ok(
          cause.evidence.some((e) => new RegExp(`^${c.event!.reason} \\[x3, \\d+[sm] ago\\]: "`).test(e)),
          cause.evidence.join('\n'),
        );
      if (c.exitCodeText) {
        assert.deepEqual(cause.exitCodes, [c.exitCodeText]);
        assert.equal(item.restarts, 5);
      }
      // The finding the exit code is chosen from: on the pod or owner, an error, with the fix.
      const finding = report.findings.find((f) => f.id === c.id && f.object?.name === item.name);
      assert.ok(finding, `${c.name}: no ${c.id} finding`);
      assert.equal(finding.severity, 'error');
      assert.ok(finding.remedy?.text.startsWith(entry.fix), finding.remedy?.text);
    });
  }

  it("the admission denials quote the real kube-apiserver's words for a webhook", () => {
    const gmsa = itemFor(CASES.find((c) => c.admission === 'gmsa-use')!);
    assert.match(
      gmsa.causes[0].evidence[0],
      new RegExp(`Error creating: admission webhook "${GMSA_HOOK}" denied the request: service account "default" is not authorized`),
    );
    // gmsa check, run on the same read, finds both from the cluster: the webhook's own words.
    assert.deepEqual(gmsa.causes[0].proof, {check: 'gmsa/rbac-use-denied', found: true, message: DENIALS['gmsa-use'].message});
    const missing = itemFor(CASES.find((c) => c.admission === 'gmsa-missing')!);
    assert.equal(missing.causes[0].proof?.found, true, JSON.stringify(missing.related));
    const down = itemFor(CASES.find((c) => c.admission === 'down')!);
    assert.match(
      down.causes[0].evidence[0],
      /Internal error occurred: failed calling webhook "unreachable\.example\.com": failed to call webhook: Post "https:\/\/127\.0\.0\.1:\d+\/validate\?timeout=5s": dial tcp 127\.0\.0\.1:\d+: connect: connection refused/,
    );
  });

  it('the text output names each cause with its evidence and fix', async () => {
    const text = await runCli(['why', '-n', NS], {kubeconfig: cp.kubeconfig});
    assert.equal(text.code, 1, text.stderr);
    for (const c of CASES) {
      const entry = CATALOGUE.find((e) => e.id === c.id)!;
      assert.ok(text.stdout.includes(`CAUSE ${c.id}: `), `${c.id} missing`);
      assert.ok(text.stdout.includes(`fix: ${entry.fix.slice(0, 40)}`), `${c.id}: fix missing`);
    }
    assert.match(
      text.stdout,
      /evidence: FailedCreatePodSandBox \[x3, \d+[sm] ago\]: "Failed to create pod sandbox: .*pod does not have label vpc\.amazonaws\.com\/PrivateIPv4Address"/,
    );
    assert.match(text.stdout, /exit code 3221226505 = 0xC0000409 \(STATUS_STACK_BUFFER_OVERRUN: fail fast\)/);
  });
});
