import { spawn } from 'node:child_process';

/**
 * The environment for a fixture's own npm, node and jest: this process's, less what
 * `npm test` and jest put in it for the root project (ESM-mode jest flags, the root
 * package's npm lifecycle variables, jest's worker id).
 */
export function fixtureEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'NODE_OPTIONS' || key === 'INIT_CWD' || key === 'JEST_WORKER_ID') continue;
    if (/^npm_(package|lifecycle)_/.test(key) || key === 'npm_config_local_prefix') continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

export interface CommandResult {
  code: number | null;
  output: string;
}

/** The last lines of a command's output, for failure messages. */
export const tail = (output: string, lines = 80): string => output.trimEnd().split('\n').slice(-lines).join('\n');

/**
 * Runs a command to completion, bounded by `ms` (then its whole process group is
 * killed). Rejects with the command's output unless it exits 0.
 */
export function run(
  command: string,
  args: string[],
  { cwd, env = fixtureEnv(), ms }: { cwd: string; env?: NodeJS.ProcessEnv; ms: number },
): Promise<CommandResult> {
  const line = `${command} ${args.join(' ')} (in ${cwd})`;
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout also ends what it started (npm -> tsc, jest workers).
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      reject(new Error(`${line} did not finish within ${ms / 1000} s; its output:\n${tail(output)}`));
    }, ms);
    child.on('error', (error) => (clearTimeout(timer), reject(error)));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve({ code, output });
      else reject(new Error(`${line} exited with ${code}; its output:\n${tail(output)}`));
    });
  });
}
