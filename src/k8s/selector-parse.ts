// The `-l` label selector string, parsed exactly as kube-apiserver parses the labelSelector of a
// list: k8s.io/apimachinery pkg/labels/selector.go (v0.34.3) Lexer, Parser and NewRequirement, with
// their error messages word for word (the apiserver answers a bad selector with them, and kubectl
// prints them). The lexer works on UTF-8 bytes, as Go's does.
import {goQuote} from './go-quote.js';
import {isQualifiedName, isValidLabelValue} from './name-validation.js';

type SelectorOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'gt' | 'lt' | 'exists' | '!';

/** One requirement of a parsed selector (selection.Operator values; values sorted as Go's sets.String.List). */
export interface SelectorRequirement {
  key: string;
  operator: SelectorOperator;
  values: string[];
}

class SelectorParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorParseError';
  }
}

const enum Tok {
  Error,
  EndOfString,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const STRING_TO_TOKEN = new Map<string, Tok>([
  [')', Tok.ClosedPar],
  [',', Tok.Comma],
  ['!', Tok.DoesNotExist],
  ['==', Tok.DoubleEquals],
  ['=', Tok.Equals],
  ['>', Tok.GreaterThan],
  ['in', Tok.In],
  ['<', Tok.LessThan],
  ['!=', Tok.NotEquals],
  ['notin', Tok.NotIn],
  ['(', Tok.OpenPar],
]);

// binaryOperators, in selector.go's order, as parseOperator lists them.
const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

interface Item {
  tok: Tok;
  lit: string;
}

const isWhitespace = (ch: number) => ch === 0x20 || ch === 0x09 || ch === 0x0d || ch === 0x0a;
const isSpecialSymbol = (ch: number) => ch === 0x3d || ch === 0x21 || ch === 0x28 || ch === 0x29 || ch === 0x2c || ch === 0x3e || ch === 0x3c;

class Lexer {
  private pos = 0;
  constructor(private readonly s: Buffer) {}

  /** Go's read(): 0 at the end; a NUL byte in the input reads as the end too. */
  private read(): number {
    if (this.pos < this.s.length) return this.s[this.pos++];
    return 0;
  }

  private unread(): void {
    this.pos--;
  }

  private text(from: number, to: number): string {
    return this.s.subarray(from, to).toString('utf8');
  }

  private scanIDOrKeyword(): Item {
    const bytes: number[] = [];
    for (;;) {
      const ch = this.read();
      if (ch === 0) break;
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        this.unread();
        break;
      }
      bytes.push(ch);
    }
    const lit = Buffer.from(bytes).toString('utf8');
    return {tok: STRING_TO_TOKEN.get(lit) ?? Tok.Identifier, lit};
  }

  private scanSpecialSymbol(): Item {
    const start = this.pos;
    let last: Item | undefined;
    for (;;) {
      const ch = this.read();
      if (ch === 0) break;
      if (!isSpecialSymbol(ch)) {
        this.unread();
        break;
      }
      const buffer = this.text(start, this.pos);
      const tok = STRING_TO_TOKEN.get(buffer);
      if (tok !== undefined) last = {tok, lit: buffer};
      else if (last) {
        this.unread();
        break;
      }
    }
    return last ?? {tok: Tok.Error, lit: `error expected: keyword found '${this.text(start, this.pos)}'`};
  }

  lex(): Item {
    let ch = this.read();
    while (isWhitespace(ch)) ch = this.read();
    if (ch === 0) return {tok: Tok.EndOfString, lit: ''};
    this.unread();
    return isSpecialSymbol(ch) ? this.scanSpecialSymbol() : this.scanIDOrKeyword();
  }
}

type Context = 'keyAndOperator' | 'values';

class Parser {
  private readonly items: Item[] = [];
  private position = 0;

  constructor(text: string) {
    const lexer = new Lexer(Buffer.from(text, 'utf8'));
    for (;;) {
      const item = lexer.lex();
      this.items.push(item);
      if (item.tok === Tok.EndOfString) break;
    }
  }

