import { randomUUID } from 'node:crypto';

/**
 * Stops a GitHub runner acting on workflow commands (`::set-output`, `::add-mask::`,
 * `::stop-commands::`, legacy `##[...]`, leading whitespace or not) in every line written after
 * it: what follows is data written by someone else (phase reasons, output of CLIs, text read from
 * a cluster or a report). The returned function resumes them with a token nothing else has seen,
 * so no line of that data can resume them either.
 */
export function stopWorkflowCommands(writeLine: (line: string) => void): () => void {
  const token = randomUUID();
  writeLine(`::stop-commands::${token}`);
  let resumed = false;
  return () => {
    if (resumed) return;
    resumed = true;
    writeLine(`::${token}::`);
  };
}
