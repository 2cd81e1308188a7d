/**
 * Where a command's results go: human text (tables, aligned fields, colours when allowed) or, with `--json`,
 * exactly one JSON document on stdout for scripts. Progress and errors go to stderr, so they never mix into a
 * JSON answer.
 */
import type { CliIo } from '../io';
import { palette, type Palette } from './color';
import { renderTable, type Column } from './table';

export interface OutputOptions {
  json: boolean;
  color: boolean;
}

export class Output {
  readonly json: boolean;
  readonly palette: Palette;

  constructor(
    private readonly io: Pick<CliIo, 'stdout' | 'stderr'>,
    options: OutputOptions,
  ) {
    this.json = options.json;
    this.palette = palette(options.color);
  }

  /** The command's answer for scripts (`--json`). */
  data(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  line(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  /** Progress and notes: stderr in `--json` mode so stdout stays one JSON document. */
  note(text: string): void {
    (this.json ? this.io.stderr : this.io.stdout).write(`${text}\n`);
  }

  /** Progress of slow work, for a person watching: stderr, and only when it is a terminal. */
  progress(text: string): void {
    if (this.io.stderr.isTTY) this.io.stderr.write(`${text}\n`);
  }

  table<R>(rows: readonly R[], columns: readonly Column<R>[]): void {
    const width = this.io.stdout.isTTY ? this.io.stdout.columns : undefined;
    for (const text of renderTable(rows, columns, { width, palette: this.palette })) this.line(text);
  }

  /** `label: value` lines, labels aligned; undefined values are left out. */
  fields(entries: ReadonlyArray<readonly [string, string | undefined]>): void {
    const shown = entries.filter((entry): entry is readonly [string, string] => entry[1] !== undefined);
    const width = Math.max(0, ...shown.map(([label]) => label.length));
    for (const [label, value] of shown) this.line(`${this.palette.dim(`${label}:`.padEnd(width + 1))} ${value}`);
  }
}