  // In a value position `in` and `notin` are plain identifiers (`x in (in)`).
  private asContext(item: Item, context: Context): Item {
    if (context === 'values' && (item.tok === Tok.In || item.tok === Tok.NotIn)) return {tok: Tok.Identifier, lit: item.lit};
    return item;
  }

  private lookahead(context: Context): Item {
    return this.asContext(this.items[this.position], context);
  }

  private consume(context: Context): Item {
    return this.asContext(this.items[this.position++], context);
  }

  parse(): SelectorRequirement[] {
    const requirements: SelectorRequirement[] = [];
    for (;;) {
      const {tok, lit} = this.lookahead('values');
      if (tok === Tok.EndOfString) return requirements;
      if (tok !== Tok.Identifier && tok !== Tok.DoesNotExist) throw new SelectorParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        requirements.push(this.parseRequirement());
      } catch (err) {
        if (err instanceof SelectorParseError) throw new SelectorParseError(`unable to parse requirement: ${err.message}`);
        throw err;
      }
      const next = this.consume('values');
      if (next.tok === Tok.EndOfString) return requirements;
      if (next.tok !== Tok.Comma) throw new SelectorParseError(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.lookahead('values');
      if (after.tok !== Tok.Identifier && after.tok !== Tok.DoesNotExist) throw new SelectorParseError(`found '${after.lit}', expected: identifier after ','`);
    }
  }

