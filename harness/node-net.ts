// A node address the apiserver's node proxy accepts. kube-apiserver refuses to proxy to a node whose
// kubelet address is not global unicast (loopback included), in every minor we serve:
// kubernetes/kubernetes pkg/registry/core/node/strategy.go ResourceLocation calls
// isProxyableHostname before it looks at the port, and that refuses any address for which
// net.IP.IsGlobalUnicast() is false (docs/architecture.md decision 42). So the stand-in kubelet
// cannot listen on 127.0.0.1. Instead: a network namespace of our own, joined to this one by a veth
// pair on a /30 of 198.18.0.0/15 (RFC 2544, benchmarking: never routed on any network). The host end
// carries the address the nodes name; traffic to it is local delivery and never leaves the machine.
// Needs root (CAP_NET_ADMIN). Everything made here is recorded in the run's `netns` file and removed from
// it when the harness stops the run (removeRecordedNodeNets) or its watchdog fires (NETNS_CLEANUP_SH).
import {execFile, execFileSync} from 'node:child_process';
import {appendFileSync, existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {SetupError} from './build.js';

const run = promisify(execFile);

export interface NodeNet {
  /** The namespace's name (ip netns). */
  netns: string;
  /** The host end of the veth pair. */
  hostLink: string;
  /** The address the stand-in kubelet listens on and the nodes name (the host end's). */
  address: string;
}

async function ip(args: string[]): Promise<string> {
  try {
    return (await run('ip', args)).stdout;
  } catch (err) {
    const e = err as {stderr?: string; message: string};
    throw new SetupError(`ip ${args.join(' ')}: ${(e.stderr || e.message).trim()} (the node log tests need root to create a network namespace)`);
  }
}

/** The first /30 of 198.18.0.0/15, from a start picked by `seed`, that no interface here uses yet. */
async function freeSubnet(seed: number): Promise<string> {
  const used = await ip(['-4', '-o', 'addr', 'show']);
  for (let i = 0; i < 1024; i++) {
    const block = (seed + i) % 32768; // 32768 /30 blocks in a /15
    const third = Math.floor((block * 4) / 256);
    const fourth = (block * 4) % 256;
    const base = `198.${18 + Math.floor(third / 256)}.${third % 256}.`;
    if (!used.includes(` ${base}${fourth + 1}/`) && !used.includes(` ${base}${fourth + 2}/`)) return `${base}${fourth}`;
  }
  throw new SetupError('no free /30 in 198.18.0.0/15 for the stand-in kubelet');
}

/** Creates the namespace and the veth pair; records the namespace in `<dir>/netns` for cleanup. */
export async function createNodeNet(dir: string): Promise<NodeNet> {
  const id = `${process.pid % 100000}${Math.random().toString(36).slice(2, 5)}`;
  const netns = `kwin-${id}`;
  const hostLink = `kw${id}h`.slice(0, 15);
  const peer = `kw${id}n`.slice(0, 15);
  const base = await freeSubnet(process.pid * 7);
  const [a, b, c, d] = base.split('.').map(Number);
  const address = `${a}.${b}.${c}.${d + 1}`;
  const inside = `${a}.${b}.${c}.${d + 2}`;
  await ip(['netns', 'add', netns]);
  appendFileSync(join(dir, 'netns'), `${netns} ${hostLink}\n`);
  await ip(['link', 'add', hostLink, 'type', 'veth', 'peer', 'name', peer, 'netns', netns]);
  await ip(['addr', 'add', `${address}/30`, 'dev', hostLink]);
  await ip(['link', 'set', hostLink, 'up']);
  await ip(['-n', netns, 'addr', 'add', `${inside}/30`, 'dev', peer]);
  await ip(['-n', netns, 'link', 'set', peer, 'up']);
  await ip(['-n', netns, 'link', 'set', 'lo', 'up']);
  return {netns, hostLink, address};
}

/** Synchronous (exit handlers cannot wait): removes every namespace and link recorded in `<dir>/netns`. */
export function removeRecordedNodeNets(dir: string): void {
  const file = join(dir, 'netns');
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [netns, link] = line.trim().split(' ');
    if (!netns || !link) continue;
    for (const args of [
      ['link', 'del', link],
      ['netns', 'del', netns],
    ]) {
      try {
        execFileSync('ip', args, {stdio: 'ignore'});
      } catch {
        // gone already
      }
    }
  }
}

/** The shell lines that remove every namespace recorded in `<dir>/netns` (for the watchdog, which outlives node). */
export const NETNS_CLEANUP_SH = `if [ -f "$1/netns" ]; then
      while read -r ns link; do ip link del "$link" 2>/dev/null; ip netns del "$ns" 2>/dev/null; done < "$1/netns"
    fi`;
