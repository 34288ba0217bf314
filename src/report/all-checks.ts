// Every analysis's check list, in one catalogue. Add one import per analysis.
import type {CheckDefinition} from './catalogue.js';

export const ALL_CHECKS: readonly CheckDefinition[] = [
];
