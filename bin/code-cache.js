// Loading dist/main.cjs with a V8 code cache (docs/architecture.md decision 46). Node 20 compiles
// every module from source at each start, about a quarter of a short run's CPU time; a code cache
// made at build time (scripts/code-cache.mjs) lets V8 skip that for the functions it holds. V8
// checks a cache against its own version and flags and ignores one that does not fit; the file name
// carries V8's version and the architecture, so a cache made by another Node is not even read.
import {readFileSync} from 'node:fs';
import {createRequire, Module} from 'node:module';
import {join} from 'node:path';
import vm from 'node:vm';

/** The code cache file of dist/main.cjs for the running Node's V8. */
export function cacheFile(dist) {
  return join(dist, `main.cjs.${process.versions.v8}-${process.arch}.cache`);
}

/**
 * Runs dist/main.cjs as CommonJS would, compiled with `cachedData` when given; returns its exports
 * and the script (to make a cache from). `named`: the directory stack traces name (V8 keeps the
 * name a cache was made under, so the build makes it under the final one).
 */
export function loadBundle(dist, cachedData, named = dist) {
  const file = join(dist, 'main.cjs');
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {filename: join(named, 'main.cjs'), cachedData});
  // Code run by vm.Script cannot import() on Node 20 (without --experimental-vm-modules): the ESM-only
  // terminal renderer and @kubernetes/client-node are imported through this function (scripts/build.mjs FROM_ESM).
  globalThis[Symbol.for('kubectl-win.import')] = (url) => import(url);
  const module = {exports: {}};
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dist);
  return {exports: module.exports, script};
}

/** dist/main.cjs with its code cache when this Node made one, else undefined (use the ESM build). */
export function loadCached(dist) {
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile(dist));
  } catch {
    return undefined;
  }
  return loadBundle(dist, cachedData).exports;
}
