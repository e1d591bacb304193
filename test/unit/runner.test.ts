import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRunner, type CommandRecord } from '../../src/process/runner.js';
import { isAlive } from '../helpers/processes.js';

const node = process.execPath;
const script = (code: string) => [node, '-e', code];

describe('process runner', () => {
  it('captures stdout, stderr and the exit code', async () => {
    const run = createRunner();
    const result = await run(script('console.log("out"); console.error("err"); process.exit(3)'), { timeoutMs: 10_000 });
    expect(result).toMatchObject({ ok: false, outcome: 'exit', exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
    expect(result.outputTail.split('\n').sort()).toEqual(['err', 'out']);
    expect((await run(script('process.exit(0)'), { timeoutMs: 10_000 })).ok).toBe(true);
  });

  it('passes arguments as they are: no shell ever sees them', async () => {
    const run = createRunner();
    const tricky = '$(touch /tmp/pwned); `id` | cat > x';
    const result = await run(script('console.log(process.argv[1])').concat(tricky), { timeoutMs: 10_000 });
    expect(result.stdout.trim()).toBe(tricky);
  });

  it('kills the whole process tree when the timeout expires', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runner-'));
    const pidFile = join(dir, 'grandchild.pid');
    const run = createRunner({ killGraceMs: 500 });
    const started = Date.now();
    const result = await run(['sh', '-c', `sleep 300 & echo $! > ${pidFile}; wait`], { timeoutMs: 1000 });
    expect(result).toMatchObject({ ok: false, outcome: 'timeout', reason: 'timed out after 1s' });
    expect(Date.now() - started).toBeLessThan(10_000);
    const grandchild = Number(await readFile(pidFile, 'utf8'));
    expect(isAlive(grandchild)).toBe(false);
  });

  it('SIGKILLs a tree that ignores SIGTERM after the grace period', async () => {
    const run = createRunner({ killGraceMs: 300 });
    const result = await run(script('process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)'), {
      timeoutMs: 800,
    });
    expect(result.outcome).toBe('timeout');
    expect(result.outputTail).toBe('ready');
  });

  it('reports a stall when nothing new is printed, with the last lines', async () => {
    const run = createRunner({ killGraceMs: 200 });
    const result = await run(script('console.log("retrying: pod not ready"); setInterval(() => {}, 1000)'), {
      timeoutMs: 60_000,
      stallMs: 700,
    });
    expect(result).toMatchObject({ outcome: 'stall', reason: 'stalled after 0.7s without new output', exitCode: null });
    expect(result.outputTail).toContain('retrying: pod not ready');
    expect(result.durationMs).toBeLessThan(10_000);
  });

  it('does not call a command that keeps printing stalled', async () => {
    const run = createRunner();
    const result = await run(script('let n = 0; const t = setInterval(() => { console.log(n++); if (n === 30) { clearInterval(t); } }, 50)'), {
      timeoutMs: 30_000,
      stallMs: 1500,
    });
    expect(result).toMatchObject({ ok: true, outcome: 'exit' });
  });

  it('bounds the output tail in lines and line length', async () => {
    const run = createRunner();
    const result = await run(script('for (let i = 0; i < 5000; i++) console.log("line " + i); console.log("x".repeat(10000))'), {
      timeoutMs: 30_000,
      tailLines: 10,
    });
    const lines = result.outputTail.split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('line 4991');
    expect(lines[9]!.length).toBeLessThanOrEqual(2001);
    expect(result.stdout.split('\n')).toHaveLength(5002);
  });

  it('redacts secrets in argv, output and the record', async () => {
    const records: CommandRecord[] = [];
    const token = 'ghp_s3cretTOKENvalue';
    const run = createRunner({ secrets: [token], onCommand: (r) => records.push(r) });
    const result = await run(script('console.log("token=" + process.argv[1]); console.error(process.argv[1])').concat(token), {
      timeoutMs: 10_000,
    });
    expect(JSON.stringify(result)).not.toContain(token);
    expect(JSON.stringify(records)).not.toContain(token);
    expect(result.stdout).toBe('token=***\n');
    expect(records[0]!.argv.at(-1)).toBe('***');
  });

  it('kills running commands when the run is cancelled, and starts none after', async () => {
    const controller = new AbortController();
    const run = createRunner({ signal: controller.signal, killGraceMs: 200 });
    const pending = run(script('setInterval(() => {}, 1000)'), { timeoutMs: 60_000 });
    setTimeout(() => controller.abort(), 300);
    expect(await pending).toMatchObject({ ok: false, outcome: 'cancelled' });
    expect(await run(script('process.exit(0)'), { timeoutMs: 10_000 })).toMatchObject({
      outcome: 'cancelled',
      exitCode: null,
      reason: 'cancelled before it started',
    });
  });

  it('reports a command that cannot start', async () => {
    const run = createRunner();
    const result = await run(['/nonexistent/linkerd', 'version'], { timeoutMs: 10_000 });
    expect(result).toMatchObject({ ok: false, outcome: 'spawn-error' });
    expect(result.reason).toMatch(/ENOENT/);
  });
});
