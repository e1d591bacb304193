import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A tools dir of stand-ins for kubectl and the Linkerd CLIs of `tags`, for the `existing`
 * provider: kubectl answers everything with success (and a context name); each Linkerd CLI
 * renders nothing and answers `check` with `check` (a shell script body). No cluster needed.
 */
export async function fakeToolsDir(root: string, tags: readonly string[], check: string): Promise<string> {
  const dir = join(root, 'tools');
  await mkdir(dir, { recursive: true });
  const script = async (name: string, body: string) => {
    await writeFile(join(dir, name), `#!/bin/sh\n${body}\n`);
    await chmod(join(dir, name), 0o755);
  };
  await script('kubectl', 'case " $* " in *" current-context "*) echo fake-cluster;; esac\nexit 0');
  for (const tag of tags) await script(`linkerd-${tag}`, `case " $* " in *" check "*)\n${check}\n;; esac\nexit 0`);
  await writeFile(join(dir, 'gateway-api-crds.yaml'), '');
  return dir;
}

/** One workflow command the runner would act on: its name, properties and data. */
export interface WorkflowCommand {
  name: string;
  properties: string;
  data: string;
}

/**
 * The workflow commands a GitHub runner would act on in a job log: `::name props::data` lines
 * (leading whitespace ignored) and the legacy `##[name props]data` anywhere in a line, none of
 * them between `::stop-commands::<token>` and `::<token>::`.
 */
export function workflowCommands(log: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  let stopToken: string | undefined;
  for (const raw of log.split(/\r?\n/)) {
    const line = raw.trim();
    if (stopToken !== undefined) {
      if (line === `::${stopToken}::`) stopToken = undefined;
      continue;
    }
    const v2 = line.startsWith('::') ? /^::([^:]*?)::(.*)$/s.exec(line) : null;
    const v1 = v2 ? null : /##\[([^\]]*)\](.*)$/s.exec(line);
    const match = v2 ?? v1;
    if (!match) continue;
    const [name = '', ...props] = match[1]!.split(' ');
    commands.push({ name, properties: props.join(' '), data: match[2]! });
    if (name === 'stop-commands') stopToken = match[2]!;
  }
  return commands;
}
