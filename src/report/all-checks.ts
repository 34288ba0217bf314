// Every analysis's check list, in one catalogue. Add one import per analysis.
import type {CheckDefinition} from './catalogue.js';
import {NODE_CHECKS} from '../analyses/nodes/checks.js';
import {GMSA_CHECKS} from '../analyses/gmsa/checks.js';
import {LINT_CHECKS} from '../analyses/lint/checks.js';
import {QOS_CHECKS} from '../analyses/qos/checks.js';
import {PSP_CHECKS} from '../analyses/psp/checks.js';
import {WHY_CHECKS} from '../analyses/why/checks.js';
import {LOGS_CHECKS} from '../analyses/logs/checks.js';
import {UPGRADE_CHECKS} from '../analyses/upgrade/checks.js';

export const ALL_CHECKS = [
  ...NODE_CHECKS,
  ...GMSA_CHECKS,
  ...LINT_CHECKS,
  ...QOS_CHECKS,
  ...PSP_CHECKS,
  ...WHY_CHECKS,
  ...LOGS_CHECKS,
  ...UPGRADE_CHECKS,
] as const satisfies readonly CheckDefinition[];

/** Every finding id a command can emit: `Finding.id` is one of these, so an unknown id does not compile. */
export type CheckId = (typeof ALL_CHECKS)[number]['id'];
