/**
 * The web controller's pure parts: the Provisioning Server panel values written for a bench server
 * URL, where a queued phone's web server is from its `host`, and failure reasons that carry the
 * phone client's fix sentence.
 */
import { describe, expect, it } from 'vitest';
import { bootServerSettings, phoneEndpoint } from '../../electron/engine/firmware/polycom-controller';
import { reasonOf } from '../../electron/engine/firmware/queue-context';
import { LockedOutError } from '../../electron/engine/phones/phone-errors';

describe('bootServerSettings', () => {
  it('turns a bench URL into server type, address, credentials, Boot Server = Static and Tag SN to UA', () => {
    expect(bootServerSettings('http://10.0.0.5/')).toEqual({ type: 'http', server: '10.0.0.5', bootServer: 'static', tagSerialNo: true });
    expect(bootServerSettings('http://10.0.0.5:8080/fw/')).toMatchObject({ type: 'http', server: '10.0.0.5:8080/fw' });
    expect(bootServerSettings('ftp://PlcmSpIp:Plcm%40Sp@10.0.0.5:2121/')).toMatchObject({ type: 'ftp', server: '10.0.0.5:2121', user: 'PlcmSpIp', password: 'Plcm@Sp' });
    expect(bootServerSettings('tftp://[fd00::5]/')).toMatchObject({ type: 'tftp', server: '[fd00::5]' });
  });
  it('refuses an empty or non-provisioning URL with what to do', () => {
    expect(() => bootServerSettings('')).toThrow(/is not a URL/);
    try {
      bootServerSettings('');
    } catch (err) {
      expect((err as { fix: string }).fix).toMatch(/Bench server URL/);
    }
    expect(() => bootServerSettings('ssh://10.0.0.5/')).toThrow(/ssh: is not a provisioning protocol/);
  });
});

describe('phoneEndpoint', () => {
  it('reads an address, a port, a scheme and IPv6 brackets', () => {
    expect(phoneEndpoint('10.0.0.7')).toEqual({ host: '10.0.0.7' });
    expect(phoneEndpoint('10.0.0.7:8080')).toEqual({ host: '10.0.0.7', port: 8080 });
    expect(phoneEndpoint('https://10.0.0.7')).toEqual({ host: '10.0.0.7', https: true });
    expect(phoneEndpoint('[fe80::1]:8443')).toEqual({ host: 'fe80::1', port: 8443 });
    expect(phoneEndpoint(' ')).toBeUndefined();
  });
});

describe('reasonOf', () => {
  it('adds the fix sentence of a phone error; plain errors keep their message', () => {
    expect(reasonOf(new LockedOutError('10.0.0.7'))).toMatch(/^10\.0\.0\.7 has locked its web login.*\. Wait for the lock to expire/);
    expect(reasonOf(new Error('boom'))).toBe('boom');
    expect(reasonOf('text')).toBe('text');
  });
});
