// Mocha root hooks for the e2e suite: the control plane (test/e2e/harness) is started lazily by the
// first test that asks for it and stopped here once every test has run, passed or failed.
import {stopControlPlane} from './harness/index.js';

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await stopControlPlane();
  },
};
