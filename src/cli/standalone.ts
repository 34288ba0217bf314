// The entry of the self-contained executable (npm run release; Bun --compile): there is no
// package.json on disk, so it is embedded here and handed to oclif with the explicit registry.
// The CLI is imported only after withoutTopTier(), which may start the executable again first.
import {dirname} from 'node:path';
import pjson from '../../package.json' with {type: 'json'};
import {withoutTopTier} from './jit-tiers.js';

withoutTopTier();
// oclif checks the running Node against package.json's engines as it is imported (semver: ~3 ms of
// the executable's start), a check whose answer the embedded runtime fixes. Its own switch, set for
// the import only, so no process the CLI starts inherits it.
const engineCheck = !('OCLIF_DISABLE_ENGINE_WARNING' in process.env);
if (engineCheck) process.env.OCLIF_DISABLE_ENGINE_WARNING = '1';
const {run} = await import('./main.js');
if (engineCheck) delete process.env.OCLIF_DISABLE_ENGINE_WARNING;
await run(process.argv.slice(2), dirname(process.execPath), pjson);
