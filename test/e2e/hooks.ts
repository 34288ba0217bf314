// Mocha root hooks for the e2e suite. The control-plane harness registers here.
export const mochaHooks = {};
