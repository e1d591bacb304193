/** Replaces every occurrence of each secret with `***`. Short strings are not secrets worth masking. */
export function redact(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret.length >= 4) masked = masked.split(secret).join('***');
  }
  return masked;
}
