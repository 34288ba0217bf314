// -o json and -o yaml: the report envelope, data only, always parseable.
import {stringify} from 'yaml';
import type {Report} from '../report/types.js';

export function renderData(report: Report, format: 'json' | 'yaml'): string {
  if (format === 'json') return JSON.stringify(report, null, 2) + '\n';
  return stringify(report, {lineWidth: 0, aliasDuplicateObjects: false});
}
