import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/index.js';

describe('loadConfig', () => {
  it('gives the documented defaults on an empty environment', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.HOST).toBe('127.0.0.1');
    expect(c.DATABASE_URL).toBe('pglite');
    expect(c.PLANBOT_TIMEZONE).toBe('Asia/Shanghai');
    expect(c.WECOM_MODE).toBe('off');
    expect(c.DINGTALK_MODE).toBe('off');
    expect(c.WECOM_API_BASE).toBe('https://qyapi.weixin.qq.com');
    expect(c.DINGTALK_OAPI_BASE).toBe('https://oapi.dingtalk.com');
    expect(c.DINGTALK_API_BASE).toBe('https://api.dingtalk.com');
    expect([c.PLANBOT_KICKOFF_TIME, c.PLANBOT_NUDGE_TIME, c.PLANBOT_OVERDUE_TIME, c.PLANBOT_DIGEST_TIME]).toEqual(['09:00', '09:00', '09:00', '09:00']);
    expect([c.PLANBOT_NUDGE_WORKDAYS, c.PLANBOT_DIGEST_WEEKDAY]).toEqual([5, 1]);
  });

  it('parses admins as platform:userid entries', () => {
    expect(loadConfig({ PLANBOT_ADMINS: 'wecom:zhangsan, dingtalk:manager123' }).PLANBOT_ADMINS)
      .toEqual(['wecom:zhangsan', 'dingtalk:manager123']);
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://x' }],
    // A # in the password cuts the address (it must be %23); a relative folder would follow the working folder.
    ['DATABASE_URL', { DATABASE_URL: 'postgres://postgres:p#1@127.0.0.1:5432/db' }],
    ['DATABASE_URL', { DATABASE_URL: 'pglite://tmp/db' }],
    ['PLANBOT_TIMEZONE', { PLANBOT_TIMEZONE: 'Mars/Olympus' }],
    ['WECOM_MODE', { WECOM_MODE: 'yes' }],
    ['PLANBOT_ADMINS', { PLANBOT_ADMINS: 'zhangsan' }],
    ['PLANBOT_KICKOFF_TIME', { PLANBOT_KICKOFF_TIME: '25:00' }],
    ['PLANBOT_NUDGE_WORKDAYS', { PLANBOT_NUDGE_WORKDAYS: '0' }],
    ['PLANBOT_DIGEST_WEEKDAY', { PLANBOT_DIGEST_WEEKDAY: '8' }],
    ['WECOM_ENCODING_AES_KEY', { WECOM_MODE: 'callback', WECOM_TOKEN: 't', WECOM_ENCODING_AES_KEY: 'short' }],
  ])('a bad %s stops start-up with a Chinese message naming it', (variable, env) => {
    let error: unknown;
    try { loadConfig(env); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`环境变量 ${variable}`);
    expect((error as Error).message).toMatch(/配置有误/);
  });

  it('says how to write a password with # or @ in DATABASE_URL, without showing it', () => {
    let msg = '';
    try { loadConfig({ DATABASE_URL: 'postgres://postgres:p#1@127.0.0.1:5432/db' }); } catch (e) { msg = (e as Error).message; }
    expect(msg).toContain('%23');
    expect(msg).not.toContain('p#1');
    expect(loadConfig({ DATABASE_URL: 'postgres://postgres:p%231@127.0.0.1:5432/db' }).DATABASE_URL).toContain('%23');
    expect(loadConfig({ DATABASE_URL: 'pglite:///var/lib/planbot' }).DATABASE_URL).toBe('pglite:///var/lib/planbot');
    expect(loadConfig({ DATABASE_URL: 'postgres:///planbot?host=/var/run/postgresql' }).DATABASE_URL).toContain('host=');
  });

  it('requires the credentials of an enabled platform mode', () => {
    expect(() => loadConfig({ DINGTALK_MODE: 'http' })).toThrow(/DINGTALK_APP_KEY[\s\S]*DINGTALK_APP_SECRET/);
    expect(() => loadConfig({ WECOM_MODE: 'callback' })).toThrow(/WECOM_TOKEN/);
  });

  it('never echoes a secret value in its message', () => {
    const secret = 'SECxyz_this_is_secret';
    let msg = '';
    try { loadConfig({ WECOM_MODE: 'callback', WECOM_TOKEN: 'tok', WECOM_ENCODING_AES_KEY: secret }); }
    catch (e) { msg = (e as Error).message; }
    expect(msg).toContain('WECOM_ENCODING_AES_KEY');
    expect(msg).not.toContain(secret);
  });
});
