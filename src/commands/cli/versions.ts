import { resolve } from 'node:path';
import { VERSIONS_OPTIONS } from '../../inputs/command-options.js';
import { OPTIONS } from '../../inputs/options.js';
import { validateOptions } from '../../inputs/validate.js';
import { releaseLoader } from '../../pipeline/execute.js';
import { newEdgesSince, readWatchState } from '../../versions/new-since.js';
import { ReleaseList } from '../../versions/releases.js';
import { resolveVersions } from '../../versions/selectors.js';
import { newEdgesLine } from '../matrix.js';
import type { CliCommand } from './command.js';

export const versionsCommand: CliCommand = {
  name: 'versions',
  summary: 'print how --from and --to resolve, or with --new-since which edges are new (uses only the release list)',
  options: VERSIONS_OPTIONS,
  help: { heading: 'Options of versions only', options: VERSIONS_OPTIONS.filter((o) => !OPTIONS.includes(o)) },
  async run({ raw }, io) {
    const { 'new-since': newSince, ...runRaw } = raw;
    const config = validateOptions(runRaw);
    const list = new ReleaseList(await releaseLoader(config)());
    if (newSince) {
      io.out(newEdgesLine(newEdgesSince(list, await readWatchState(resolve(newSince)))).replace(/`/g, ''));
      return 0;
    }
    const resolved = resolveVersions(list, config);
    io.out(`from: ${resolved.from} (${config.from})\nto:   ${resolved.to} (${config.to})`);
    return 0;
  },
};
