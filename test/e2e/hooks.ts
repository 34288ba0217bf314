// Mocha root hooks for the e2e suite: the control plane (harness/) is started lazily by the
// first test that asks for it and stopped here once every test has run, passed or failed.
import {ensureBinaries} from '../../harness/build.js';
import {stopControlPlane} from '../../harness/index.js';

/** True when the run includes e2e files (mocha loads these hooks, named in .mocharc.json, for unit-only runs too). */
function runsE2e(): boolean {
  return process.argv.some((a) => a.includes('test/e2e') && !a.endsWith('hooks.ts'));
}

export const mochaHooks = {
  // A cold cache builds the control plane first (about 7-15 minutes on 2 cores, longer when the
  // machine is busy): no test's own timeout should have to cover it, so it is done here, unbounded.
  async beforeAll(this: Mocha.Context) {
    if (!runsE2e()) return;
    this.timeout(0);
    await ensureBinaries();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await stopControlPlane();
  },
};
