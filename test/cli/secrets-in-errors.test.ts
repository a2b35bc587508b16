import { describe, expect, it } from 'vitest';
import { redact } from '../../src/cli/context.js';
import { planbot } from '../helpers/cli.js';
import { onServer } from '../helpers/db.js';

describe('database addresses in messages never show a password', () => {
  it('masks the password in the user part and in the query (postgres.js takes ?password= too)', () => {
    expect(redact('postgres://u:p%23w@db:5432/x')).toBe('postgres://u:***@db:5432/x');
    expect(redact('postgres://u@db:5432/x?sslmode=require&password=SECRET&application_name=a'))
      .toBe('postgres://u@db:5432/x?sslmode=require&password=***&application_name=a');
    expect(redact('postgres://u@db/x?PASSWORD=SECRET')).toBe('postgres://u@db/x?PASSWORD=***');
  });

  it.skipIf(!onServer)('a refused login on the command line names the database without its ?password=', async () => {
    const server = new URL(process.env.TEST_DATABASE_URL!);
    const r = await planbot(['plans', '--db', `postgres://no_such_role_planbot@${server.host}/postgres?password=SECRETQ888`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('password=***');
    expect(r.stderr).not.toContain('SECRETQ888');
  });
});
