// Lists the exports of src/ that no other file names (`npm run dead-exports`): candidates to un-export,
// or to delete when their own file does not use them either. A name is "used" when another source,
// test, script or bench file mentions it as a word, which also counts dynamic imports
// (`const {x} = await import(...)`) and re-exports; a false "used" is possible, a false "dead" is not.
import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import ts from 'typescript';

const files = execFileSync('git', ['ls-files', '*.ts', '*.tsx', '*.js', '*.mjs'], {encoding: 'utf8'})
  .split('\n')
  .filter((f) => f !== '' && !f.startsWith('examples/'));
const text = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));

function exportedNames(file: string): string[] {
  const source = ts.createSourceFile(file, text.get(file)!, ts.ScriptTarget.Latest, true);
  const names: string[] = [];
  for (const st of source.statements) {
    const modifiers = ts.canHaveModifiers(st) ? (ts.getModifiers(st) ?? []) : [];
    if (!modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) || modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) continue;
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    } else if (
      (ts.isFunctionDeclaration(st) ||
        ts.isClassDeclaration(st) ||
        ts.isInterfaceDeclaration(st) ||
        ts.isTypeAliasDeclaration(st) ||
        ts.isEnumDeclaration(st)) &&
      st.name
    ) {
      names.push(st.name.text);
    }
  }
  return names;
}

let dead = 0;
for (const file of files) {
  if (!file.startsWith('src/') || file.endsWith('.generated.ts')) continue;
  for (const name of exportedNames(file)) {
    const word = new RegExp(`\\b${name}\\b`, 'g');
    if (files.some((other) => other !== file && text.get(other)!.search(word) >= 0)) continue;
    const ownUses = (text.get(file)!.match(word)?.length ?? 1) - 1;
    process.stdout.write(`${file}\t${name}\t${ownUses === 0 ? 'unused: delete' : 'used only here: un-export'}\n`);
    dead++;
  }
}
process.stderr.write(`${dead} dead exports\n`);
