import { InputError } from './input-error.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** The longest delay a Node timer holds (about 24.8 days); a longer one would fire at once. */
export const MAX_DURATION_MS = 2 ** 31 - 1;

/** `90s`, `5m`, `1h30m`, or bare seconds; zero, negative, unknown units and more than a timer holds are rejected. */
export function duration(name: string, v: string): number {
  const t = v.trim();
  const accepted = 'expected a positive duration like 90s, 5m, 1h30m or a number of seconds';
  let total = 0;
  if (/^\d+$/.test(t)) total = Number(t) * 1000;
  else if (/^(\d+(ms|s|m|h))+$/.test(t)) for (const [, n, unit] of t.matchAll(/(\d+)(ms|s|m|h)/g)) total += Number(n) * UNIT_MS[unit!]!;
  else throw new InputError(name, v, accepted);
  if (total <= 0) throw new InputError(name, v, accepted);
  if (total > MAX_DURATION_MS) throw new InputError(name, v, 'is longer than a timer can hold; at most 596h (about 24.8 days)');
  return total;
}
