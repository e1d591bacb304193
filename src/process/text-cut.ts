/**
 * Text cut to a size: the base of every cut for a limit (output tails here, markdown in
 * report/cut.ts). GitHub counts some limits in bytes (the step summary) and some in characters
 * (issue bodies): the unit is said, and a cut never splits a character (a UTF-8 sequence or a
 * surrogate pair), so what is cut never exceeds the limit nor ends in half a character.
 */
export type SizeUnit = 'bytes' | 'chars';

export function sizeOf(text: string, unit: SizeUnit): number {
  return unit === 'bytes' ? Buffer.byteLength(text) : text.length;
}

/** The longest start of `text` within `limit`, ending on a whole character. */
export function prefixWithin(text: string, limit: number, unit: SizeUnit): string {
  if (limit <= 0) return '';
  if (sizeOf(text, unit) <= limit) return text;
  if (unit === 'chars') {
    const end = isHighSurrogate(text.charCodeAt(limit - 1)) ? limit - 1 : limit;
    return text.slice(0, end);
  }
  const bytes = Buffer.from(text);
  let end = limit;
  // Back off continuation bytes (10xxxxxx) to the start of the character the limit falls in.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.toString('utf8', 0, end);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
