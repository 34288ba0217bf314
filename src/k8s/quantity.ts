// Kubernetes resource quantities, parsed and compared exactly as kube-apiserver does.
// Follows kubernetes/apimachinery pkg/api/resource/quantity.go (ParseQuantity, parseQuantityString,
// CanonicalizeBytes, RoundUp, ScaledValue), suffix.go (the suffix tables) and amount.go (canonical
// mantissa/exponent), as of v0.34.3. Values are exact: a BigInt mantissa and a decimal scale, like
// gopkg.in/inf.v0's Dec (value = unscaled * 10^-scale). No floating point anywhere.

type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** quantity.go splitREString: the regular expression the apiserver quotes in its format error. */
const QUANTITY_REGEXP = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
/** quantity.go ErrFormatWrong. */
export const ERR_FORMAT_WRONG = `quantities must match the regular expression '${QUANTITY_REGEXP}'`;
/** quantity.go ErrNumeric. */
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
/** quantity.go ErrSuffix. */
export const ERR_SUFFIX = "unable to parse quantity's suffix";

export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}

// suffix.go newSuffixer: decimal SI exponents of ten and binary SI exponents of two.
const DEC_SUFFIXES: Record<string, number> = {n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18};
const BIN_SUFFIXES: Record<string, number> = {Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60};
const DEC_BY_EXP = new Map(Object.entries(DEC_SUFFIXES).map(([s, e]) => [e, s]));
const BIN_BY_EXP = new Map(Object.entries(BIN_SUFFIXES).map(([s, e]) => [e, s]));

/** maxAllowed in quantity.go: BinarySI values are capped at the largest int64. */
const MAX_INT64 = (1n << 63n) - 1n;
/** math.go maxInt64Factors. */
const MAX_INT64_FACTORS = 18;
const NANO = -9;
/** Guard against exponents whose exact value cannot be held (e.g. 1e999999999); upstream would try and exhaust memory. */
const MAX_ABS_EXPONENT = 10_000;

const POW10: bigint[] = Array.from({length: 40}, (_, i) => 10n ** BigInt(i));
const pow10 = (n: number): bigint => (n < POW10.length ? POW10[n] : 10n ** BigInt(n));
/** Parsed quantities are immutable and the same few strings recur in every pod: remember them. */
const PARSE_CACHE = new Map<string, Quantity | string>();
const PARSE_CACHE_MAX = 4096;
const abs = (v: bigint): bigint => (v < 0n ? -v : v);

/** Divides a by 10^n rounding the magnitude up (inf.RoundUp: away from zero). */
function divRoundAway(a: bigint, n: number): bigint {
  if (n <= 0) return a * pow10(-n);
  const d = pow10(n);
  const q = a / d; // truncates toward zero
  return a % d === 0n ? q : q + (a < 0n ? -1n : 1n);
}

export class Quantity {
  /** value = unscaled * 10^-scale (inf.Dec convention). */
  readonly unscaled: bigint;
  readonly scale: number;
  readonly format: QuantityFormat;
  /** The original string when upstream keeps it for serialization (it was already canonical). */
  private readonly kept?: string;
  private canonicalMemo?: string;

  private constructor(unscaled: bigint, scale: number, format: QuantityFormat, kept?: string) {
    this.unscaled = unscaled;
    this.scale = scale;
    this.format = format;
    this.kept = kept;
  }

  static fromParts(unscaled: bigint, scale: number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(unscaled, scale, format);
  }

  static zero(format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(0n, 0, format);
  }

