/** Replaces every occurrence of each secret with `***`. Short strings are not secrets worth masking. */
export function redact(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret.length >= 4) masked = masked.split(secret).join('***');
  }
  return redactUrlCredentials(masked);
}

/** `scheme://user:password@` or `scheme://token@`: the userinfo of a URL. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@'"<>\\]+@/gi;
/** A query parameter whose name says it holds a credential (`?token=`, `&access_token=`, `X-Amz-Signature=`, `sig=`). */
const URL_SECRET_PARAM = /([?&][^\s=&#'"<>\\]*(?:token|secret|password|passwd|pwd|key|signature|sig|auth|credential)[^\s=&#'"<>\\]*=)[^\s&#'"<>\\]+/gi;

/**
 * Masks credentials written into URLs anywhere in `text`, whatever their value: the userinfo
 * (`https://user:pass@host` becomes `https://***@host`) and the values of query parameters
 * named as credentials. A chart repo or mirror given with its credentials in the URL is shown
 * in commands, errors and reports without them. A backslash ends a match too, so that masking
 * JSON text leaves it JSON.
 */
export function redactUrlCredentials(text: string): string {
  // Userinfo ends in `@` and a query parameter has `=`: text with neither (most output) has nothing to mask.
  if (!text.includes('@') && !text.includes('=')) return text;
  return text.replace(URL_USERINFO, '$1***@').replace(URL_SECRET_PARAM, '$1***');
}

/** A URL's scheme and userinfo so far, with no `@` yet: cut here, the userinfo would lose its mask. */
const OPEN_USERINFO = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/?#@'"<>\\]*$/i;
/** A credential-named query parameter's value so far. */
const OPEN_SECRET_PARAM = /[?&][^\s=&#'"<>\\]*(?:token|secret|password|passwd|pwd|key|signature|sig|auth|credential)[^\s=&#'"<>\\]*=[^\s&#'"<>\\]*$/i;

/** `cut`, or earlier so that `text.slice(0, cut)` does not end inside a URL's credentials. */
export function cutOutsideUrlCredentials(text: string, cut: number): number {
  const kept = text.slice(0, cut);
  const open = OPEN_USERINFO.exec(kept) ?? OPEN_SECRET_PARAM.exec(kept);
  return open ? open.index : cut;
}
