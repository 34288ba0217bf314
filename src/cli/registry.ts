// The explicit oclif command registry (package.json oclif.commands). One line per command.
// Command modules stay light: heavy imports (client-node, ink, analyses) happen inside run().
import Nodes from '../../commands/nodes.js';
import Doctor from '../../commands/doctor.js';
import GmsaCheck from '../../commands/gmsa/check.js';
import GmsaNltest from '../../commands/gmsa/nltest.js';
import Lint from '../../commands/lint.js';
import Qos from '../../commands/qos.js';
import PspReadiness from '../../commands/psp/readiness.js';
import Rbac from '../../commands/rbac.js';

export const COMMANDS = {
  nodes: Nodes,
  doctor: Doctor,
  'gmsa:check': GmsaCheck,
  'gmsa:nltest': GmsaNltest,
  lint: Lint,
  qos: Qos,
  'psp:readiness': PspReadiness,
  rbac: Rbac,
};