  /** Integer milli-units (500m, 2 -> 2000). */
  static fromMilli(milli: bigint | number, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(milli), 3, format);
  }

  /**
   * quantity.go ParseQuantity. Throws QuantityError with the apiserver's message
   * (ERR_FORMAT_WRONG, ERR_NUMERIC, ERR_SUFFIX) for invalid strings.
   */
  static parse(str: string): Quantity {
    const q = Quantity.lookup(str);
    if (typeof q === 'string') throw new QuantityError(q);
    return q;
  }

  /**
   * The parsed quantity, or the apiserver's message for an invalid string. Failures are remembered
   * too: callers probe absent fields (tryParse('')) once per pod, and building an Error (with its
   * stack) for each of 10,000 pods was a measurable share of `qos -A`.
   */
  private static lookup(str: string): Quantity | string {
    const cached = PARSE_CACHE.get(str);
    if (cached !== undefined) return cached;
    let q: Quantity | string;
    try {
      q = Quantity.parseUncached(str);
    } catch (err) {
      if (!(err instanceof QuantityError)) throw err;
      q = err.message;
    }
    if (PARSE_CACHE.size >= PARSE_CACHE_MAX) PARSE_CACHE.clear();
    PARSE_CACHE.set(str, q);
    return q;
  }

  private static parseUncached(str: string): Quantity {
    if (str.length === 0) throw new QuantityError(ERR_FORMAT_WRONG);
    if (str === '0') return new Quantity(0n, 0, 'DecimalSI', '0');
    const {positive, value, num, denom, suffix} = parseQuantityString(str);
    const interp = interpretSuffix(suffix);
    if (!interp) throw new QuantityError(ERR_SUFFIX);
    const {base, exponent, format} = interp;

    // The fast path (int64Amount) and the slow path (inf.Dec) give the same exact value; they differ
    // in rounding to nano, the BinarySI cap, and which strings are kept verbatim. Follow both.
    let precision: number;
    let scale = 0; // here as in Go: a power of ten (positive = bigger), i.e. -infScale
    let mantissa = 1n;
    if (format === 'BinarySI') {
      if (exponent >= 0 && denom.length === 0) {
        mantissa = 1n << BigInt(exponent);
        precision = 15 - num.length - Math.trunc(Math.fround(exponent * 3) / 10) - 1;
      } else {
        precision = -1;
      }
    } else {
      scale = exponent;
      precision = MAX_INT64_FACTORS - (num.length + denom.length);
    }
    if (precision >= 0) {
      scale -= denom.length;
      if (scale >= NANO) {
        const shifted = num + denom;
        const v = BigInt(shifted);
        const product = v * mantissa;
        if (product <= MAX_INT64) {
          const result = positive ? product : -product;
          const keep = format === 'BinarySI' ? exponent % 10 === 0 && (v & 7n) !== 0n : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
          return new Quantity(result, -scale, format, keep ? str : undefined);
        }
      }
    }

    // Slow path: inf.Dec SetString(value), then the suffix, then round up to nano.
    let [unscaled, decScale] = scanDecimal(value);
    if (Math.abs(exponent) > MAX_ABS_EXPONENT) throw new QuantityError(ERR_NUMERIC);
    if (base === 10) {
      decScale -= exponent;
    } else {
      unscaled *= 1n << BigInt(exponent);
    }
    const negative = unscaled < 0n;
    let mag = abs(unscaled);
    if (mag !== 0n && decScale > -NANO) {
      mag = divRoundAway(mag, decScale - -NANO);
      decScale = -NANO;
    }
    let fmt: QuantityFormat = format;
    if (fmt === 'BinarySI') {
      // compare mag * 10^-decScale with MAX_INT64
      if (cmpScaled(mag, decScale, MAX_INT64, 0) > 0) {
        mag = MAX_INT64;
        decScale = 0;
      }
      if (mag !== 0n && cmpScaled(mag, decScale, 1n, 0) < 0) fmt = 'DecimalSI';
    }
    return new Quantity(negative ? -mag : mag, decScale, fmt);
  }

  /** Like parse, but returns undefined instead of throwing. */
  static tryParse(str: string): Quantity | undefined {
    const q = Quantity.lookup(str);
    return typeof q === 'string' ? undefined : q;
  }

  /**
   * A quantity as it appears in JSON: a string, or a number (UnmarshalJSON accepts both and trims
   * spaces inside the quotes).
   */
  static fromJSON(value: unknown): Quantity {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new QuantityError(ERR_FORMAT_WRONG);
      return Quantity.parse(String(value).replace(/e\+/, 'e'));
    }
    if (typeof value === 'string') return Quantity.parse(value.trim());
    throw new QuantityError(ERR_FORMAT_WRONG);
  }

  isZero(): boolean {
    return this.unscaled === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
  }

  /** -1, 0 or 1, comparing exact values (1 == 1000m, 1Gi == 1073741824). */
  cmp(other: Quantity): -1 | 0 | 1 {
    return cmpScaled(this.unscaled, this.scale, other.unscaled, other.scale);
  }

  equals(other: Quantity): boolean {
    return this.cmp(other) === 0;
  }

  /** quantity.go Add: exact; the format of a zero receiver becomes the other's. */
  add(other: Quantity): Quantity {
    const s = Math.max(this.scale, other.scale);
    const a = this.unscaled * pow10(s - this.scale);
    const b = other.unscaled * pow10(s - other.scale);
    return new Quantity(a + b, s, this.isZero() ? other.format : this.format);
  }

  sub(other: Quantity): Quantity {
    return this.add(new Quantity(-other.unscaled, other.scale, other.format));
  }

  neg(): Quantity {
    return new Quantity(-this.unscaled, this.scale, this.format);
  }

  /** quantity.go ScaledValue(Milli): the value in milli-units, rounded up (away from zero). */
  milliValue(): bigint {
    return this.scaledValue(-3);
  }

  /** quantity.go Value(): the integer value, rounded up (away from zero). */
  value(): bigint {
    return this.scaledValue(0);
  }

  /** The value in units of 10^scale (Go's Scale, e.g. -3 for milli), rounded away from zero. */
  scaledValue(goScale: number): bigint {
    // value / 10^goScale = unscaled * 10^(-scale - goScale)
    return divRoundAway(this.unscaled, this.scale + goScale);
  }

  /**
   * quantity.go RoundUp(scale): to a Go scale (-3 = milli), rounding the magnitude up.
   * Returns the rounded quantity and whether it was exact.
   */
  roundUp(goScale: number): {quantity: Quantity; exact: boolean} {
    const infScale = -goScale;
    if (this.scale <= infScale) return {quantity: this, exact: true};
    const rounded = divRoundAway(this.unscaled, this.scale - infScale);
    const q = new Quantity(rounded, infScale, this.format);
    return {quantity: q, exact: q.cmp(this) === 0};
  }

  /** The string upstream serializes (MarshalJSON): the original if it was canonical, else String(). */
  toJSON(): string {
    return this.kept ?? this.canonical();
  }

  /** quantity.go String(): the kept original or the canonical form. */
  toString(): string {
    return this.kept ?? this.canonical();
  }

  /** quantity.go CanonicalizeBytes: 1536Mi, 100m, 1e3, 0. */
  canonical(): string {
    this.canonicalMemo ??= this.computeCanonical();
    return this.canonicalMemo;
  }

  private computeCanonical(): string {
    if (this.isZero()) return '0';
    let format = this.format;
    let rounded: bigint | undefined;
    if (format === 'BinarySI') {
      if (this.cmp(Quantity.fromParts(-1024n, 0)) > 0 && this.cmp(Quantity.fromParts(1024n, 0)) < 0) {
        format = 'DecimalSI';
      } else {
        const r = this.roundUp(0);
        if (!r.exact) format = 'DecimalSI';
        else rounded = r.quantity.unscaled;
      }
    }
    if (format === 'BinarySI' && rounded !== undefined) {
      // AsCanonicalBase1024Bytes
      let amount = abs(rounded);
      let exp = 0;
      while (amount >= 1024n && amount % 1024n === 0n) {
        amount /= 1024n;
        exp++;
      }
      const sign = rounded < 0n ? '-' : '';
      return `${sign}${amount}${BIN_BY_EXP.get(exp * 10) ?? ''}`;
    }
    // AsCanonicalBytes: strip factors of ten, then lower the exponent to a multiple of three.
    let amount = abs(this.unscaled);
    let exp = -this.scale;
    while (amount >= 10n && amount % 10n === 0n) {
      amount /= 10n;
      exp++;
    }
    while (exp % 3 !== 0) {
      amount *= 10n;
      exp--;
    }
    const sign = this.unscaled < 0n ? '-' : '';
    let suffix: string;
    if (format === 'DecimalExponent') suffix = exp === 0 ? '' : `e${exp}`;
    else suffix = DEC_BY_EXP.get(exp) ?? ''; // upstream prints no suffix for exponents beyond E
    return `${sign}${amount}${suffix}`;
  }
}

