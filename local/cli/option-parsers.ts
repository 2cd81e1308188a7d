/** commander option parsers shared by the commands. A value they refuse is a usage error (exit 2). */
import { InvalidArgumentError } from 'commander';

/** Collects a repeatable option (`--message en=… --message sk=…`) into a list. */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** Whole numbers in [min, max] (`--cadence`, `--if-match`, `--limit`). */
export function wholeNumber(min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
      throw new InvalidArgumentError(`Must be a whole number from ${min} to ${max}.`);
    }
    return Number(value);
  };
}

/** An http(s) base URL (`--endpoint`). */
export function httpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('Must be a URL such as http://127.0.0.1:3000.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidArgumentError('Must be an http or https URL.');
  return value;
}

/** A span such as `3d`, `12h`, `90m` (`--for`), in milliseconds. */
export function span(value: string): number {
  const match = /^(\d+)\s*([dhm])$/.exec(value.trim());
  if (!match || Number(match[1]) === 0) throw new InvalidArgumentError('Must be a span such as 3d, 12h or 90m.');
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[match[2] as 'd' | 'h' | 'm'];
  return Number(match[1]) * unit;
}

/** `--weight 2=10`: a version and its percentage. */
export function versionWeight(value: string, previous: Array<{ version: number; weight: number }> | undefined): Array<{ version: number; weight: number }> {
  const match = /^(\d+)=(\d+)$/.exec(value.trim());
  if (!match || Number(match[1]) < 1 || Number(match[2]) > 100) throw new InvalidArgumentError('Must be <version>=<percent>, e.g. 2=10.');
  return [...(previous ?? []), { version: Number(match[1]), weight: Number(match[2]) }];
}
