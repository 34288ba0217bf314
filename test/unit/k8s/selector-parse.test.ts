import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {matchesRequirements, parseSelector, selectorError, type SelectorRequirement} from '../../../src/k8s/selector-parse.js';

// Expected values produced by upstream k8s.io/apimachinery v0.34.3 labels.Parse (see
// fixtures/selector-gen.go.txt for the Go program and fixtures/selector-inputs.mjs for the inputs).
interface Upstream {
  in: string;
  err?: string;
  reqs?: Array<{key: string; op: string; values: string[] | null}>;
  matches?: boolean[];
}
const upstream = JSON.parse(readFileSync(new URL('./fixtures/selectors-v0.34.3.json', import.meta.url), 'utf8')) as Upstream[];

// The label sets of selector-gen.go.txt, in its order.
const LABEL_SETS: Array<Record<string, string>> = [
  {},
  {app: 'web'},
  {app: 'web', tier: 'front', x: '2'},
  {app: 'db', 'example.com/role': 'in', x: '-7'},
  {notin: 'in', a: ''},
];

const asUpstream = (reqs: SelectorRequirement[]) => reqs.map((r) => ({key: r.key, op: r.operator, values: r.values}));

describe('k8s/selector-parse: differential against upstream labels.Parse (v0.34.3)', () => {
  it(`agrees on the error message, the requirements and the matches of all ${upstream.length} recorded strings`, () => {
    assert.ok(upstream.length > 1000);
    assert.ok(upstream.filter((u) => u.err).length > 500, 'the table holds many malformed selectors');
    assert.ok(upstream.filter((u) => !u.err).length > 100, 'and many valid ones');
    const failures: string[] = [];
    for (const u of upstream) {
      const err = selectorError(u.in);
      if (err !== u.err) {
        failures.push(`${JSON.stringify(u.in)}: error ${JSON.stringify(err)}, upstream ${JSON.stringify(u.err)}`);
        continue;
      }
      if (u.err) continue;
      const reqs = parseSelector(u.in);
      const want = (u.reqs ?? []).map((r) => ({...r, values: r.values ?? []}));
      // Go sorts by key with an unstable sort: compare as sets when a key repeats.
      const key = (r: {key: string; op: string; values: string[]}) => JSON.stringify(r);
      if (JSON.stringify(asUpstream(reqs).map(key).sort()) !== JSON.stringify(want.map(key).sort())) {
        failures.push(`${JSON.stringify(u.in)}: requirements ${JSON.stringify(asUpstream(reqs))}, upstream ${JSON.stringify(want)}`);
      }
      const matches = LABEL_SETS.map((l) => matchesRequirements(reqs, l));
      if (JSON.stringify(matches) !== JSON.stringify(u.matches)) failures.push(`${JSON.stringify(u.in)}: matches ${matches}, upstream ${u.matches}`);
    }
    assert.deepEqual(failures.slice(0, 20), []);
  });

  // A few rows spelled out, so a reader sees the grammar without opening the fixture.
  const rows: Array<[string, string | SelectorRequirement[]]> = [
    ['app in (', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
    ['a=b=c', "found '=', expected: ',' or 'end of string'"],
    ['x in (abc,,def)', [{key: 'x', operator: 'in', values: ['', 'abc', 'def']}]],
    [
      '!x,y notin (a)',
      [
        {key: 'x', operator: '!', values: []},
        {key: 'y', operator: 'notin', values: ['a']},
      ],
    ],
    ['in in (in)', [{key: 'in', operator: 'in', values: ['in']}]],
    ['x>1', [{key: 'x', operator: 'gt', values: ['1']}]],
    ['x<a', "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer"],
  ];
  for (const [input, want] of rows) {
    it(`${JSON.stringify(input)} -> ${typeof want === 'string' ? want : JSON.stringify(want)}`, () => {
      if (typeof want === 'string') assert.equal(selectorError(input), want);
      else assert.deepEqual(parseSelector(input), want);
    });
  }

  it('matches as Requirement.Matches: a missing key satisfies != and notin, gt/lt compare integers', () => {
    const l = {app: 'iis', x: '10'};
    assert.equal(matchesRequirements(parseSelector('missing!=a,missing notin (b)'), l), true);
    assert.equal(matchesRequirements(parseSelector('x>9,x<11'), l), true);
    assert.equal(matchesRequirements(parseSelector('app>1'), l), false);
  });
});