/** Compares a*10^-sa with b*10^-sb exactly. */
function cmpScaled(a: bigint, sa: number, b: bigint, sb: number): -1 | 0 | 1 {
  const s = Math.max(sa, sb);
  const x = a * pow10(s - sa);
  const y = b * pow10(s - sb);
  return x === y ? 0 : x < y ? -1 : 1;
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** quantity.go parseQuantityString, step for step (including its quirks: "-", "." and "1." parse). */
function parseQuantityString(str: string): {positive: boolean; value: string; num: string; denom: string; suffix: string} {
  let positive = true;
  let pos = 0;
  const end = str.length;
  let num: string;
  let denom = '';
  if (pos < end) {
    if (str[0] === '-') {
      positive = false;
      pos++;
    } else if (str[0] === '+') {
      pos++;
    }
  }
  // strip leading zeros
  for (let i = pos; ; i++) {
    if (i >= end) return {positive, value: '0', num: '0', denom: '', suffix: ''};
    if (str[i] === '0') pos++;
    else break;
  }
  // the numerator
  for (let i = pos; ; i++) {
    if (i >= end) return {positive, value: str.slice(0, end), num: str.slice(pos, end), denom: '', suffix: ''};
    if (!isDigit(str[i])) {
      num = str.slice(pos, i);
      pos = i;
      break;
    }
  }
  if (num.length === 0) num = '0';
  // the denominator
  if (pos < end && str[pos] === '.') {
    pos++;
    for (let i = pos; ; i++) {
      if (i >= end) return {positive, value: str.slice(0, end), num, denom: str.slice(pos, end), suffix: ''};
      if (!isDigit(str[i])) {
        denom = str.slice(pos, i);
        pos = i;
        break;
      }
    }
  }
  const value = str.slice(0, pos);
  // the suffix: letters, then an optional sign, then digits
  const suffixStart = pos;
  for (let i = pos; ; i++) {
    if (i >= end) return {positive, value, num, denom, suffix: str.slice(suffixStart, end)};
    if (!'eEinumkKMGTP'.includes(str[i])) {
      pos = i;
      break;
    }
  }
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  for (let i = pos; ; i++) {
    if (i >= end) return {positive, value, num, denom, suffix: str.slice(suffixStart, end)};
    if (!isDigit(str[i])) break;
  }
  throw new QuantityError(ERR_FORMAT_WRONG);
}

/** suffix.go suffixHandler.interpret. */
function interpretSuffix(s: string): {base: 10 | 2; exponent: number; format: QuantityFormat} | undefined {
  if (Object.hasOwn(DEC_SUFFIXES, s)) return {base: 10, exponent: DEC_SUFFIXES[s], format: 'DecimalSI'};
  if (Object.hasOwn(BIN_SUFFIXES, s)) return {base: 2, exponent: BIN_SUFFIXES[s], format: 'BinarySI'};
  if (s.length > 1 && (s[0] === 'E' || s[0] === 'e')) {
    // strconv.ParseInt(s[1:], 10, 64), then int32(parsed)
    const digits = s.slice(1);
    if (!/^[+-]?\d+$/.test(digits)) return undefined;
    const parsed = BigInt(digits);
    if (parsed > MAX_INT64 || parsed < -MAX_INT64 - 1n) return undefined;
    return {base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent'};
  }
  return undefined;
}

/** gopkg.in/inf.v0 Dec.SetString, as ParseQuantity's slow path uses it: [unscaled, scale]. */
function scanDecimal(value: string): [bigint, number] {
  let digits = '';
  let dp = -1;
  let sawDigit = false;
  let i = 0;
  for (; i < value.length; i++) {
    const ch = value[i];
    if (ch === '+' || ch === '-') {
      if (digits.length > 0 || dp >= 0) break;
    } else if (ch === '.') {
      if (dp >= 0) break;
      dp = digits.length;
      continue;
    } else if (isDigit(ch)) {
      sawDigit = true;
    } else {
      break;
    }
    digits += ch;
  }
  if (!sawDigit || i !== value.length) throw new QuantityError(ERR_NUMERIC);
  const scale = dp >= 0 ? digits.length - dp : 0;
  return [BigInt(digits), scale];
}

/**
 * pkg/apis/core/v1/defaults.go SetDefaults_ResourceList: every quantity rounded up to milli scale
 * (0.0001 -> 1m), so a request and a limit that differ below a milli become equal.
 */
export function roundUpToMilli(q: Quantity): Quantity {
  return q.roundUp(-3).quantity;
}
