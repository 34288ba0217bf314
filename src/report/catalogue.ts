// The check catalogue: every finding id a command can emit, with its severity and rule source.
// docs/checks.md is generated from this list (npm run docs) and a test keeps the two in step.
// Each analysis keeps its own list in src/analyses/<name>/checks.ts and it is added here.
import type {Severity} from './types.js';

export interface CheckDefinition {
  id: string;
  severity: Severity;
  /** One line: what the check finds. */
  title: string;
  /** The upstream file or document the rule follows. */
  source: string;
}

export function defineChecks<const T extends readonly CheckDefinition[]>(checks: T): T {
  return checks;
}
