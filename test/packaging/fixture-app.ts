import { spawn, type ChildProcess } from 'node:child_process';
import { fixtureEnv, tail } from './commands.js';

/** A built fixture app running as its own process, as its users would run it. */
export class FixtureApp {
  private output = '';
  private readonly exited: Promise<number | NodeJS.Signals | null>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout!.on('data', (chunk) => (this.output += chunk));
    child.stderr!.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  }

  /** `node <main>` in `cwd` with `env` on top of the fixture environment. */
  static start(name: string, cwd: string, main: string, env: Record<string, string>, nodeArgs: string[] = []): FixtureApp {
    const child = spawn(process.execPath, [...nodeArgs, main], { cwd, env: fixtureEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    return new FixtureApp(name, child);
  }

  /** What the app printed so far (its last lines), for failure messages. */
  logs(lines = 80): string {
    return `--- ${this.name} output ---\n${tail(this.output, lines)}\n--- end of ${this.name} output ---`;
  }

  /** Resolves with the first match of `pattern` in the app's output; rejects if the app exits or `ms` passes first. */
  waitFor(pattern: RegExp, ms: number): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.child.stdout!.off('data', check);
        this.child.stderr!.off('data', check);
        this.child.off('exit', onExit);
        settle();
      };
      const check = () => {
        const match = this.output.match(pattern);
        if (match) finish(() => resolve(match));
      };
      const onExit = (code: number | null) => finish(() => reject(new Error(`${this.name} exited (${code}) before printing ${pattern}\n${this.logs()}`)));
      const timer = setTimeout(() => finish(() => reject(new Error(`${this.name} did not print ${pattern} within ${ms} ms\n${this.logs()}`))), ms);
      this.child.stdout!.on('data', check);
      this.child.stderr!.on('data', check);
      this.child.once('exit', onExit);
      check();
    });
  }

  /**
   * SIGTERM, as a process manager stops it; resolves with the exit code, or the signal
   * that ended it (Nest's shutdown hooks re-raise SIGTERM once closed; SIGKILL after `ms`).
   */
  async stop(ms = 10_000): Promise<number | NodeJS.Signals | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), ms);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
