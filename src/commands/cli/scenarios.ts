import { InputError } from '../../inputs/input-error.js';
import { builtInNames, checkScenarios, loadScenarios } from '../../scenarios/load.js';
import { EXIT, type CliCommand } from './command.js';

export const scenariosCommand: CliCommand = {
  name: 'scenarios',
  usage: ['scenarios list', 'scenarios validate <files...>'],
  summary: 'list the built-in scenarios, or check scenario files (files, directories or globs) without running them',
  async run({ argv: [sub, ...entries] }, io) {
    if (sub === 'list') {
      const names = await builtInNames();
      if (names.length === 0) io.out('no built-in scenarios in this release');
      for (const s of await loadScenarios(names))
        io.out(`${s.name.padEnd(24)} ${s.phases.join(', ').padEnd(30)} ${s.optional ? '(optional: runs only when named) ' : ''}${s.description}`);
      return EXIT.pass;
    }
    if (sub !== 'validate' || entries.length === 0) {
      throw new InputError(
        'command',
        ['scenarios', sub ?? ''].join(' ').trim(),
        'expected scenarios list, or scenarios validate <files, directories or globs>',
      );
    }
    const { scenarios, problems } = await checkScenarios(entries);
    for (const s of scenarios.filter((x) => !problems.some((p) => p.value === x.file))) io.out(`ok ${s.file} (${s.name})`);
    for (const problem of problems) io.err(problem.message);
    return problems.length ? EXIT.error : EXIT.pass;
  },
};
