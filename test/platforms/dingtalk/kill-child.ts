/**
 * The bot as `npm start` runs it, DingTalk HTTP mode on the test's PostgreSQL database, for kill.test.ts, which
 * SIGKILLs it while answers are on their way. Run with `node --import tsx`; tells the parent its port.
 */
import type { AddressInfo } from 'node:net';
import { startServer } from '../../../src/server.js';

const app = await startServer({
  DATABASE_URL: process.env.CHILD_DB_URL, PORT: '0', LOG_LEVEL: 'silent', LOG_FORMAT: 'json', PLANBOT_CONSOLE: 'off',
  DINGTALK_MODE: 'http', DINGTALK_APP_KEY: 'ak', DINGTALK_APP_SECRET: process.env.CHILD_APP_SECRET,
  DINGTALK_OAPI_BASE: process.env.FAKE_URL,
});
process.send?.({ port: (app.server.address() as AddressInfo).port });
