// No array is spread into a call anywhere in src/ (`push(...x)`, `Math.max(...x)`, `fn(...items)`):
// each element becomes an argument on the stack, and past about 120,000 V8 throws "Maximum call stack
// size exceeded" (doctor's merge did at 100,000 pods, issue 23). pushAll, maxOf and minOf
// (src/util/arrays.ts) take any length; test/unit/util/arrays-sites.test.ts drives each former site
// with 200,000 elements.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import ts from 'typescript';
import {lineOf, sourceFiles, visitNodes, type SourceFile} from './source-ast.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FIXTURE = join(import.meta.dirname, 'fixture');

function callSpreads(files: SourceFile[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    visitNodes(file.ast, (n) => {
      if (ts.isSpreadElement(n) && (ts.isCallExpression(n.parent) || ts.isNewExpression(n.parent))) {
        out.push(`${file.path}:${lineOf(file, n)} ${n.parent.expression.getText(file.ast)}(...${n.expression.getText(file.ast)})`);
      }
    });
  }
  return out;
}

describe('code shape: no array spread into a call', () => {
  it('src/ spreads no array into a call', () => {
    assert.deepEqual(callSpreads(sourceFiles(ROOT)), []);
  });

  it('finds push(...x) and Math.max(0, ...x), and not a spread inside an array or object literal', () => {
    assert.deepEqual(callSpreads(sourceFiles(FIXTURE)), ['src/shapes.ts:22 target.push(...values)', 'src/shapes.ts:23 Math.max(...values)']);
  });
});
