import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { InputError } from '../inputs/input-error.js';
import { readInputFile } from '../inputs/read-file.js';
import { checkStepFiles, PACKAGE_ROOT, parseValidatedYaml, SCENARIO_SCHEMA, stepsBeyondSchema } from '../scenarios/load.js';
import { BUILT_IN_PROFILES } from './built-in.js';
import { combineProfiles, type InstallProfile } from './model.js';

export const PROFILE_SCHEMA = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'schema', 'profile.schema.json'), 'utf8')) as Record<string, unknown>;
// Preparation steps are scenario steps: the profile schema refers to the scenario schema's.
const validate = new Ajv({ allErrors: true, verbose: true }).addSchema(SCENARIO_SCHEMA).compile<ProfileFile>(PROFILE_SCHEMA);

type ProfileFile = Pick<InstallProfile, 'name' | 'description' | 'version'> & Partial<Omit<InstallProfile, 'name' | 'description' | 'version' | 'file'>>;

/** Parses and validates one profile file's text. */
export function parseProfile(file: string, text: string): InstallProfile {
  // Its preparation steps are checked as a scenario's are, against the profile's own folder.
  const data = parseValidatedYaml('profile', file, text, validate, (profile, failAt) => {
    const trouble = stepsBeyondSchema(profile.prepare ?? [], dirname(file), ['prepare']);
    if (trouble) failAt(trouble.path, trouble.key, trouble.what);
    return profile;
  });
  if (BUILT_IN_PROFILES.some((p) => p.name === data.name)) {
    throw new InputError('profile', file, `name: "${data.name}" is a built-in profile; give yours another name`);
  }
  return { cliFlags: [], chartValuesFiles: [], values: {}, requires: [], ...data, file };
}

async function loadProfile(entry: string, cwd: string): Promise<InstallProfile> {
  const builtIn = BUILT_IN_PROFILES.find((p) => p.name === entry);
  if (builtIn) return builtIn;
  if (/^[a-z0-9-]+$/.test(entry)) {
    throw new InputError(
      'profile',
      entry,
      `no built-in profile of that name (available: ${BUILT_IN_PROFILES.map((p) => p.name).join(', ')}); give a .yaml file for your own`,
    );
  }
  const file = resolve(cwd, entry);
  const profile = parseProfile(file, await readInputFile(file, { input: 'profile', given: entry }));
  await checkStepFiles('profile', file, profile.prepare ?? []);
  return profile;
}

/**
 * The `profile` input: built-in names and profile files, combined in the order given into the
 * one profile the run installs with. `default` adds nothing, so it is dropped from a combination.
 */
export async function loadProfiles(entries: readonly string[], cwd = process.cwd()): Promise<InstallProfile> {
  const profiles = await Promise.all((entries.length ? entries : ['default']).map((e) => loadProfile(e, cwd)));
  const names = profiles.map((p) => p.name);
  const repeated = names.find((n, i) => names.indexOf(n) !== i);
  if (repeated) throw new InputError('profile', repeated, 'is given twice');
  const chosen = profiles.length > 1 ? profiles.filter((p) => p.name !== 'default') : profiles;
  return combineProfiles(chosen);
}
