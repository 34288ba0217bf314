// Every Pod Security check, as policy.DefaultChecks() registers them
// (kubernetes/pod-security-admission policy/check_*.go, one file here per check).
import {checkAllowPrivilegeEscalation} from './check-allow-privilege-escalation.js';
import {checkAppArmorProfile} from './check-app-armor-profile.js';
import {checkCapabilitiesBaseline} from './check-capabilities-baseline.js';
import {checkCapabilitiesRestricted} from './check-capabilities-restricted.js';
import {checkHostNamespaces} from './check-host-namespaces.js';
import {checkHostPathVolumes} from './check-host-path-volumes.js';
import {checkHostPorts} from './check-host-ports.js';
import {checkHostProbesAndHostLifecycle} from './check-host-probes-and-host-lifecycle.js';
import {checkPrivileged} from './check-privileged.js';
import {checkProcMount} from './check-proc-mount.js';
import {checkProcMountRestricted} from './check-proc-mount-restricted.js';
import {checkRestrictedVolumes} from './check-restricted-volumes.js';
import {checkRunAsNonRoot} from './check-run-as-non-root.js';
import {checkRunAsUser} from './check-run-as-user.js';
import {checkSELinuxOptions} from './check-se-linux-options.js';
import {checkSeccompProfileBaseline} from './check-seccomp-profile-baseline.js';
import {checkSeccompProfileRestricted} from './check-seccomp-profile-restricted.js';
import {checkSysctls} from './check-sysctls.js';
import {checkWindowsHostProcess} from './check-windows-host-process.js';
import type {Check} from './types.js';

export const DEFAULT_CHECKS: readonly Check[] = [
  checkAllowPrivilegeEscalation,
  checkAppArmorProfile,
  checkCapabilitiesBaseline,
  checkCapabilitiesRestricted,
  checkHostNamespaces,
  checkHostPathVolumes,
  checkHostPorts,
  checkHostProbesAndHostLifecycle,
  checkPrivileged,
  checkProcMount,
  checkProcMountRestricted,
  checkRestrictedVolumes,
  checkRunAsNonRoot,
  checkRunAsUser,
  checkSELinuxOptions,
  checkSeccompProfileBaseline,
  checkSeccompProfileRestricted,
  checkSysctls,
  checkWindowsHostProcess,
];
