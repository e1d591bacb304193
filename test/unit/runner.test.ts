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

  it('gives no child a variable that holds a secret', async () => {
    const token = 'ghs_envSecretToken42';
    process.env['INPUT_GITHUB-TOKEN'] = token;
    process.env.GITHUB_TOKEN = `Bearer ${token}`;
    try {
      const run = createRunner({ secrets: [token] });
      // The child looks for the token reversed in its argv, so the argv itself never holds it.
      const reversed = [...token].reverse().join('');
      const probe = 'const t = [...process.argv[1]].reverse().join(""); process.exit(Object.values(process.env).some((v) => v.includes(t)) ? 3 : 0)';
      const result = await run(script(probe).concat(reversed), { timeoutMs: 10_000, env: { KEPT: 'yes' } });
      expect(result.exitCode).toBe(0);
      const kept = await run(script('process.exit(process.env.KEPT === "yes" && process.env.PATH ? 0 : 4)'), { timeoutMs: 10_000, env: { KEPT: 'yes' } });
      expect(kept.exitCode).toBe(0);
    } finally {
      delete process.env['INPUT_GITHUB-TOKEN'];
      delete process.env.GITHUB_TOKEN;
    }
  });

  it('gives no child a GitHub or Actions runner credential, whatever its value', async () => {
    const credentials = {
      GITHUB_TOKEN: 'value-a',
      GH_TOKEN: 'value-b',
      GH_ENTERPRISE_TOKEN: 'value-c',
      'INPUT_GITHUB-TOKEN': 'value-d',
      INPUT_TOKEN: 'value-e',
      ACTIONS_RUNTIME_TOKEN: 'value-f',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'value-g',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.example/oidc',
      ACTIONS_CACHE_URL: 'https://cache.example/',
      ACTIONS_RESULTS_URL: 'https://results.example/',
      ACTIONS_RUNTIME_URL: 'https://runtime.example/',
    };
    const harmless = { GITHUB_REPOSITORY: 'o/r', ACTIONS_STEP_DEBUG: 'true', INPUT_FROM: 'latest-edge', RUNNER_TEMP: '/tmp' };
    Object.assign(process.env, credentials, harmless);
    try {
      // No secrets given: the names alone decide.
      const run = createRunner();
      const result = await run(script('console.log(JSON.stringify(Object.keys(process.env)))'), { timeoutMs: 10_000 });
      const seen: string[] = JSON.parse(result.stdout);
      expect(seen.filter((name) => name in credentials)).toEqual([]);
      expect(Object.keys(harmless).every((name) => seen.includes(name))).toBe(true);
    } finally {
      for (const name of [...Object.keys(credentials), ...Object.keys(harmless)]) delete process.env[name];
    }
  });

  it("runs Go tools with GOGC 400 and GOMAXPROCS 1 unless edge-canary's environment sets them", async () => {
    const run = createRunner();
    const settings = script('console.log(process.env.GOGC, process.env.GOMAXPROCS)');
    const saved = { GOGC: process.env.GOGC, GOMAXPROCS: process.env.GOMAXPROCS };
    try {
      delete process.env.GOGC;
      delete process.env.GOMAXPROCS;
      expect((await run(settings, { timeoutMs: 10_000 })).stdout.trim()).toBe('400 1');
      process.env.GOGC = '150';
      process.env.GOMAXPROCS = '4';
      expect((await run(settings, { timeoutMs: 10_000 })).stdout.trim()).toBe('150 4');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it('leaves no piece of a secret where a long line is cut', async () => {
    const token = 'ghp_cutSecretTokenValue0123456789';
    const run = createRunner({ secrets: [token] });
    for (const before of [1990, 1995, 1999, 2000, 2001]) {
      const line = `${'x'.repeat(before)}${token}${'y'.repeat(100)}`;
      const result = await run(script('process.stdout.write(process.argv[1] + "\\n" + process.argv[1])').concat(line), { timeoutMs: 10_000 });
      for (let i = 0; i + 6 <= token.length; i++) expect(result.outputTail, `cut near ${before}`).not.toContain(token.slice(i, i + 6));
    }
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

  it('counts activity it is given against a stall: a silent command that the cluster shows moving is not stalled', async () => {
    const run = createRunner();
    // The command prints nothing for 2 s; "the cluster" changes every 200 ms meanwhile.
    const moving = {
      onActivity(listener: () => void) {
        const timer = setInterval(listener, 200);
        return () => clearInterval(timer);
      },
    };
    const silent = script('setTimeout(() => console.log("done"), 2000)');
    expect(await run(silent, { timeoutMs: 10_000, stallMs: 700, liveness: moving })).toMatchObject({ ok: true, stdout: 'done\n' });
    const still = { onActivity: () => () => undefined };
    expect(await run(silent, { timeoutMs: 10_000, stallMs: 700, liveness: still })).toMatchObject({
      ok: false,
      outcome: 'stall',
      reason: 'stalled after 0.7s without new output or cluster activity',
    });
  });

  it('stops one command on its own signal, saying why, and streams its output meanwhile', async () => {
    const run = createRunner();
    const stop = new AbortController();
    const chunks: string[] = [];
    const result = await run(script('console.log("event 1"); setInterval(() => {}, 1000)'), {
      timeoutMs: 10_000,
      stop: stop.signal,
      onOutput: (chunk) => {
        chunks.push(chunk);
        stop.abort(new Error('the check it watched for has ended'));
      },
    });
    expect(chunks).toEqual(['event 1\n']);
    expect(result).toMatchObject({ ok: false, outcome: 'stopped', reason: 'the check it watched for has ended' });
  });
});
