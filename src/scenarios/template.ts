export interface Variables {
  [name: string]: string | readonly string[] | Variables;
}

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;

function lookup(path: string, variables: Variables): string | readonly string[] | Variables | undefined {
  let value: string | readonly string[] | Variables | undefined = variables;
  for (const part of path.split('.')) value = typeof value === 'object' && !Array.isArray(value) ? (value as Variables)[part] : undefined;
  return value;
}

/**
 * Replaces `{{ name }}` and `{{ a.b }}` with variables. An unknown variable is an error: a
 * silent empty string would run a different command than the one written.
 */
export function template(text: string, variables: Variables): string {
  return text.replace(PLACEHOLDER, (_, path: string) => {
    const value = lookup(path, variables);
    if (Array.isArray(value)) throw new Error(`{{ ${path} }} is a list: use it as a whole argv element`);
    if (typeof value !== 'string') throw new Error(`unknown template variable {{ ${path} }}; known: ${known(variables).join(', ')}`);
    return value;
  });
}

/** Templates each argument; an argument that is only a list variable (`{{ installArgs }}`) becomes its items. */
export function templateArgv(argv: readonly string[], variables: Variables): string[] {
  return argv.flatMap((arg) => {
    const whole = /^\{\{\s*([\w.-]+)\s*\}\}$/.exec(arg);
    const value = whole ? lookup(whole[1]!, variables) : undefined;
    return Array.isArray(value) ? [...(value as readonly string[])] : [template(arg, variables)];
  });
}

function known(variables: Variables, prefix = ''): string[] {
  return Object.entries(variables).flatMap(([k, v]) =>
    typeof v === 'string' || Array.isArray(v) ? [`${prefix}${k}`] : known(v as Variables, `${prefix}${k}.`),
  );
}
