import { InputError } from '../inputs/input-error.js';

/** Linkerd CLI flags that are chart values already: passed to Helm as they are. */
const VALUE_FLAGS = ['--set', '--set-string', '--set-file', '--values', '-f'];

export interface HelmValues {
  /** --set/--set-string/--set-file/--values arguments for the control-plane chart. */
  args: string[];
  /** `--ha`: the chart's own values-ha.yaml, as Linkerd's Helm docs have it. */
  ha: boolean;
}

/**
 * install-args for Helm. The value flags mean the same to Helm as to `linkerd install` (`--flag
 * v` or `--flag=v`); `--ha` becomes the chart's values-ha.yaml. Any other CLI flag is a
 * shortcut for some value with no general mapping: refused, naming what to use instead.
 */
export function helmValues(installArgs: readonly string[]): HelmValues {
  const args: string[] = [];
  let ha = false;
  for (let i = 0; i < installArgs.length; i++) {
    const arg = installArgs[i]!;
    const [flag, inline] = arg.includes('=') && arg.startsWith('-') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--ha' && inline === undefined) {
      ha = true;
      continue;
    }
    if (!VALUE_FLAGS.includes(flag)) {
      throw new InputError(
        'install-args',
        arg,
        'has no Helm equivalent with install-method: helm; use --set <value>, --set-string, --set-file, --values or --ha',
      );
    }
    const value = inline ?? installArgs[++i];
    if (value === undefined) throw new InputError('install-args', arg, 'needs a value');
    args.push(flag === '-f' ? '--values' : flag, value);
  }
  return { args, ha };
}
