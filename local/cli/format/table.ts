/**
 * A tiny table formatter: aligned columns under a header, plain text widths (colour is applied after padding),
 * and one flexible column that wraps when the terminal is too narrow — the reasons in `why`, the text in
 * `outbox`. Without a known width (output piped to a file) nothing is wrapped or cut, so nothing is lost.
 */
import type { Palette } from './color';

export interface Column<R> {
  header: string;
  value: (row: R) => string;
  align?: 'left' | 'right';
  /** Colours the padded cell; gets the plain value to decide (e.g. by outcome). */
  color?: (cell: string, value: string, row: R) => string;
  /** This column takes what width is left, wrapping its text (at most one column per table should). */
  flex?: boolean;
}

export interface TableOptions {
  /** Terminal width; undefined: no wrapping. */
  width?: number | undefined;
  palette: Palette;
}

const GAP = '  ';
const MIN_FLEX_WIDTH = 24;

export function renderTable<R>(rows: readonly R[], columns: readonly Column<R>[], options: TableOptions): string[] {
  const cells = rows.map((row) => columns.map((column) => oneLine(column.value(row))));
  const widths = columns.map((column, c) => Math.max(length(column.header), ...cells.map((row) => length(row[c] ?? ''))));

  const flexIndex = columns.findIndex((column) => column.flex === true);
  if (flexIndex >= 0 && options.width !== undefined) {
    const others = widths.reduce((sum, w, c) => (c === flexIndex ? sum : sum + w), 0) + GAP.length * (columns.length - 1);
    widths[flexIndex] = Math.min(widths[flexIndex] ?? 0, Math.max(MIN_FLEX_WIDTH, options.width - others));
  }

  const header = columns.map((column, c) => pad(column.header, widths[c] ?? 0, column.align, c === columns.length - 1));
  const lines = [options.palette.bold(header.join(GAP).trimEnd())];
  rows.forEach((row, r) => {
    const wrapped = columns.map((_column, c) => (c === flexIndex ? wrap(cells[r]?.[c] ?? '', widths[c] ?? 0) : [cells[r]?.[c] ?? '']));
    const height = Math.max(...wrapped.map((parts) => parts.length));
    for (let line = 0; line < height; line += 1) {
      const parts = columns.map((column, c) => {
        const text = wrapped[c]?.[line] ?? '';
        const padded = pad(text, widths[c] ?? 0, column.align, c === columns.length - 1);
        return column.color && text !== '' ? column.color(padded, cells[r]?.[c] ?? '', row) : padded;
      });
      lines.push(parts.join(GAP).trimEnd());
    }
  });
  return lines;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

function length(text: string): number {
  return [...text].length;
}

function pad(text: string, width: number, align: Column<unknown>['align'], last: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - length(text)));
  if (align === 'right') return fill + text;
  return last ? text : text + fill;
}

/** Greedy word wrap; a word longer than the width (a URL) is cut into pieces rather than overflowing. */
export function wrap(text: string, width: number): string[] {
  if (width <= 0 || length(text) <= width) return [text];
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    let rest = word;
    while (length(rest) > width) {
      if (current !== '') lines.push(current);
      current = '';
      lines.push([...rest].slice(0, width).join(''));
      rest = [...rest].slice(width).join('');
    }
    if (current === '') current = rest;
    else if (length(current) + 1 + length(rest) <= width) current += ` ${rest}`;
    else {
      lines.push(current);
      current = rest;
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}
