import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {parse} from 'yaml';
import {DOCTOR_ANALYSES} from '../../../../src/analyses/doctor/registry.js';
import {validRbacName} from '../../../../src/analyses/rbac/name.js';
import {
  analysesOf,
  ANALYSIS_CAPABILITIES,
  CAPABILITY_NEEDS,
  GMSA_WEBHOOK_DETAIL_READS,
  RBAC_COMMANDS,
  READ_ONLY_COMMANDS,
  requestedKinds,
  type RbacCommand,
} from '../../../../src/analyses/rbac/needs.js';
import {rbacReport, roleManifest, type ClusterRoleObject} from '../../../../src/analyses/rbac/role.js';
import {RbacAuthorizer} from '../../../../src/k8s/rbac/authorizer.js';
import {RESOURCES, type ResourceName} from '../../../../src/k8s/resources.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const USER = {name: 'system:serviceaccount:ops:kubectl-win', groups: ['system:serviceaccounts', 'system:serviceaccounts:ops', 'system:authenticated']};

/** An authorizer holding only this role, bound cluster-wide to USER (as the e2e test binds it). */
function boundTo(role: ClusterRoleObject): RbacAuthorizer {
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: {name: 'b'},
    roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name},
    subjects: [{kind: 'ServiceAccount', name: 'kubectl-win', namespace: 'ops'}],
  };
  return new RbacAuthorizer({clusterroles: [role], clusterrolebindings: [binding]});
}

function allows(authz: RbacAuthorizer, verb: string, group: string, plural: string, namespace?: string): boolean {
  const [resource, subresource] = plural.split('/');
  return authz.authorize({user: USER, resourceRequest: true, verb, group, resource, subresource, namespace}).allowed;
}

const roleOf = (command: RbacCommand | undefined, optional = false) => rbacReport({command, optional}).clusterRole;

