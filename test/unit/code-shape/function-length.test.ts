// No function in src/ is longer than about 80 lines (issue 20, "functions that do one thing"): a
// longer one becomes named steps. A function's length counts its nested functions, so an analysis's
// begin() cannot hide a long finish() inside it. Only generated code may be longer.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import ts from 'typescript';
import {lineOf, sourceFiles, visitNodes, type SourceFile} from './source-ast.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FIXTURE = join(import.meta.dirname, 'fixture');
export const MAX_FUNCTION_LINES = 80;

/** Generated files (their generators are the code to read). */
const GENERATED = /\.generated\.ts$|^src\/source\/protobuf\/schema\.ts$/;

interface LongFunction {
  where: string;
  lines: number;
}

function functionName(node: ts.FunctionLikeDeclaration): string {
  if (node.name) return node.name.getText();
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText();
  return '(anonymous)';
}

export function longFunctions(files: SourceFile[], max = MAX_FUNCTION_LINES): LongFunction[] {
  const out: LongFunction[] = [];
  for (const file of files) {
    if (GENERATED.test(file.path)) continue;
    visitNodes(file.ast, (n) => {
      if (!ts.isFunctionLike(n) || !(n as ts.FunctionLikeDeclaration).body) return;
      const f = n as ts.FunctionLikeDeclaration;
      const first = lineOf(file, f);
      const lines = file.ast.getLineAndCharacterOfPosition(f.getEnd()).line + 2 - first;
      if (lines > max) out.push({where: `${file.path}:${first} ${functionName(f)}`, lines});
    });
  }
  return out;
}

describe('code shape: function length', () => {
  it(`no function in src/ is longer than ${MAX_FUNCTION_LINES} lines (generated code aside)`, () => {
    const long = longFunctions(sourceFiles(ROOT));
    assert.deepEqual(
      long.map((f) => `${f.where}: ${f.lines} lines`),
      [],
    );
  });

  it('finds a long function, also when it hides inside another, and counts exactly', () => {
    const found = longFunctions(sourceFiles(FIXTURE), 10).map((f) => `${f.where}: ${f.lines}`);
    assert.deepEqual(found, ['src/shapes.ts:4 outer: 16', 'src/shapes.ts:6 inner: 12']);
  });
});
