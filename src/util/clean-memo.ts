// What a check found nothing wrong with, remembered by identity. The protobuf decoder hands the pods
// of a list one shared, frozen object for each distinct toleration, projected volume, security
// context, ... (src/source/protobuf/decode.ts): the pods of a workload carry the same ones, so a
// check of such an object answers the same for every pod that carries it. Only frozen objects are
// remembered (they cannot change after the check); a check may use this only when its answer
// depends on nothing but the object and the minor (field paths in its messages aside: a clean
// answer has no messages).

export class CleanMemo {
  private readonly clean = new WeakMap<object, number>();

  /** Whether `o` was found clean at `minor` (a check that no minor changes leaves it out). */
  has(o: unknown, minor = 0): boolean {
    return typeof o === 'object' && o !== null && this.clean.get(o) === minor;
  }

  /** Remembers that `o` is clean at `minor` (a shared, frozen object only). */
  note(o: unknown, minor = 0): void {
    if (typeof o === 'object' && o !== null && Object.isFrozen(o)) this.clean.set(o, minor);
  }
}
