import { run } from '../impact.js';

await run();
