// @kubernetes/client-node, loaded on first use (exec into a pod, credential plugins): ~4.6 MB of code
// that plain reads never need. Only this module imports it, so dist/main.cjs can leave it in the ESM
// build (scripts/build.mjs FROM_ESM).
export const loadClientNode = () => import('@kubernetes/client-node');
