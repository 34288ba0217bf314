import assert from 'node:assert/strict';
import {drawnSections, rendersWithInk, withoutHeaders, type DrawnSection, type View} from '../../../src/render/view.js';
import {renderText, textChunks} from '../../../src/render/text.js';

const table = (rows: number): View => ({sections: [{type: 'table', columns: ['name'], rows: Array.from({length: rows}, (_, i) => [`p-${i}`])}]});

/** A detail block per pod: a table and a lines section each, as qos -o wide draws them. */
const block = (i: number): DrawnSection[] => [
  {type: 'table', title: `Pod p-${i}`, columns: ['container', 'class'], rows: [[`c-${i}`, 'Guaranteed']]},
  {type: 'lines', lines: [`reason: ${i}`]},
];

/** A view with `count` blocks made as they are drawn, and the number of blocks made so far. */
function lazyView(count: number): {view: View; made: () => number} {
  let made = 0;
  const sections = (i: number) => {
    made++;
    return block(i);
  };
  return {view: {sections: [table(1).sections[0], {type: 'each', count, sections}, {type: 'lines', lines: ['end']}]}, made: () => made};
}

const wholeView = (count: number): View => ({
  sections: [table(1).sections[0], ...Array.from({length: count}, (_, i) => block(i)).flat(), {type: 'lines', lines: ['end']}],
});

describe('render/view', () => {
  it('uses ink only on a terminal', () => {
    assert.equal(rendersWithInk(table(3), true), true);
    assert.equal(rendersWithInk(table(3), false), false);
  });
  it('hands large views to the text renderer, which draws them in milliseconds', () => {
    assert.equal(rendersWithInk(table(400), true), true);
    assert.equal(rendersWithInk(table(401), true), false);
  });

  it('counts every line of a verbatim cell that holds several (a manifest) for the renderer choice', () => {
    const manifest = (lines: number): View => ({
      sections: [{type: 'lines', lines: ['paste to run:', {text: Array.from({length: lines}, (_, i) => `line ${i}`).join('\n'), verbatim: true}]}],
    });
    assert.equal(rendersWithInk(manifest(399), true), true);
    assert.equal(rendersWithInk(manifest(400), true), false);
    // A prose cell is one line before it is wrapped, whatever it holds.
    assert.equal(rendersWithInk({sections: [{type: 'lines', lines: ['a\n'.repeat(500)]}]}, true), true);
  });

  it('prints a verbatim cell of several lines as they are, at any width', () => {
    const text = "kubectl apply -f - <<'EOF'\nmetadata:\n  name: a-name-longer-than-the-terminal-is-wide\nEOF";
    const view: View = {sections: [{type: 'lines', lines: [{text, verbatim: true}]}]};
    assert.equal(renderText(view, false, 20), `${text}\n`);
    assert.equal(renderText(view, true, 20), `${text}\n`);
  });

  it('draws the groups of an each section as the same text as the sections made whole, apart by blank lines', () => {
    for (const count of [1, 2, 7]) {
      const {view} = lazyView(count);
      assert.equal(renderText(view, false), renderText(wholeView(count), false));
      assert.equal(renderText(view, true, 40), renderText(wholeView(count), true, 40));
    }
  });

  it('makes each group only when it is drawn, so a large view never holds them all', () => {
    const {view, made} = lazyView(10_000);
    const chunks = textChunks(view, false, undefined, 1024);
    chunks.next();
    assert.ok(made() < 100, `${made()} groups made for the first chunk`);
    for (const _ of chunks);
    assert.equal(made(), 10_000);
  });

  it('counts a large each section for the renderer choice without making all of its groups', () => {
    const small = lazyView(100);
    assert.equal(rendersWithInk(small.view, true), true);
    const large = lazyView(10_000);
    assert.equal(rendersWithInk(large.view, true), false);
    assert.ok(large.made() < 500, `${large.made()} groups made`);
  });

  it('leaves out the header of every table, in an each section too', () => {
    const {view} = lazyView(3);
    const headers = [...drawnSections(withoutHeaders(view))].filter((s) => s.type === 'table' && !s.noHeaders);
    assert.deepEqual(headers, []);
    assert.doesNotMatch(renderText(withoutHeaders(view), false), /CONTAINER/);
    assert.match(renderText(view, false), /CONTAINER/);
  });
});
