// Just enough of resource.Quantity for node capacities (cpu, memory): values as numbers of base
// units (cores, bytes). Display only; exact QoS arithmetic lives with the qos analysis.
const SUFFIX: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** "16", "500m", "8161348Ki", "1.5Gi", "129e6"; undefined when it is not a quantity. */
export function parseQuantity(text: string | number | undefined | null): number | undefined {
  if (typeof text === 'number') return text;
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/.exec((text ?? '').trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * SUFFIX[m[3] ?? ''];
}

const GI = 2 ** 30;
const MI = 2 ** 20;
const KI = 2 ** 10;

/** Bytes as kubectl users read them: "2Gi", "1.5Gi", "512Mi", "100Ki". */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  const b = Math.abs(bytes);
  const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 2 : 1).replace(/\.?0+$/, ''));
  if (b >= GI) return `${sign}${fmt(b / GI)}Gi`;
  if (b >= MI) return `${sign}${fmt(b / MI)}Mi`;
  if (b >= KI) return `${sign}${fmt(b / KI)}Ki`;
  return `${sign}${b}`;
}

/** Cores as a Kubernetes cpu quantity: "2", "500m". */
export function formatCpu(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

export const TWO_GIB = 2 * GI;
