// Small helpers shared by the checks, each the twin of one in kubernetes/pod-security-admission
// policy/helpers.go and policy/visitor.go, so messages come out byte for byte the same.
import {majorMinor} from './api.js';
import type {ContainerLike, PodSpecLike} from './types.js';

/** `"a", "b"`: names quoted and joined, as policy.joinQuote (no escaping, like the Go code). */
export function joinQuote(items: readonly string[]): string {
  return items.length === 0 ? '' : `"${items.join('", "')}"`;
}

export function pluralize(singular: string, plural: string, count: number): string {
  return count === 1 ? singular : plural;
}

/** Go's string order (byte-wise UTF-8), the order sets.List() and sort.Strings give. */
export function goCompare(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-8 byte order is code point order, which UTF-16 units follow as long as no surrogate is
  // involved; a surrogate anywhere in the compared part takes the exact (slower) way.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (isSurrogate(x) || isSurrogate(y)) return byUtf8(a, b);
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

const isSurrogate = (u: number) => u >= 0xd800 && u <= 0xdfff;
const byUtf8 = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

/** A set's members sorted as Go's sets.String.List() returns them. */
export function sortedSet(values: Iterable<string>): string[] {
  // Most checks pass none or one (every pod, every check): nothing to dedupe or sort.
  if (Array.isArray(values) && values.length <= 1) return values.slice();
  return [...new Set(values)].sort(goCompare);
}

/** policy.visitContainers: init containers, then containers, then ephemeral containers. */
export function visitContainers(spec: PodSpecLike, visit: (c: ContainerLike) => void): void {
  for (const c of spec.initContainers ?? []) visit(c);
  for (const c of spec.containers ?? []) visit(c);
  for (const c of spec.ephemeralContainers ?? []) visit(c);
}

/** `container "a"` / `containers "a", "b"`. */
export function containersPhrase(names: readonly string[]): string {
  return `${pluralize('container', 'containers', names.length)} ${joinQuote(names)}`;
}

/** policy.relaxPolicyForUserNamespacePod: the pod runs in a user namespace (hostUsers: false). */
export function inUserNamespace(spec: PodSpecLike): boolean {
  return spec.hostUsers === false;
}

/** spec.os.name == "windows": the pod declares it runs on Windows. */
export function isWindowsPod(spec: PodSpecLike): boolean {
  return spec.os?.name === 'windows';
}

/** Go's %q (strconv.Quote), which PSA uses for annotation values: src/k8s/go-quote.ts. */
export {goQuote} from '../go-quote.js';

/** Shorthand for the check files: the first policy version an implementation applies to. */
export const v1 = (minor: number) => majorMinor(1, minor) as ReturnType<typeof majorMinor> & {latest: false};
