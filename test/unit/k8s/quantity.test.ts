import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {ERR_FORMAT_WRONG, ERR_NUMERIC, ERR_SUFFIX, Quantity, QuantityError, roundUpToMilli} from '../../../src/k8s/quantity.js';

// Expected values produced by upstream k8s.io/apimachinery v0.34.3 resource.ParseQuantity (see
// fixtures/quantities-gen.go.txt for the Go program and fixtures/quantities-inputs.mjs for the seeded inputs).
interface Upstream {
  in: string;
  err?: string;
  str?: string;
  milli?: string;
  value?: string;
  format?: string;
  rounded?: string;
  cmpOne?: number;
}
const upstream = JSON.parse(readFileSync(new URL('./fixtures/quantities-v0.34.3.json', import.meta.url), 'utf8')) as Upstream[];
const INT64_MAX = (1n << 63n) - 1n;

describe('Quantity: differential against upstream ParseQuantity (v0.34.3)', () => {
  it(`agrees on all ${upstream.length} recorded strings`, () => {
    assert.ok(upstream.length > 1000);
    const failures: string[] = [];
    let negatives = 0;
    for (const u of upstream) {
      let q: Quantity | undefined;
      let err: string | undefined;
      try {
        q = Quantity.parse(u.in);
      } catch (e) {
        if (!(e instanceof QuantityError)) throw e;
        err = e.message;
      }
      if (u.err !== undefined) {
        if (err !== u.err) failures.push(`${JSON.stringify(u.in)}: want error ${u.err}, got ${err ?? q!.toString()}`);
        continue;
      }
      if (!q) {
        failures.push(`${JSON.stringify(u.in)}: want ${u.str}, got error ${err}`);
        continue;
      }
      const got = {str: q.toString(), format: q.format, rounded: roundUpToMilli(q).toString(), cmpOne: q.cmp(Quantity.parse('1'))};
      const want = {str: u.str, format: u.format, rounded: u.rounded, cmpOne: u.cmpOne};
      try {
        assert.deepEqual(got, want);
      } catch {
        failures.push(`${JSON.stringify(u.in)}: got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
      }
      // Only the integer results skip negatives: Go's int64 results wrap on overflow, and its
      // big-number path mis-rounds negatives (which validation rejects anyway); compare them for
      // non-negative values that fit.
      if (q.sign() < 0) {
        negatives++;
        continue;
      }
      const milli = q.milliValue();
      if (milli <= INT64_MAX && milli >= -INT64_MAX && String(milli) !== u.milli) failures.push(`${JSON.stringify(u.in)}: milli ${milli} != ${u.milli}`);
      const value = q.value();
      if (value <= INT64_MAX && value >= -INT64_MAX && String(value) !== u.value) failures.push(`${JSON.stringify(u.in)}: value ${value} != ${u.value}`);
    }
    assert.deepEqual(failures.slice(0, 20), []);
    // The negative fixtures are compared too (string, format, rounding, order), not skipped.
    assert.equal(negatives, 168);
  });
});

describe('Quantity: parsing', () => {
  const cases: [string, string, string][] = [
    // input, exact value as a decimal string (milli), canonical string
    ['0', '0', '0'],
    ['0.5', '500', '500m'],
    ['.5', '500', '500m'],
    ['500m', '500', '500m'],
    ['1.5Gi', String(1610612736n * 1000n), '1536Mi'],
    ['129e6', '129000000000', '129e6'],
    ['129M', '129000000000', '129M'],
    ['1k', '1000000', '1k'],
    ['1Ki', '1024000', '1Ki'],
    ['1000m', '1000', '1'],
    ['1e3', '1000000', '1e3'],
    ['+1', '1000', '+1'],
  ];
  for (const [input, milli, canonical] of cases) {
    it(`${input} -> ${canonical}`, () => {
      const q = Quantity.parse(input);
      assert.equal(q.milliValue(), BigInt(milli));
      assert.equal(q.toString(), canonical);
    });
  }

  it('rejects malformed strings with the apiserver messages', () => {
    assert.throws(() => Quantity.parse(''), {message: ERR_FORMAT_WRONG});
    assert.throws(() => Quantity.parse('1Gb'), {message: ERR_FORMAT_WRONG});
    assert.throws(() => Quantity.parse('abc'), {message: ERR_FORMAT_WRONG});
    assert.throws(() => Quantity.parse('1K'), {message: ERR_SUFFIX});
    assert.throws(() => Quantity.parse('1e'), {message: ERR_SUFFIX});
    assert.equal(ERR_FORMAT_WRONG, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    assert.equal(ERR_NUMERIC, 'unable to parse numeric part of quantity');
  });

  it('keeps upstream quirks: "-", "+" and "." parse as zero, "1." as one', () => {
    for (const s of ['-', '+', '.']) assert.ok(Quantity.parse(s).isZero(), s);
    assert.equal(Quantity.parse('1.').value(), 1n);
  });

  it('accepts JSON numbers and trims spaces inside strings like UnmarshalJSON', () => {
    assert.equal(Quantity.fromJSON(0.5).milliValue(), 500n);
    assert.equal(Quantity.fromJSON(2).value(), 2n);
    assert.equal(Quantity.fromJSON(' 100m ').milliValue(), 100n);
    assert.throws(() => Quantity.fromJSON(true), QuantityError);
  });
});

describe('Quantity: arithmetic and comparison', () => {
  it('compares exactly across notations', () => {
    assert.equal(Quantity.parse('1').cmp(Quantity.parse('1000m')), 0);
    assert.equal(Quantity.parse('1Gi').cmp(Quantity.parse('1073741824')), 0);
    assert.equal(Quantity.parse('1G').cmp(Quantity.parse('1Gi')), -1);
    assert.equal(Quantity.parse('129e6').cmp(Quantity.parse('129M')), 0);
    assert.equal(Quantity.parse('0.1').cmp(Quantity.parse('100m')), 0);
    assert.equal(Quantity.parse('1n').cmp(Quantity.parse('0')), 1);
  });

  it('adds without floating point error', () => {
    let sum = Quantity.zero();
    for (let i = 0; i < 10; i++) sum = sum.add(Quantity.parse('0.1'));
    assert.ok(sum.equals(Quantity.parse('1')));
    assert.equal(Quantity.parse('1.5Gi').add(Quantity.parse('512Mi')).toString(), '2Gi');
    assert.equal(Quantity.parse('250m').add(Quantity.parse('1')).toString(), '1250m');
    assert.equal(Quantity.parse('1').sub(Quantity.parse('250m')).toString(), '750m');
  });

  it('milliValue and value round up like ScaledValue', () => {
    assert.equal(Quantity.parse('1n').milliValue(), 1n);
    assert.equal(Quantity.parse('1.0001m').milliValue(), 2n);
    assert.equal(Quantity.parse('1500m').value(), 2n);
    assert.equal(Quantity.parse('-1500m').value(), -2n);
    assert.equal(Quantity.parse('2').value(), 2n);
  });

  it('roundUpToMilli rounds up to milli scale as SetDefaults_ResourceList does', () => {
    assert.equal(roundUpToMilli(Quantity.parse('0.0001')).toString(), '1m');
    assert.equal(roundUpToMilli(Quantity.parse('1.0001')).toString(), '1001m');
    assert.equal(roundUpToMilli(Quantity.parse('100m')).toString(), '100m');
    // a request and a limit that differ below a milli become equal
    assert.ok(roundUpToMilli(Quantity.parse('0.9991')).equals(roundUpToMilli(Quantity.parse('999.5m'))));
    assert.ok(!Quantity.parse('0.9991').equals(Quantity.parse('999.5m')));
  });
});

describe('Quantity: invalid strings are remembered without changing behaviour', () => {
  it('parse throws the apiserver message every time; tryParse returns undefined every time', () => {
    for (let i = 0; i < 3; i++) {
      assert.throws(
        () => Quantity.parse(''),
        (e: unknown) => e instanceof QuantityError && e.message === ERR_FORMAT_WRONG,
      );
      assert.throws(
        () => Quantity.parse('1Qi'),
        (e: unknown) => e instanceof QuantityError && e.message === ERR_FORMAT_WRONG,
      );
      assert.throws(
        () => Quantity.parse('1mm'),
        (e: unknown) => e instanceof QuantityError && e.message === ERR_SUFFIX,
      );
      assert.equal(Quantity.tryParse(''), undefined);
      assert.equal(Quantity.tryParse('abc'), undefined);
      assert.equal(Quantity.tryParse('1Gi')?.toString(), '1Gi');
    }
    // A message learnt through tryParse is the one parse throws later.
    assert.equal(Quantity.tryParse('5mm'), undefined);
    assert.throws(() => Quantity.parse('5mm'), QuantityError);
  });
});
