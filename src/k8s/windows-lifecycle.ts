// Published end-of-support dates of the Windows Server versions Windows nodes run, and which of them
// fall within a window (doctor's end-of-support line). Two kinds of dates: Microsoft's own
// lifecycle (learn.microsoft.com/lifecycle/products/<product>: the end of mainstream support, the
// end of extended support or, for the Annual Channel, the one end date), and the managed service's
// retirement of its node images (AKS, named only for AKS pools).

interface SupportEnd {
  /** "end of mainstream support", "end of support", "AKS node image retirement". */
  what: string;
  /** yyyy-mm-dd (the day it ends). */
  date: string;
  source: string;
  /** Only for pools of this managed service. */
  service?: 'aks';
}

import {maxOf} from '../util/arrays.js';

const LIFECYCLE = (product: string) => `Microsoft lifecycle learn.microsoft.com/lifecycle/products/${product}`;

const ENDS: Record<number, SupportEnd[]> = {
  14393: [
    {what: 'end of mainstream support', date: '2022-01-11', source: LIFECYCLE('windows-server-2016')},
    {what: 'end of extended support', date: '2027-01-12', source: LIFECYCLE('windows-server-2016')},
  ],
  17763: [
    {what: 'end of mainstream support', date: '2024-01-09', source: LIFECYCLE('windows-server-2019')},
    {what: 'end of extended support', date: '2029-01-09', source: LIFECYCLE('windows-server-2019')},
    // Azure/AKS#4091: not supported from Kubernetes 1.33; its node images are removed from 2027-04-01.
    {what: 'AKS node image retirement', date: '2026-03-01', source: 'Azure/AKS#4091', service: 'aks'},
  ],
  20348: [
    {what: 'end of mainstream support', date: '2026-10-13', source: LIFECYCLE('windows-server-2022')},
    {what: 'end of extended support', date: '2031-10-14', source: LIFECYCLE('windows-server-2022')},
    // Azure/AKS#4168: no new 2022 pools from Kubernetes 1.35.
    {what: 'AKS node image retirement', date: '2027-03-15', source: 'Azure/AKS#4168', service: 'aks'},
  ],
  // Updates for 23H2 ran until 2026-05-12, not the 2025-10-24 the Annual Channel page first gave: Microsoft's
  // May 2026 end-of-updates statement, as endoflife.date#10779 records it (the statement itself could not
  // be read here; checked 2026-12-06).
  25398: [
    {
      what: 'end of support',
      date: '2026-05-12',
      source: 'Microsoft support.microsoft.com/servicing/os/windows-server/2026/05/end-of-updates-statement (endoflife.date#10779)',
    },
    // Azure/AKS#5608: no new Annual Channel pools; its node images are removed from 2027-05-15.
    {what: 'AKS node image retirement', date: '2026-05-15', source: 'Azure/AKS#5608', service: 'aks'},
  ],
  // The revised dates on the lifecycle page (endoflife.date#10519 quotes them; pre-GA: 2029-10-09, 2034-10-10).
  26100: [
    {what: 'end of mainstream support', date: '2029-11-13', source: LIFECYCLE('windows-server-2025')},
    {what: 'end of extended support', date: '2034-11-14', source: LIFECYCLE('windows-server-2025')},
  ],
};

const DAY = 86_400_000;
const endOf = (date: string) => Date.parse(`${date}T23:59:59Z`);

/**
 * The support ends of a build that matter at `now`: those within `windowDays` ahead, and those already
 * past that leave the version with no support left (a passed mainstream end is not named while
 * extended support runs). `aks`: include the AKS node image retirements.
 */
export function supportEndsNear(build: number, now: number, aks: boolean, windowDays = 365): Array<SupportEnd & {past: boolean}> {
  const ends = (ENDS[build] ?? []).filter((e) => !e.service || aks);
  const horizon = now + windowDays * DAY;
  const lastEnd = maxOf(
    0,
    ends.filter((e) => !e.service).map((e) => endOf(e.date)),
  );
  return ends
    .filter((e) => endOf(e.date) <= horizon && (endOf(e.date) >= now || e.service !== undefined || endOf(e.date) === lastEnd))
    .map((e) => ({...e, past: endOf(e.date) < now}));
}
