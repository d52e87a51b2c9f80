import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

export interface RuntimeImports {
  /** Packages loaded when the module is loaded (import ... from, require()). */
  eager: Set<string>;
  /** Packages loaded only through `import()` (or its CommonJS form), when a feature asks for them. */
  lazy: Set<string>;
}

const packageOf = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
const isExternal = (specifier: string): boolean =>
  !specifier.startsWith('.') && !specifier.startsWith('node:') && !builtinModules.includes(specifier);

/**
 * The packages a built tree of .js files loads at run time, from its compiled
 * import statements, require() calls and import() expressions. (Type-only imports
 * are gone after compilation, which is the point: they need no install.)
 */
export function runtimeImports(dir: string): RuntimeImports {
  const found: RuntimeImports = { eager: new Set(), lazy: new Set() };
  for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.js'))) {
    const code = readFileSync(join(dir, file), 'utf8');
    // tsc's CommonJS form of import('x'): Promise.resolve().then(() => __importStar(require('x')))
    const lazy = [...code.matchAll(/(?:\bimport\(|\.then\(\(\) => __importStar\(require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    const eager = [
      ...[...code.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]!),
      ...[...code.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]!),
      ...[...code.matchAll(/(?<!\.then\(\(\) => __importStar\()\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!),
    ];
    for (const specifier of lazy.filter(isExternal)) found.lazy.add(packageOf(specifier));
    for (const specifier of eager.filter(isExternal)) found.eager.add(packageOf(specifier));
  }
  return found;
}
