import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the pages live. Next to the running code first: dist/src/public after
 * `npm run build` (postbuild copies them), src/public when jest runs the .ts.
 * Falls back to <cwd>/src/public when only `tsc` ran without the copy step.
 */
export function resolvePublicDir(): string {
  const besideCode = fileURLToPath(new URL('../public/', import.meta.url));
  const candidates = [besideCode, join(process.cwd(), 'src', 'public')];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) throw new Error(`Demo pages not found; looked in ${candidates.join(', ')}`);
  return found;
}

/**
 * The library's client entry (`@nest-notify/notifications/client`) as compiled by `npm run
 * build`: plain ES modules with no imports of packages, so the pages load it as is. Beside
 * the running code in dist/, or in <cwd>/dist when jest runs the .ts (`npm test` builds first).
 */
export function resolveClientDir(): string {
  const besideCode = fileURLToPath(new URL('../../libs/notifications/src/client/', import.meta.url));
  const candidates = [besideCode, join(process.cwd(), 'dist', 'libs', 'notifications', 'src', 'client')];
  const found = candidates.find((dir) => existsSync(join(dir, 'inbox-resume.js')));
  if (!found) throw new Error(`The library's client build was not found (run npm run build); looked in ${candidates.join(', ')}`);
  return found;
}

/** Serves `/` (user demo) and `/admin` (dashboard) as plain static files, and the library's client under `/js/client/`. */
export function serveStaticPages(app: NestExpressApplication, dir = resolvePublicDir(), clientDir = resolveClientDir()): void {
  // `extensions` maps /admin to admin.html without a route of its own.
  app.useStaticAssets(dir, { index: 'index.html', extensions: ['html'] });
  app.useStaticAssets(clientDir, { prefix: '/js/client/' });
}
