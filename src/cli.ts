import { main } from './commands/cli/main.js';

process.exit(await main(process.argv.slice(2)));
