import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CAPABILITIES } from '../../src/cluster/provider.js';
import { HOOK_PHASES } from '../../src/scenarios/model.js';
import { HANDLERS } from '../../src/scenarios/operations/index.js';

// The schema validates scenario files; the model types what the engine runs. Both must list the
// same phases, capabilities and operations, or a valid file could reach the engine unhandled.
const schema = JSON.parse(readFileSync(new URL('../../schema/scenario.schema.json', import.meta.url), 'utf8'));

describe('schema/scenario.schema.json and the TypeScript model', () => {
  it('allow the same hook phases', () => {
    expect(schema.properties.phases.items.enum).toEqual([...HOOK_PHASES]);
  });

  it('allow the same capabilities in requires', () => {
    expect(schema.properties.requires.items.enum).toEqual([...CAPABILITIES]);
  });

  it('allow the same operations, each with a handler', () => {
    expect(Object.keys(schema.definitions.operation.properties)).toEqual(Object.keys(HANDLERS));
  });
});
