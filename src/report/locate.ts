// Finding.location (issue 22): where each finding's field is in the user's manifest, as the source
// tells it (Capabilities.locate: manifests only; a live object has no file and gets none).
import type {Capabilities} from '../k8s/snapshot.js';
import type {Finding, Report} from './types.js';

/** The report with `location` set on each finding whose object the source found in a file. */
export function withLocations<R extends Pick<Report, 'findings'>>(report: R, capabilities: Pick<Capabilities, 'locate'>): R {
  if (!capabilities.locate) return report;
  const located: Finding[] = report.findings.filter((f) => f.object !== undefined);
  if (located.length === 0) return report;
  const where = capabilities.locate(located.map((f) => ({kind: f.object!.kind, namespace: f.object!.namespace, name: f.object!.name, field: f.field})));
  located.forEach((f, i) => {
    const loc = where[i];
    if (loc) f.location = loc;
  });
  return report;
}
