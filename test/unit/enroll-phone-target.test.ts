/**
 * The phone address typed in the wizard, as the automatic path reads it: the scheme the user typed
 * is kept (`https://` means HTTPS, never dropped), a port stays, a path is ignored, and anything that
 * is not a phone's web address is refused with what to type.
 */
import { describe, expect, it } from 'vitest';
import { EnrollError, phoneTarget } from '../../electron/engine/enroll/automatic';

describe('phone address typed in the wizard', () => {
  it('keeps the scheme and the port', () => {
    expect(phoneTarget('https://10.0.0.5')).toEqual({ host: '10.0.0.5', https: true });
    expect(phoneTarget(' HTTPS://10.0.0.5:8443/index.htm ')).toEqual({ host: '10.0.0.5', port: 8443, https: true });
    expect(phoneTarget('http://10.0.0.5')).toEqual({ host: '10.0.0.5', https: false });
    expect(phoneTarget('10.0.0.5:8080')).toEqual({ host: '10.0.0.5', port: 8080 });
    expect(phoneTarget('phone-12.lan')).toEqual({ host: 'phone-12.lan' });
    expect(phoneTarget('https://[fe80::1]:443')).toEqual({ host: 'fe80::1', port: 443, https: true });
  });

  it('empty means "where ProvKit saw the phone"', () => {
    expect(phoneTarget(undefined)).toBeUndefined();
    expect(phoneTarget('   ')).toBeUndefined();
  });

  it('refuses what is not a phone’s web address, saying what to type', () => {
    for (const bad of ['ftp://10.0.0.5', '10.0.0.5:70000', 'https://']) {
      let err: unknown;
      try {
        phoneTarget(bad);
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(EnrollError);
      expect((err as EnrollError).code).toBe('BAD_ADDRESS');
      expect((err as EnrollError).fix).toMatch(/10\.0\.0\.23/);
    }
  });
});
