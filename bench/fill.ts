// npx tsx bench/fill.ts [PODS]: puts the bench fleet (bench/fleet.ts) on the running demo control plane
// (`npm run demo`), for profiling by hand against a cluster that stays up. `npm run demo -- --down` removes it all.
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {ensureBinaries, PROJECT_ROOT} from '../harness/build.js';
import {apiRequest, closeAgents} from '../harness/client.js';
import {sleep} from '../harness/processes.js';
import {kubectl} from '../harness/start.js';
import {fill, setup, waitRunning, type FleetTarget} from './fleet.js';

const KUBECONFIG = join(PROJECT_ROOT, '.demo', 'kubeconfig');

async function main(): Promise<void> {
  if (!existsSync(KUBECONFIG)) throw new Error('no demo control plane: run `npm run demo` first');
  const size = Number(process.argv[2] ?? '10000');
  const {binDir} = await ensureBinaries();
  const api: FleetTarget['api'] = (method, path, body, opts) => apiRequest(KUBECONFIG, method, path, body, opts);
  const target: FleetTarget = {
    api,
    async apply(yamlText) {
      const r = await kubectl(binDir, KUBECONFIG, ['apply', '--server-side', '-f', '-'], yamlText);
      if (r.code !== 0) throw new Error(r.stderr);
    },
    async createNamespace(name, labels = {}) {
      const r = await api('POST', '/api/v1/namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name, labels}});
      if (r.status >= 300 && r.status !== 409) throw new Error(`create namespace ${name}: ${r.status}`);
      while ((await api('GET', `/api/v1/namespaces/${name}/serviceaccounts/default`)).status !== 200) await sleep(100);
    },
  };
  await setup(target);
  const have = (await api<{items: unknown[]}>('GET', '/api/v1/pods', undefined, {query: {labelSelector: 'app=iis'}})).body.items.length;
  if (have < size) await fill(target, have, size);
  await waitRunning(target, size);
  process.stderr.write(`[bench] ${size} bench pods on the demo control plane (KUBECONFIG=${KUBECONFIG})\n`);
}

main()
  .catch((err) => {
    process.stderr.write(`[bench] ${(err as Error).message}\n`);
    process.exitCode = 1;
  })
  .finally(closeAgents);
