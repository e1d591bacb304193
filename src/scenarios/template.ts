export interface Variables {
  [name: string]: string | Variables;
}

/**
 * Replaces `{{ name }}` and `{{ a.b }}` with variables. An unknown variable is an error: a
 * silent empty string would run a different command than the one written.
 */
export function template(text: string, variables: Variables): string {
  return text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, path: string) => {
    let value: string | Variables | undefined = variables;
    for (const part of path.split('.')) value = typeof value === 'object' ? value[part] : undefined;
    if (typeof value !== 'string') throw new Error(`unknown template variable {{ ${path} }}; known: ${known(variables).join(', ')}`);
    return value;
  });
}

function known(variables: Variables, prefix = ''): string[] {
  return Object.entries(variables).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : known(v, `${prefix}${k}.`)));
}
