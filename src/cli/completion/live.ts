// The Lists the __complete request answers from: names from the Source (src/source/names.ts: the
// kubeconfig, and the cluster with one bounded request), and the analyses' and rbac's own lists.
// Each is imported when a word needs it, so completing a flag name loads none of them.
import type {Lists} from './engine.js';

export const liveLists: Lists = {
  async kubeconfig(what, scope) {
    return (await import('../../source/names.js')).kubeconfigNames(what, scope);
  },

  async cluster(what, scope) {
    return (await import('../../source/names.js')).clusterNames(what, scope);
  },

  async analyses() {
    const {DOCTOR_ANALYSES} = await import('../../analyses/doctor/registry.js');
    return DOCTOR_ANALYSES.map((e) => e.analysis.name);
  },

  async rbacCommands() {
    return (await import('../../analyses/rbac/needs.js')).RBAC_COMMANDS;
  },
};
