import { run } from './commands.js';

interface LsNode {
  version?: string;
  dependencies?: Record<string, LsNode>;
}

/** `npm ls --json` of a fixture; `npm ls` exits 1 on any tree problem, which then fails the check with its output. */
async function ls(cwd: string, args: string[]): Promise<LsNode> {
  const { output } = await run('npm', ['ls', '--json', ...args], { cwd, ms: 60_000 });
  return JSON.parse(output) as LsNode;
}

/** Every version of each package found anywhere in the tree, as `npm ls <names> --all` shows them. */
export async function copiesOf(cwd: string, names: string[]): Promise<Record<string, string[]>> {
  const found: Record<string, Set<string>> = Object.fromEntries(names.map((name) => [name, new Set<string>()]));
  const walk = (node: LsNode) => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (found[name] && child.version) found[name].add(child.version);
      walk(child);
    }
  };
  walk(await ls(cwd, ['--all', ...names]));
  return Object.fromEntries(names.map((name) => [name, [...found[name]!]]));
}

/** The versions the fixture resolved for the packages the library runs with. */
export async function installedVersions(cwd: string): Promise<Record<string, string>> {
  const wanted = [
    '@nest-notify/notifications',
    '@nestjs/core',
    '@nestjs/common',
    '@nestjs/microservices',
    '@nestjs/websockets',
    '@nestjs/platform-socket.io',
    '@nestjs/platform-express',
    '@nestjs/platform-fastify',
    '@nestjs/config',
    'socket.io',
    'amqplib',
    'amqp-connection-manager',
    'jsonwebtoken',
    'rxjs',
    'typescript',
  ];
  const tree = await ls(cwd, ['--all', ...wanted]);
  const versions: Record<string, string> = {};
  const walk = (node: LsNode) => {
    for (const [name, child] of Object.entries(node.dependencies ?? {})) {
      if (wanted.includes(name) && child.version && !versions[name]) versions[name] = child.version;
      walk(child);
    }
  };
  walk(tree);
  return Object.fromEntries(wanted.filter((name) => versions[name]).map((name) => [name, versions[name]!]));
}
