// npm run e2e:prepare: builds every tool the e2e suites start, before mocha does, so that a first
// build on a cold cache (Go compiles for many minutes, longer on a busy machine) is never cut short
// by a test's timeout. Each build script is a no-op when its cache is filled, so a warm run costs a
// second. What it builds: the full control plane (v1.34.3), kube-apiserver and etcd at each minor
// under test (KUBECTL_WIN_MINORS, default the oldest and the newest), krew (release e2e), the
// distribution registry and crane (upgrade-plan --registry e2e), and the JSON field-type generator
// (its freshness test runs it). Progress goes to stderr; a failure is one line and exit 1.
import {spawnSync} from 'node:child_process';
import {join} from 'node:path';
import {ensureApiserverBinaries, ensureBinaries, PROJECT_ROOT} from '../harness/build.js';
import {minorsUnderTest, SERVED_RELEASES} from '../harness/minors.js';

function runScript(what: string, script: string, cwd = PROJECT_ROOT, env: NodeJS.ProcessEnv = process.env): void {
  const r = spawnSync('bash', ['-c', script], {cwd, env, stdio: ['ignore', 'ignore', 'inherit']});
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status ?? r.signal}); see the output above`);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  await ensureBinaries();
  for (const minor of minorsUnderTest()) await ensureApiserverBinaries(SERVED_RELEASES[minor]);
  runScript('tools/krew/build.sh', `bash ${join(PROJECT_ROOT, 'tools/krew/build.sh')}`);
  runScript('tools/registry/build.sh', `bash ${join(PROJECT_ROOT, 'tools/registry/build.sh')}`);
  // Compiles scripts/gen-json-types.sh's generator into the Go build cache (no output kept).
  runScript('the JSON field-type generator', 'go build -o /dev/null .', join(PROJECT_ROOT, 'tools/jsonschema'), {
    ...process.env,
    GOFLAGS: '-mod=mod',
    GOTOOLCHAIN: 'local',
  });
  process.stderr.write(`[e2e-prepare] tools ready in ${Math.round((Date.now() - t0) / 1000)} s\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`e2e-prepare: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
