import { describe, expect, it } from 'vitest';
import { dingtalkSign, SIGNATURE_WINDOW_MS, verifyDingtalkSignature } from '../../../src/platforms/dingtalk/verify-signature.js';
import { DINGTALK_TEST } from '../../fakes/sign-requests.js';

const T = 1_700_000_000_000;
const SIGN = '6eme9OZpsZ0xT14aKlxRPyaQRga1PwA6MpSWONOX6mQ=';
const check = (o: { timestamp?: string; sign?: string; now?: number; appSecret?: string }) =>
  verifyDingtalkSignature({
    timestamp: 'timestamp' in o ? o.timestamp : String(T),
    sign: 'sign' in o ? o.sign : SIGN,
    appSecret: o.appSecret ?? DINGTALK_TEST.appSecret,
    now: new Date(o.now ?? T),
  });

describe('DingTalk signatures against the platforms.md §6.2 vectors', () => {
  it('callback sign for testAppSecret at 1700000000000', () => {
    expect(dingtalkSign(String(T), DINGTALK_TEST.appSecret)).toBe(SIGN);
    expect(check({})).toEqual({ ok: true });
  });

  it('custom robot sign for SECtestsecret, URL-encoded as in the vector', () => {
    const sign = dingtalkSign(String(T), DINGTALK_TEST.robotSecret);
    expect(sign).toBe('7LVwF0dAF3/+MRRulbpE4y72Ogzykc6bS2nG4I99T4s=');
    expect(new URLSearchParams({ sign }).toString()).toBe('sign=7LVwF0dAF3%2F%2BMRRulbpE4y72Ogzykc6bS2nG4I99T4s%3D');
  });

  it('accepts a timestamp exactly one hour old or ahead', () => {
    expect(check({ now: T + SIGNATURE_WINDOW_MS })).toEqual({ ok: true });
    expect(check({ now: T - SIGNATURE_WINDOW_MS })).toEqual({ ok: true });
  });
});

describe('DingTalk callback verification rejects (one test per rule)', () => {
  it('a timestamp more than one hour old', () => {
    expect(check({ now: T + SIGNATURE_WINDOW_MS + 1 })).toEqual({ ok: false, code: 'STALE_TIMESTAMP' });
  });
  it('a timestamp more than one hour in the future', () => {
    expect(check({ now: T - SIGNATURE_WINDOW_MS - 1 })).toEqual({ ok: false, code: 'STALE_TIMESTAMP' });
  });
  it('a timestamp that is not milliseconds', () => {
    expect(check({ timestamp: '17000000x0000' })).toEqual({ ok: false, code: 'STALE_TIMESTAMP' });
  });
  it('a sign made with another secret', () => {
    expect(check({ sign: dingtalkSign(String(T), 'otherSecret') })).toEqual({ ok: false, code: 'BAD_SIGNATURE' });
  });
  it('a sign for another timestamp (replayed with a fresh timestamp)', () => {
    expect(check({ timestamp: String(T + 1000), now: T + 1000 })).toEqual({ ok: false, code: 'BAD_SIGNATURE' });
  });
  it('missing headers, or no AppSecret configured', () => {
    expect(check({ sign: undefined })).toEqual({ ok: false, code: 'MISSING_SIGNATURE' });
    expect(check({ timestamp: undefined })).toEqual({ ok: false, code: 'MISSING_SIGNATURE' });
    expect(check({ appSecret: '' })).toEqual({ ok: false, code: 'MISSING_SIGNATURE' });
  });
});
