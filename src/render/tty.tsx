// The terminal renderer (ink). Loaded only when stdout is a terminal, so pipes never pay for it.
import {Writable} from 'node:stream';
import React from 'react';
import {Box, render, Text} from 'ink';
import type {Finding} from '../report/types.js';
import {findingBlock, renderTable} from './text.js';
import {cellText, cellTone, INCOMPLETE_PREFIX, INCOMPLETE_TITLE, incompleteLines, isVerbatim, type Section, type Tone, type View} from './view.js';

const COLORS: Record<Tone, string | undefined> = {error: 'red', warning: 'yellow', info: 'cyan', ok: 'green', dim: undefined, bold: undefined};

function Toned({text, tone, color}: {text: string; tone?: Tone; color: boolean}) {
  if (!color || !tone) return <Text>{text}</Text>;
  return (
    <Text color={COLORS[tone]} dimColor={tone === 'dim'} bold={tone === 'bold'}>
      {text}
    </Text>
  );
}

function Table({section, color}: {section: Extract<Section, {type: 'table'}>; color: boolean}) {
  // Widths come from the text layout so the terminal and the pipe show the same columns.
  const lines = renderTable(section.columns, section.rows, false);
  const widths = section.columns.map((c, i) => Math.max(c.length, ...section.rows.map((r) => cellText(r[i] ?? '').length)));
  return (
    <Box flexDirection="column">
      {section.title ? <Text bold={color}>{section.title}</Text> : null}
      <Text bold={color}>{lines[0]}</Text>
      {section.rows.length === 0 ? <Text dimColor={color}>(none)</Text> : null}
      {section.rows.map((row, r) => (
        <Box key={r}>
          {row.map((cell, i) => (
            <Box key={i} width={i === row.length - 1 ? undefined : widths[i] + 3} flexShrink={0}>
              <Toned text={cellText(cell)} tone={cellTone(cell)} color={color} />
            </Box>
          ))}
        </Box>
      ))}
    </Box>
  );
}

function FindingView({finding, color}: {finding: Finding; color: boolean}) {
  const {prose, verbatim} = findingBlock(finding, false);
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

function SectionView({section, color}: {section: Section; color: boolean}) {
  switch (section.type) {
    case 'table':
      return <Table section={section} color={color} />;
    case 'lines':
      return (
        <Box flexDirection="column">
          {section.title ? <Text bold={color}>{section.title}</Text> : null}
          {section.lines.map((l, i) => (
            <Toned key={i} text={cellText(l)} tone={cellTone(l)} color={color} />
          ))}
        </Box>
      );
    case 'findings':
      return (
        <Box flexDirection="column">
          <Text bold={color}>Findings</Text>
          {section.findings.map((f, i) => (
            <FindingView key={i} finding={f} color={color} />
          ))}
        </Box>
      );
    case 'skipped':
      return (
        <Box flexDirection="column">
          <Text bold={color}>Skipped (could not run)</Text>
          {section.skipped.map((s, i) => (
            <Text key={i} color={color ? 'yellow' : undefined}>
              SKIPPED {s.check}: {s.reason}
            </Text>
          ))}
        </Box>
      );
    case 'incomplete':
      return (
        <Box flexDirection="column">
          <Text bold={color}>{INCOMPLETE_TITLE}</Text>
          {incompleteLines(section.reads).map((l, i) => (
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

export function ViewComponent({view, color}: {view: View; color: boolean}) {
  return (
    <Box flexDirection="column" gap={1}>
      {view.sections.map((s, i) => (
        <SectionView key={i} section={s} color={color} />
      ))}
    </Box>
  );
}

/** Every verbatim line of the view: remedy actions of findings, verbatim cells of line sections. */
function verbatimLines(view: View): string[] {
  return view.sections.flatMap((s) => {
    if (s.type === 'findings') return s.findings.flatMap((f) => findingBlock(f, false).verbatim);
    if (s.type === 'lines') return s.lines.filter(isVerbatim).map(cellText);
    return [];
  });
}

/**
 * The view as ink lays it out, as one string. ink draws into an off-screen stream as wide as the
 * terminal or the widest table (so a wider table keeps its columns and one header line, like the
 * piped text, and the terminal wraps its rows as it does kubectl's), in debug mode (each frame
 * written whole, no cursor or erase codes); the last frame is the output.
 */
export async function renderTtyString(view: View, color: boolean): Promise<string> {
  // ink lays out a grid as wide as the stream, and each column costs: the terminal's width, or the
  // widest table if wider (a table is never squeezed); longer prose wraps at the terminal's width.
  const tables = view.sections.flatMap((s) => (s.type === 'table' ? renderTable(s.columns, s.rows, false) : []));
  // Lines a user copies (commands, patches, manifests) are never wrapped by ink: the grid is at
  // least as wide as the longest, and the terminal soft-wraps them (docs/remedies.md).
  const columns = Math.max(process.stdout.columns || 80, ...tables.map((l) => l.length), ...verbatimLines(view).map((l) => l.length)) + 1;
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
  const app = render(<ViewComponent view={view} color={color} />, {stdout: sink as unknown as NodeJS.WriteStream, patchConsole: false, exitOnCtrlC: false, debug: true});
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
export async function renderTty(view: View, color: boolean): Promise<void> {
  process.stdout.write(await renderTtyString(view, color));
}
