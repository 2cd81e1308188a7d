/**
 * Colours for human output, and the one decision of whether to use them: only on a terminal, and never when the
 * user said no (`--no-color`, or NO_COLOR set to anything non-empty, per no-color.org, or TERM=dumb). Piped output
 * and files stay plain, so scripts never have to strip escape codes.
 */
export interface Palette {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
}

export interface ColorDecision {
  /** `false` when `--no-color` was given. */
  option: boolean;
  isTTY: boolean | undefined;
  env: Readonly<Record<string, string | undefined>>;
}

export function colorEnabled({ option, isTTY, env }: ColorDecision): boolean {
  if (!option) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY === true;
}

const sgr = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const plain = (text: string) => text;

export function palette(enabled: boolean): Palette {
  if (!enabled) return { enabled, bold: plain, dim: plain, red: plain, green: plain, yellow: plain, cyan: plain, magenta: plain };
  return {
    enabled,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
    magenta: sgr(35, 39),
  };
}
