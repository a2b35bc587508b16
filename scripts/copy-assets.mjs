// After `tsc -p tsconfig.build.json`: the files the compiled code reads next to itself (migrations, the
// console page, the example plan and directory) are copied into dist/ at the same relative places.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const assets = ['db/migrations', 'src/platforms/console/page.html', 'examples'];
for (const a of assets) {
  const to = path.join(root, 'dist', a);
  rmSync(to, { recursive: true, force: true });
  cpSync(path.join(root, a), to, { recursive: true });
}