describe('analyses/rbac: the role each command needs', () => {
  describe('follows what the analyses request', () => {
    for (const command of READ_ONLY_COMMANDS) {
      it(`${command}: list and get of every kind its analyses request, across namespaces, in its own role and in the union`, () => {
        const kinds = new Set(analysesOf(command).flatMap((a) => requestedKinds(a.request)));
        assert.ok(kinds.size > 0);
        for (const authz of [boundTo(roleOf(command)), boundTo(roleOf(undefined))]) {
          for (const k of kinds) {
            const r = RESOURCES[k];
            for (const verb of ['list', 'get'])
              assert.ok(allows(authz, verb, r.group, r.plural, r.namespaced ? 'web' : undefined), `${command}: ${verb} ${r.plural}`);
          }
        }
      });
    }

    it('doctor: every analysis it runs, with the widest options, and the gMSA webhook details it asks for', () => {
      const authz = boundTo(roleOf('doctor'));
      for (const e of DOCTOR_ANALYSES) {
        for (const k of requestedKinds(e.analysis.request(e.options({offline: false}))))
          assert.ok(allows(authz, 'list', RESOURCES[k].group, RESOURCES[k].plural), `${e.analysis.name}: ${k}`);
        if (e.analysis.request(e.options({offline: false})).gmsaWebhookDetails) {
          const withOptional = boundTo(roleOf('doctor', true));
          for (const n of GMSA_WEBHOOK_DETAIL_READS) {
            for (const v of n.verbs)
              assert.ok(
                allows(n.optional ? withOptional : authz, v, n.group, n.resources[0]),
                `${e.analysis.name}: gMSA webhook details: ${v} ${n.resources[0]}`,
              );
          }
        }
      }
    });

    it('a kind an analysis requests that no rule grants fails this test (the check is not vacuous)', () => {
      const role = roleOf('qos');
      const without = {...role, rules: role.rules.filter((r) => !r.resources.includes('limitranges'))};
      assert.equal(allows(boundTo(without), 'list', '', 'limitranges', 'web'), false);
      assert.equal(allows(boundTo(role), 'list', '', 'limitranges', 'web'), true);
    });

    it('reads nothing more: only get and list, and only what the command reads', () => {
      const authz = boundTo(roleOf(undefined));
      for (const verb of ['watch', 'create', 'update', 'patch', 'delete']) assert.equal(allows(authz, verb, '', 'pods', 'web'), false, verb);
      assert.equal(allows(authz, 'get', '', 'secrets', 'web'), false);
      assert.equal(allows(authz, 'get', '', 'configmaps', 'web'), false);
      assert.equal(allows(boundTo(roleOf('nodes')), 'list', 'apps', 'deployments', 'web'), false);
      assert.equal(allows(boundTo(roleOf('qos')), 'list', 'rbac.authorization.k8s.io', 'clusterroles'), false);
    });
  });

  describe('capabilities and reads outside request()', () => {
    const sources = (dir: string) =>
      readdirSync(join(ROOT, dir))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => readFileSync(join(ROOT, dir, f), 'utf8'))
        .join('\n');
    const capabilityNames = Object.keys(CAPABILITY_NEEDS);

    for (const [name, declared] of Object.entries(ANALYSIS_CAPABILITIES)) {
      it(`${name}: the capabilities its code calls are the ones declared`, () => {
        const text = sources(`src/analyses/${name}`);
        const used = capabilityNames.filter((c) => new RegExp(`\\b(caps|capabilities)\\.${c}\\b`).test(text));
        assert.deepEqual(used.sort(), [...declared].sort());
      });
    }

    it('every analysis doctor runs declares its capabilities', () => {
      for (const e of DOCTOR_ANALYSES) assert.ok(e.analysis.name in ANALYSIS_CAPABILITIES, e.analysis.name);
    });

    it('the kinds the gMSA webhook details and nltest targets read are in their roles', () => {
      const kindsIn = (file: string) => {
        const text = readFileSync(join(ROOT, file), 'utf8');
        return (Object.keys(RESOURCES) as ResourceName[]).filter((k) => new RegExp(`RESOURCES\\.${k}\\b|'${k}'`).test(text));
      };
      const gmsa = boundTo(roleOf('gmsa check', true));
      for (const k of kindsIn('src/source/gmsa-webhook-details.ts')) assert.ok(allows(gmsa, 'get', RESOURCES[k].group, RESOURCES[k].plural, 'hook'), k);
      const nltest = boundTo(roleOf('gmsa nltest'));
      for (const k of kindsIn('src/analyses/nltest/targets.ts')) assert.ok(allows(nltest, 'get', RESOURCES[k].group, RESOURCES[k].plural, 'web'), k);
      assert.ok(allows(nltest, 'get', 'apps', 'deployments', 'web') && allows(nltest, 'list', '', 'pods', 'web'));
    });
  });

  describe('optional permissions', () => {
    it('are left out by default and marked with what they add under --optional', () => {
      const plain = boundTo(roleOf(undefined));
      const full = rbacReport({optional: true});
      const all = boundTo(full.clusterRole);
      const optional: Array<[string, string, string]> = [
        ['get', '', 'secrets'],
        ['create', 'authorization.k8s.io', 'localsubjectaccessreviews'],
        ['patch', '', 'namespaces'],
      ];
      for (const [verb, group, plural] of optional) {
        assert.equal(allows(plain, verb, group, plural, 'web'), false, plural);
        assert.equal(allows(all, verb, group, plural, 'web'), true, plural);
      }
      assert.ok(full.items.filter((r) => r.optional).every((r) => r.optional!.length > 20));
      assert.equal(rbacReport({optional: false}).optionalLeftOut, full.items.filter((r) => r.optional).length);
    });

    it('gmsa check works without creating reviews: the evaluator it falls back to reads RBAC, which is required', () => {
      const authz = boundTo(roleOf('gmsa check'));
      for (const plural of ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'])
        assert.ok(allows(authz, 'list', 'rbac.authorization.k8s.io', plural, 'web'), plural);
      assert.equal(allows(authz, 'create', 'authorization.k8s.io', 'localsubjectaccessreviews', 'web'), false);
      assert.equal(allows(authz, 'create', 'authorization.k8s.io', 'subjectaccessreviews'), false);
    });

    it('doctor never needs the namespace patch (it runs no dry run); psp readiness offers it', () => {
      assert.equal(allows(boundTo(roleOf('doctor', true)), 'patch', '', 'namespaces'), false);
      assert.equal(allows(boundTo(roleOf('psp readiness', true)), 'patch', '', 'namespaces'), true);
    });

    it('gmsa nltest needs exec (get for the WebSocket upgrade, create from v1.35); the read-only union never has it', () => {
      const nltest = boundTo(roleOf('gmsa nltest'));
      assert.ok(allows(nltest, 'create', '', 'pods/exec', 'web') && allows(nltest, 'get', '', 'pods/exec', 'web'));
      assert.equal(allows(boundTo(roleOf(undefined, true)), 'create', '', 'pods/exec', 'web'), false);
      assert.equal(RBAC_COMMANDS.includes('gmsa nltest'), true);
      assert.equal((READ_ONLY_COMMANDS as readonly string[]).includes('gmsa nltest'), false);
    });
  });

  it('logs needs get,list nodes and get nodes/proxy; the read-only union never has nodes/proxy', () => {
    const logs = boundTo(roleOf('logs'));
    assert.ok(allows(logs, 'get', '', 'nodes/proxy') && allows(logs, 'list', '', 'nodes') && allows(logs, 'get', '', 'nodes'));
    assert.equal(allows(boundTo(roleOf(undefined, true)), 'get', '', 'nodes/proxy'), false);
    assert.equal((READ_ONLY_COMMANDS as readonly string[]).includes('logs'), false);
  });

  describe('the manifest', () => {
    for (const command of [...RBAC_COMMANDS, undefined]) {
      it(`${command ?? 'every read-only command'}: YAML of exactly the ClusterRole, a comment before every rule`, () => {
        const report = rbacReport({command, optional: true, name: 'my-role'});
        const text = roleManifest(report);
        assert.deepEqual(parse(text), report.clusterRole);
        assert.equal(report.clusterRole.metadata.name, 'my-role');
        const lines = text.split('\n');
        lines.forEach((l, i) => {
          if (/^ {2}- apiGroups:/.test(l)) assert.match(lines[i - 1], /^ {2}# /, `rule at line ${i + 1}`);
        });
        for (const l of lines) assert.ok(l.length <= 120, l);
        assert.equal(report.kind, 'RBACReport');
        assert.deepEqual(report.source, {type: 'none'});
      });
    }

    it('default names: kubectl-win, kubectl-win-COMMAND', () => {
      assert.equal(roleOf(undefined).metadata.name, 'kubectl-win');
      assert.equal(roleOf('psp readiness').metadata.name, 'kubectl-win-psp-readiness');
    });

    it('names as the apiserver validates RBAC names (path segments)', () => {
      assert.equal(validRbacName('kubectl-win:ci'), undefined);
      assert.equal(validRbacName('a/b'), "may not contain '/'");
      assert.equal(validRbacName('50%'), "may not contain '%'");
      assert.equal(validRbacName('..'), "may not be '..'");
      assert.equal(validRbacName(''), 'name or generateName is required');
    });
  });
});
