import { run } from '../matrix.js';

await run();
