// Walks the TypeScript sources of a tree with the compiler's parser (no type checking): the shape
// checks of test/unit/code-shape/ read functions and call arguments from it.
import {readdirSync, readFileSync} from 'node:fs';
import {join, relative} from 'node:path';
import ts from 'typescript';

export interface SourceFile {
  /** Relative to the root, with forward slashes. */
  path: string;
  ast: ts.SourceFile;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

export function sourceFiles(root: string, under = 'src'): SourceFile[] {
  return tsFiles(join(root, under)).map((file) => ({
    path: relative(root, file).split('\\').join('/'),
    ast: ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS),
  }));
}

export function visitNodes(node: ts.Node, fn: (n: ts.Node) => void): void {
  fn(node);
  ts.forEachChild(node, (child) => visitNodes(child, fn));
}

export function lineOf(file: SourceFile, node: ts.Node): number {
  return file.ast.getLineAndCharacterOfPosition(node.getStart(file.ast)).line + 1;
}
