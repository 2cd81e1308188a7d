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
