// The product's build for the benchmark: rebuilt when dist/ is missing or older than a .ts source.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function newestTs(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.ts')) t = Math.max(t, fs.statSync(path.join(e.parentPath ?? e.path, e.name)).mtimeMs);
  }
  return t;
}

/** Runs `npm run build` unless dist/src/main.js is newer than every .ts file in src/ and libs/. */
export function ensureBuild(tag = 'bench') {
  const main = path.join(root, 'dist/src/main.js');
  if (fs.existsSync(main) && fs.statSync(main).mtimeMs >= Math.max(newestTs(path.join(root, 'src')), newestTs(path.join(root, 'libs')))) return;
  console.log(`${tag}: dist/ is missing or older than the sources; running npm run build`);
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build failed');
}
