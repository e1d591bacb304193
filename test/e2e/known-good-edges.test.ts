import { knownGoodGroup } from '../helpers/known-good-run.js';

knownGoodGroup('edges');
