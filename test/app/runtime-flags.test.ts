import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../bench/production.js';

const root = new URL('../../', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, root), 'utf8');

describe('the server runs with the same Node flags however it is started', () => {
  const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
  // As the benchmark reads them from the start script (it throws when the script is not "node [flags] dist/src/server.js").
  const flags = SERVER_NODE_FLAGS;

  it('npm start gives a larger young generation (fewer garbage collections under load)', () => {
    expect(flags).toContain('--max-semi-space-size=32');
  });

  it('the Docker image runs node with exactly those flags', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'))?.[1];
    expect(cmd && JSON.parse(cmd)).toEqual(['node', ...flags, 'dist/src/server.js']);
  });

  it('the benchmark runs with them too, so its figures stand for the server', () => {
    expect(start.bench).toBe(`node ${flags.join(' ')} --import tsx bench/run.ts`);
  });

  it('the README tells admins who run node themselves to pass them', () => {
    expect(read('README.md')).toContain(`node ${flags.join(' ')} dist/src/server.js`);
  });
});
