import { describe, expect, it } from 'vitest';
import { expectSuccess, PhaseStop } from '../../src/process/expect-success.js';
import { commandResult } from '../helpers/fake-runner.js';

function stop(run: () => unknown): PhaseStop {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PhaseStop);
    return error as PhaseStop;
  }
  throw new Error('expected a PhaseStop');
}

describe('expectSuccess', () => {
  const argv = ['kubectl', 'apply', '-f', 'x.yaml'];

  it('hands back a command that exited 0', () => {
    const ok = commandResult(argv);
    expect(expectSuccess(ok, 'apply')).toBe(ok);
  });

  it('stops with the exit code, the command and the given verdict (fail by default)', () => {
    const failed = commandResult(argv, { exitCode: 1 });
    expect(stop(() => expectSuccess(failed, 'apply the workload'))).toMatchObject({
      verdict: 'fail',
      reason: 'apply the workload: exit code 1: kubectl apply -f x.yaml',
      command: failed,
    });
    expect(stop(() => expectSuccess(failed, 'apply', 'error')).verdict).toBe('error');
  });

  it('keeps the runner wording for a stall or a timeout, and a cancel as cancelled', () => {
    const stalled = commandResult(argv, { outcome: 'stall', reason: 'stalled after 60s without new output' });
    expect(stop(() => expectSuccess(stalled, 'apply')).reason).toBe('apply: stalled after 60s without new output: kubectl apply -f x.yaml');
    expect(stop(() => expectSuccess(commandResult(argv, { outcome: 'cancelled' }), 'apply'))).toMatchObject({
      verdict: 'cancelled',
      reason: 'apply: cancelled',
    });
  });

  it('names the line where the CLI said what went wrong, even when its usage follows', () => {
    const usage = Array.from({ length: 80 }, (_, i) => `  --flag-${i}`).join('\n');
    const refused = commandResult(['linkerd', 'install', '--bogus'], { exitCode: 1, stderr: `Error: unknown flag: --bogus\nUsage:\n${usage}\n` });
    expect(stop(() => expectSuccess(refused, 'render')).reason).toBe('render: exit code 1 (Error: unknown flag: --bogus): linkerd install --bogus');
    const check = commandResult(['linkerd', 'check'], { exitCode: 1, stdout: 'linkerd-config\n--------------\n× control plane Namespace exists\n' });
    expect(stop(() => expectSuccess(check, 'check')).reason).toBe('check: exit code 1 (× control plane Namespace exists): linkerd check');
    const bare = commandResult(['linkerd', 'upgrade'], {
      exitCode: 1,
      stderr: '--identity-issuer-certificate-file must not be specified if --identity-external-issuer=true\n\n',
    });
    expect(stop(() => expectSuccess(bare, 'render')).reason).toBe(
      'render: exit code 1 (--identity-issuer-certificate-file must not be specified if --identity-external-issuer=true): linkerd upgrade',
    );
    expect(stop(() => expectSuccess(commandResult(['x'], { exitCode: 2, stdout: 'done 3 of 4\n' }), 'x')).reason).toBe('x: exit code 2: x');
  });
});