  private parseRequirement(): SelectorRequirement {
    const {key, operator: inferred} = this.parseKeyAndInferOperator();
    if (inferred) return newRequirement(key, inferred, []);
    const operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, operator, sortedSet(values));
  }

  private parseKeyAndInferOperator(): {key: string; operator?: SelectorOperator} {
    let operator: SelectorOperator | undefined;
    let item = this.consume('values');
    if (item.tok === Tok.DoesNotExist) {
      operator = '!';
      item = this.consume('values');
    }
    if (item.tok !== Tok.Identifier) throw new SelectorParseError(`found '${item.lit}', expected: identifier`);
    // validateLabelKey with the parser's nil path, which field.Path prints as "<nil>".
    const keyErrs = isQualifiedName(item.lit);
    if (keyErrs.length > 0) throw new SelectorParseError(`<nil>: Invalid value: ${goQuote(item.lit)}: ${keyErrs.join('; ')}`);
    const next = this.lookahead('values').tok;
    if ((next === Tok.EndOfString || next === Tok.Comma) && operator !== '!') operator = 'exists';
    return {key: item.lit, operator};
  }

  private parseOperator(): SelectorOperator {
    const {tok, lit} = this.consume('keyAndOperator');
    switch (tok) {
      case Tok.In:
        return 'in';
      case Tok.Equals:
        return '=';
      case Tok.DoubleEquals:
        return '==';
      case Tok.GreaterThan:
        return 'gt';
      case Tok.LessThan:
        return 'lt';
      case Tok.NotIn:
        return 'notin';
      case Tok.NotEquals:
        return '!=';
      default:
        throw new SelectorParseError(`found '${lit}', expected: ${BINARY_OPERATORS}`);
    }
  }

  private parseValues(): string[] {
    const open = this.consume('values');
    if (open.tok !== Tok.OpenPar) throw new SelectorParseError(`found '${open.lit}' expected: '('`);
    const {tok, lit} = this.lookahead('values');
    if (tok === Tok.Identifier || tok === Tok.Comma) {
      const values = this.parseIdentifiersList();
      // selector.go reports the literal it looked at before the list, not the one that failed.
      if (this.consume('values').tok !== Tok.ClosedPar) throw new SelectorParseError(`found '${lit}', expected: ')'`);
      return values;
    }
    if (tok === Tok.ClosedPar) {
      this.consume('values');
      return [''];
    }
    throw new SelectorParseError(`found '${lit}', expected: ',', ')' or identifier`);
  }

  private parseIdentifiersList(): string[] {
    const values = new Set<string>();
    for (;;) {
      const {tok, lit} = this.consume('values');
      if (tok === Tok.Identifier) {
        values.add(lit);
        const next = this.lookahead('values');
        if (next.tok === Tok.Comma) continue;
        if (next.tok === Tok.ClosedPar) return [...values];
        throw new SelectorParseError(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (tok === Tok.Comma) {
        if (values.size === 0) values.add(''); // "(,"
        const next = this.lookahead('values').tok;
        if (next === Tok.ClosedPar) {
          values.add(''); // ",)"
          return [...values];
        }
        if (next === Tok.Comma) {
          this.consume('values');
          values.add(''); // ",,"
        }
        continue;
      }
      throw new SelectorParseError(`found '${lit}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): string[] {
    const ahead = this.lookahead('values').tok;
    if (ahead === Tok.EndOfString || ahead === Tok.Comma) return [''];
    const {tok, lit} = this.consume('values');
    if (tok === Tok.Identifier) return [lit];
    throw new SelectorParseError(`found '${lit}', expected: identifier`);
  }
}

/** Go's sets.String.List(): unique, sorted by bytes. */
function sortedSet(values: string[]): string[] {
  return [...new Set(values)].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

/** NewRequirement's checks (the parser only builds valid operator/value-count pairs), errors aggregated as Go does. */
function newRequirement(key: string, operator: SelectorOperator, values: string[]): SelectorRequirement {
  const errs: string[] = [];
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length > 0) errs.push(`key: Invalid value: ${goQuote(key)}: ${keyErrs.join('; ')}`);
  if (operator === 'gt' || operator === 'lt') {
    values.forEach((v, i) => {
      if (!isGoInt64(v)) errs.push(`values[${i}]: Invalid value: ${goQuote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
    });
  }
  values.forEach((v, i) => {
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length > 0) errs.push(`values[${i}][${key}]: Invalid value: ${goQuote(v)}: ${valueErrs.join('; ')}`);
  });
  if (errs.length > 0) throw new SelectorParseError(aggregate(errs));
  return {key, operator, values};
}

/** utilerrors.Aggregate.Error(): one message alone, else "[a, b]" without repeats. */
function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64) succeeds: optional sign, decimal digits, in int64 range. */
function isGoInt64(s: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(s)) return false;
  const n = BigInt(s);
  return n >= INT64_MIN && n <= INT64_MAX;
}

/** labels.Parse: the requirements sorted by key (stable, as Go's sort.Sort on ByKey is not; keys rarely repeat). */
export function parseSelector(text: string): SelectorRequirement[] {
  const requirements = new Parser(text).parse();
  return requirements.sort((a, b) => Buffer.compare(Buffer.from(a.key, 'utf8'), Buffer.from(b.key, 'utf8')));
}

/** The parse error's message, or undefined when the selector is valid. */
export function selectorError(text: string): string | undefined {
  try {
    parseSelector(text);
    return undefined;
  } catch (err) {
    if (err instanceof SelectorParseError) return err.message;
    throw err;
  }
}

/** Requirement.Matches, for every requirement (selector.go). */
export function matchesRequirements(requirements: SelectorRequirement[], labels: Record<string, string>): boolean {
  return requirements.every((r) => matchesRequirement(r, labels));
}

function matchesRequirement(r: SelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && r.values.includes(labels[r.key]);
    case 'notin':
    case '!=':
      return !has || !r.values.includes(labels[r.key]);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || !isGoInt64(labels[r.key]) || r.values.length !== 1 || !isGoInt64(r.values[0])) return false;
      const value = BigInt(labels[r.key]);
      const bound = BigInt(r.values[0]);
      return r.operator === 'gt' ? value > bound : value < bound;
    }
  }
}
