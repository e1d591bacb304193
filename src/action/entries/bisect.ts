import { run } from '../bisect.js';

await run();
