import { parse } from 'yaml';
import type { Kubectl } from '../cluster/kubectl.js';
import { expectSuccess, PhaseStop } from '../process/expect-success.js';
import { valueLeaves, type InstallProfile } from './model.js';

/** The profile's values that the stored values do not hold, as `path=wanted (found ...)`. */
export function missingValues(wanted: Record<string, unknown>, stored: Record<string, unknown>): string[] {
  const storedLeaves = new Map(valueLeaves(stored).map(([path, value]) => [path, value]));
  return valueLeaves(wanted).flatMap(([path, value]) => {
    const found = storedLeaves.get(path);
    return String(found) === String(value) ? [] : [`${path}=${String(value)} (found ${found === undefined ? 'nothing' : String(found)})`];
  });
}

/**
 * The values a Linkerd install keeps in the linkerd-config ConfigMap must hold the profile's
 * after the install and after every upgrade: an upgrade that drops one has silently changed the
 * user's configuration.
 */
export async function verifyProfileValues(kubectl: Kubectl, profile: InstallProfile, tag: string, verdict: 'fail' | 'error'): Promise<void> {
  if (valueLeaves(profile.values).length === 0) return;
  const result = expectSuccess(
    await kubectl(['get', 'configmap', 'linkerd-config', '-n', 'linkerd', '-o', 'jsonpath={.data.values}']),
    'read the stored values (linkerd-config)',
    verdict,
  );
  const missing = missingValues(profile.values, (parse(result.stdout) ?? {}) as Record<string, unknown>);
  if (missing.length) {
    throw new PhaseStop(verdict, `after ${tag} the stored values lack what profile ${profile.name} set: ${missing.join(', ')}`, result);
  }
}
