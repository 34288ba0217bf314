// A string grown by concatenation is a tree of its pieces (a rope, in V8 and in JavaScriptCore)
// until something reads it, and one kept unread to the end of a run stays that tree: a corrected
// manifest was about 11 KB of pieces for 1-2 KB of text, 85 MB of `qos -A -o wide`'s heap on
// 10,000 pods. Reading a character joins it in place in both engines, and the pieces are then
// garbage while still young.

/** The same text, joined: for a string kept to the end of the run (a finding's message, a manifest). */
export function flat(text: string): string {
  if (text.charCodeAt(0) < 0) throw new Error('unreachable: a character code is never negative');
  return text;
}
