// The terminal renderer (ink). Loaded only when stdout is a terminal, so pipes never pay for it.
import {Writable} from 'node:stream';
import {Box, render, Text} from 'ink';
import type {Finding} from '../report/types.js';
import {COLUMN_GAP, joinLine, layoutTable, wrapProse} from './fit.js';
import {findingBlock, renderText, sectionLineTexts} from './text.js';
import {
  cellText,
  cellTone,
  drawnSections,
  INCOMPLETE_PREFIX,
  INCOMPLETE_TITLE,
  incompleteLines,
  skippedLine,
  type DrawnSection,
  type Tone,
  type View,
} from './view.js';
import {maxOf} from '../util/arrays.js';

const COLORS: Record<Tone, string | undefined> = {error: 'red', warning: 'yellow', info: 'cyan', ok: 'green', dim: undefined, bold: undefined};

function Toned({text, tone, color}: {text: string; tone?: Tone; color: boolean}) {
  if (!color || !tone) return <Text>{text}</Text>;
  return (
    <Text color={COLORS[tone]} dimColor={tone === 'dim'} bold={tone === 'bold'}>
      {text}
    </Text>
  );
}

function Table({section, color, width}: {section: Extract<DrawnSection, {type: 'table'}>; color: boolean; width?: number}) {
  // The text layout decides the columns, so the terminal and the pipe show the same table.
  const layout = layoutTable(section.columns, section.rows, width, section.fit);
  return (
    <Box flexDirection="column">
      {section.title ? <Text bold={color}>{wrapProse(section.title, width).join('\n')}</Text> : null}
      <Text bold={color}>{joinLine(layout.header, (t) => t)}</Text>
      {section.rows.length === 0 ? <Text dimColor={color}>(none)</Text> : null}
      {layout.lines.map((line, r) => (
        <Box key={r}>
          {line.cells.map((cell, i) => (
            <Box key={i} width={line.widths && i < line.cells.length - 1 ? line.widths[i] + COLUMN_GAP : undefined} flexShrink={0}>
              <Toned text={cellText(cell)} tone={cellTone(cell)} color={color} />
            </Box>
          ))}
        </Box>
      ))}
    </Box>
  );
}

function FindingView({finding, color, width}: {finding: Finding; color: boolean; width?: number}) {
  const {prose, verbatim} = findingBlock(finding, false, width);
  return (
    <Box flexDirection="column">
      {prose.map((l, j) => (
        <Toned key={j} text={l} tone={j === 0 ? finding.severity : undefined} color={color} />
      ))}
      {verbatim.map((l, j) => (
        <Text key={`v${j}`}>{l}</Text>
      ))}
    </Box>
  );
}

function SectionView({section, color, width}: {section: DrawnSection; color: boolean; width?: number}) {
  switch (section.type) {
    case 'table':
      return <Table section={section} color={color} width={width} />;
    case 'lines':
      return (
        <Box flexDirection="column">
          {section.title ? <Text bold={color}>{wrapProse(section.title, width).join('\n')}</Text> : null}
          {section.lines.flatMap((l, i) => sectionLineTexts(l, width).map((t, j) => <Toned key={`${i}.${j}`} text={t} tone={cellTone(l)} color={color} />))}
        </Box>
      );
    case 'findings':
      return (
        <Box flexDirection="column">
          <Text bold={color}>Findings</Text>
          {section.findings.map((f, i) => (
            <FindingView key={i} finding={f} color={color} width={width} />
          ))}
        </Box>
      );
    case 'skipped':
      return (
        <Box flexDirection="column">
          <Text bold={color}>Skipped (could not run)</Text>
          {section.skipped
            .flatMap((s) => wrapProse(skippedLine(s), width))
            .map((l, i) => (
              <Text key={i} color={color ? 'yellow' : undefined}>
                {l}
              </Text>
            ))}
        </Box>
      );
    case 'incomplete':
      return (
        <Box flexDirection="column">
          <Text bold={color}>{INCOMPLETE_TITLE}</Text>
          {incompleteLines(section.reads)
            .flatMap((l) => wrapProse(l, width))
            .map((l, i) => (
              <Toned key={i} text={l} tone="error" color={color} />
            ))}
        </Box>
      );
    case 'summary': {
      const {error, warning, info} = section.summary;
      return (
        <Text>
          {section.incomplete ? <Toned text={INCOMPLETE_PREFIX} tone="error" color={color} /> : null}
          {section.count !== undefined ? `${section.count} ${section.noun ?? 'objects'} checked: ` : ''}
          <Toned text={`${error} error${error === 1 ? '' : 's'}`} tone={error ? 'error' : 'ok'} color={color} />
          {', '}
          <Toned text={`${warning} warning${warning === 1 ? '' : 's'}`} tone={warning ? 'warning' : undefined} color={color} />
          {`, ${info} info`}
        </Text>
      );
    }
  }
}

export function ViewComponent({view, color, width}: {view: View; color: boolean; width?: number}) {
  return (
    <Box flexDirection="column" gap={1}>
      {[...drawnSections(view)].map((s, i) => (
        <SectionView key={i} section={s} color={color} width={width} />
      ))}
    </Box>
  );
}

/** How wide ink draws: the terminal's width (80 when unknown), or the longest laid-out line if longer. */
export function frameWidth(view: View, width?: number): number {
  return maxOf(
    width ?? 80,
    renderText(view, false, width)
      .split('\n')
      .map((l) => l.length),
  );
}

/**
 * The view as ink lays it out, as one string. Every line is already laid out for `width` (tables
 * fitted, prose wrapped: src/render/fit.ts); ink draws into an off-screen stream as wide as the
 * longest of them (a verbatim remedy line or a table that cannot narrow is wider, and the
 * terminal soft-wraps only those), so ink itself wraps nothing. Debug mode writes each frame whole,
 * with no cursor or erase codes; the last frame is the output.
 */
export async function renderTtyString(view: View, color: boolean, width?: number): Promise<string> {
  const columns = frameWidth(view, width) + 1;
  let frame = '';
  const sink = Object.assign(
    new Writable({
      write(chunk, _enc, done) {
        const text = String(chunk);
        // In CI ink also writes a bare newline at unmount: not a frame.
        if (text !== '\n') frame = text;
        done();
      },
    }),
    {columns, rows: 100_000},
  );
  const app = render(<ViewComponent view={view} color={color} width={width} />, {
    stdout: sink as unknown as NodeJS.WriteStream,
    patchConsole: false,
    exitOnCtrlC: false,
    debug: true,
  });
  // Ask for the exit promise before unmounting: asked after, it never settles.
  const exited = app.waitUntilExit();
  app.unmount();
  await exited;
  return frame.endsWith('\n') ? frame : `${frame}\n`;
}

/**
 * Written to stdout once, as plain lines: ink's live rendering would clear the whole screen and
 * its scrollback when the output is taller than the terminal, and would squeeze wide tables.
 */
export async function renderTty(view: View, color: boolean, width?: number): Promise<void> {
  process.stdout.write(await renderTtyString(view, color, width));
}
