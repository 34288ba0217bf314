// The entry of the self-contained executable (npm run release; Bun --compile): there is no
// package.json on disk, so it is embedded here and handed to oclif with the explicit registry.
// The CLI is imported only after withoutTopTier(), which may start the executable again first.
import {dirname} from 'node:path';
import pjson from '../../package.json' with {type: 'json'};
import {withoutTopTier} from './jit-tiers.js';

withoutTopTier();
const {run} = await import('./main.js');
await run(process.argv.slice(2), dirname(process.execPath), pjson);
