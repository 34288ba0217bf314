// The explicit oclif command registry (package.json oclif.commands). One line per command.
// Command modules stay light: heavy imports (client-node, ink, analyses) happen inside run().
import Nodes from './nodes.js';
import Doctor from './doctor.js';
import GmsaCheck from './gmsa/check.js';
import GmsaNltest from './gmsa/nltest.js';
import Lint from './lint.js';
import Qos from './qos.js';
import PspReadiness from './psp/readiness.js';
import Rbac from './rbac.js';
import Completion from './completion.js';
import Why from './why.js';
import Version from './version.js';
import Logs from './logs.js';
import UpgradePlan from './upgrade-plan.js';

export const COMMANDS = {
  nodes: Nodes,
  doctor: Doctor,
  'gmsa:check': GmsaCheck,
  'gmsa:nltest': GmsaNltest,
  lint: Lint,
  qos: Qos,
  'psp:readiness': PspReadiness,
  rbac: Rbac,
  completion: Completion,
  why: Why,
  version: Version,
  logs: Logs,
  'upgrade-plan': UpgradePlan,
};
