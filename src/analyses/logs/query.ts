// The flags of `kubectl win logs` as the Node Log Query the kubelet receives, checked as the kubelet
// checks it (src/k8s/node-log-query.ts) before any request: a mistake is exit 2 naming its flag,
// with the kubelet's own words.
import {InputError} from '../../errors.js';
import {errorString} from '../../k8s/field-error.js';
import {validateNodeLogQuery, type NodeLogQuery} from '../../k8s/node-log-query.js';
import {PRESETS, type PresetName} from './presets.js';

export interface LogsFlags {
  query: string[];
  preset?: PresetName;
  /** RFC 3339 already (the command turns a duration into the instant it means). */
  sinceTime?: string;
  untilTime?: string;
  tail?: number;
  pattern?: string;
  boot?: number;
}

/** The kubelet's parameter -> the flag that sets it. */
const FLAG_OF: Record<string, string> = {
  query: '--query/--preset',
  sinceTime: '--since',
  untilTime: '--until',
  tailLines: '--tail',
  pattern: '--pattern',
  boot: '--boot',
};

/** The query to send; throws InputError on what the kubelet would refuse. `windows`: any target runs Windows. */
export function logQueryOf(flags: LogsFlags, windows = false): NodeLogQuery {
  const services = [...(flags.preset ? PRESETS[flags.preset].query : []), ...flags.query];
  if (services.length === 0)
    throw new InputError('error: give --preset gmsa|hns|hcs|containerd|kubelet or --query SERVICE (an event provider, or a log file under C:\\var\\log)');
  const query: NodeLogQuery = {services: [], files: []};
  for (const s of services) (/[/\\]/.test(s) ? query.files : query.services).push(s);
  if (flags.sinceTime !== undefined) query.sinceTime = flags.sinceTime;
  if (flags.untilTime !== undefined) query.untilTime = flags.untilTime;
  if (flags.tail !== undefined) query.tailLines = flags.tail;
  if (flags.pattern !== undefined && flags.pattern !== '') query.pattern = flags.pattern;
  if (flags.boot !== undefined) query.boot = flags.boot;
  const [first] = validateNodeLogQuery(query, {windows});
  if (first) throw new InputError(`error: invalid ${FLAG_OF[first.field] ?? first.field}: ${errorString(first)}`);
  return query;
}
