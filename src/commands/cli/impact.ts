import { IMPACT_OPTIONS, validateImpactOptions } from '../../inputs/impact-options.js';
import { impactCommand as reviewImpact } from '../impact.js';
import { EXIT, type CliCommand } from './command.js';

export const impactCommand: CliCommand = {
  name: 'impact',
  summary: 'review what the upgrade from --from to --to adds, removes and changes, rendered without a cluster (docs/impact.md)',
  options: IMPACT_OPTIONS,
  help: { heading: 'Options of impact', options: IMPACT_OPTIONS },
  exitCodes: 'impact: 0 the review is printed (its warnings are information for a reviewer), 2 on bad input or a version that does not render.',
  async run({ raw }, io) {
    const { text } = await reviewImpact(validateImpactOptions(raw));
    io.out(text.replace(/\n$/, ''));
    return EXIT.pass;
  },
};
