/**
 * FTP argument parsers and listing formats against the examples of the RFCs themselves
 * (RFC 2428 §2 EPRT examples, RFC 959 §4.1.2 PORT, RFC 3659 §2.3 / §7 time values and facts).
 */
import { describe, expect, it } from 'vitest';
import { parseEprt, parsePort } from '../../electron/engine/provisioning/ftp/data-channel';
import { listingText, listLine, mdtmValue, mlsxLine } from '../../electron/engine/provisioning/ftp/listing';

describe('PORT and EPRT arguments', () => {
  it('reads the RFC 2428 §2 examples and refuses malformed ones', () => {
    expect(parseEprt('|1|132.235.1.2|6275|')).toEqual({ host: '132.235.1.2', port: 6275 });
    expect(parseEprt('|2|1080::8:800:200C:417A|5282|')).toEqual({ host: '1080::8:800:200C:417A', port: 5282 });
    expect(parseEprt('!1!10.0.0.1!2000!')).toEqual({ host: '10.0.0.1', port: 2000 }); // any delimiter 33-126
    for (const bad of ['', '|9|x|1|', '|1|1080::1|5282|', '|2|10.0.0.1|80|', '|1|10.0.0.1|0|', '|1|10.0.0.1|70000|', '|1|10.0.0.1|80', ' 1 10.0.0.1 80 ']) {
      expect(parseEprt(bad), bad).toBeUndefined();
    }
  });

  it('reads h1,h2,h3,h4,p1,p2 (RFC 959 §4.1.2) and refuses malformed ones', () => {
    expect(parsePort('132,235,1,2,24,131')).toEqual({ host: '132.235.1.2', port: 24 * 256 + 131 });
    for (const bad of ['', '1,2,3', '256,1,1,1,1,1', '1,2,3,4,0,0', '1,2,3,4,5,6,7', 'a,b,c,d,e,f']) expect(parsePort(bad), bad).toBeUndefined();
  });
});

describe('listings', () => {
  const now = Date.UTC(2026, 11, 6, 21, 10);
  const file = { name: 'sip.ld', isDirectory: false, size: 1234, mtimeMs: Date.UTC(2026, 11, 1, 8, 5, 9) };
  const dir = { name: 'logs', isDirectory: true, size: 0, mtimeMs: Date.UTC(2020, 0, 2, 3, 4, 5) };

  it('LIST lines in ls -l form: time of day for recent entries, the year for old ones', () => {
    expect(listLine(file, now)).toBe('-r--r--r-- 1 ftp ftp         1234 Dec  1 08:05 sip.ld');
    expect(listLine(dir, now)).toBe('dr-xr-xr-x 1 ftp ftp            0 Jan  2  2020 logs');
  });

  it('MLSD facts and MDTM values (RFC 3659: YYYYMMDDHHMMSS, UTC)', () => {
    expect(mdtmValue(Date.UTC(1998, 5, 15, 10, 0, 45))).toBe('19980615100045');
    expect(mlsxLine(file)).toBe('type=file;size=1234;modify=20261201080509;perm=r; sip.ld');
    expect(mlsxLine(dir)).toBe('type=dir;modify=20200102030405;perm=el; logs');
    expect(listingText('NLST', [file, dir], now).toString()).toBe('sip.ld\r\nlogs\r\n');
    expect(listingText('LIST', [], now).length).toBe(0);
  });
});
