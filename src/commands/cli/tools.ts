import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '../../inputs/input-error.js';
import { DEFAULT_KIND_VERSION, DEFAULT_KUBERNETES_VERSION, DEFAULT_KWOK_VERSION } from '../../inputs/options.js';
import { ToolSet, type ToolName } from '../../tools/toolset.js';
import { fetchToolsInto } from '../tools.js';
import { EXIT, type CliCommand } from './command.js';

export const toolsCommand: CliCommand = {
  name: 'tools',
  usage: ['tools fetch <tool...> --tools-dir <dir>'],
  summary: 'put tools (linkerd-<tag>, kubectl, ...) into a tools dir, downloaded and digest-checked as the action gets them, or say which are missing',
  async run({ argv }, io) {
    const { values, positionals } = parseArgs({ args: argv, options: { 'tools-dir': { type: 'string' } }, allowPositionals: true, strict: true });
    const [sub, ...names] = positionals;
    const dir = values['tools-dir'];
    if (sub !== 'fetch' || names.length === 0 || !dir) {
      throw new InputError('command', ['tools', ...argv].join(' '), 'expected tools fetch <tool...> --tools-dir <dir>');
    }
    const downloads = new ToolSet({ kubectl: DEFAULT_KUBERNETES_VERSION, kind: DEFAULT_KIND_VERSION, kwok: DEFAULT_KWOK_VERSION });
    const result = await fetchToolsInto(resolve(dir), names as ToolName[], downloads);
    for (const line of result.lines) io.out(line);
    for (const problem of result.problems) io.err(problem);
    return result.problems.length ? EXIT.error : EXIT.pass;
  },
};
