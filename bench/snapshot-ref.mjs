#!/usr/bin/env node
// Keeps a copy of the current build as a reference, to measure a product change before/after in
// one run: `node bench/snapshot-ref.mjs [dir]` (default /tmp/bench-ref; run `npm run build` first),
// change the product, then `BENCH_OURS_REF=<dir>/dist npm run bench -- --only=w5 --servers=ours,ours-ref,baseline`.
// The copy gets package.json (for the `#notifications` import) and a node_modules symlink.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] ?? '/tmp/bench-ref');
if (!fs.existsSync(path.join(root, 'dist/src/main.js'))) throw new Error('no build in dist/; run npm run build first');
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
fs.cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true });
fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
console.log(`reference build in ${dir}/dist; run with BENCH_OURS_REF=${dir}/dist`);
