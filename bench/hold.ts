// npm run bench:hold [-- --pods 1000]: the bench's control plane and fleet, filled and held until
// interrupted, for profiling one command by hand (`KUBECONFIG=... node --cpu-prof bin/run.js ...`).
// Prints the kubeconfig path once the pods run. Not part of `npm test`.
import {controlPlane, stopControlPlane} from '../harness/index.js';
import {etcdEndpointIn, fillFast, setup, waitRunning} from './fleet.js';

const argv = process.argv.slice(2);
const i = argv.indexOf('--pods');
const PODS = Number(i >= 0 ? argv[i + 1] : '1000');

async function main(): Promise<void> {
  // As the bench does (bench/run.ts): kwok's default of 4 pods at a time kept a CPU busy for many
  // minutes after 100,000 pods were held, perturbing what was then measured by hand.
  process.env.KUBECTL_WIN_KWOK_POD_PARALLELISM ??= '32';
  const cp = await controlPlane();
  await setup(cp);
  // Past the first 2,100 pods, copied into etcd as the bench does (about a minute for 100,000).
  await fillFast(cp, 0, PODS, etcdEndpointIn(cp.dir));
  await waitRunning(cp, PODS);
  process.stdout.write(`KUBECONFIG=${cp.kubeconfig}\n`);
  // A pending promise alone does not keep Node running: the timer does, until a signal.
  const keepAlive = setInterval(() => undefined, 60_000);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(keepAlive);
}

main()
  .catch((err) => {
    process.stderr.write(`[hold] ${(err as Error).stack}\n`);
    process.exitCode = 1;
  })
  .finally(() => stopControlPlane());
