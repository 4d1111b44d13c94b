import { describe, expect, it } from 'vitest';
import { BootFiles, type BootFile } from '../../electron/engine/phones/boot-files';
import { bootFileKey } from '../../electron/engine/phones/boot-verdict';

const file = (over: Partial<BootFile>): BootFile => ({
  path: 'site.cfg', kind: 'config', direction: 'get', method: 'GET', protocol: 'http', status: 200, ok: true, count: 1, time: 1_796_000_000_123, ...over,
});

describe('BootFiles', () => {
  it('gives back what was stored, field for field, also times beyond 32 bits and an error', () => {
    const files = new BootFiles();
    const a = file({});
    const b = file({ path: '0004f2aabbcc-boot.log', kind: 'log', direction: 'upload', method: 'PUT', status: 500, ok: false, count: 7, error: 'disk full' });
    const c = file({ path: 'sip.ld', kind: 'firmware', protocol: 'tftp', method: 'RRQ', status: 499, ok: false, time: 1 });
    for (const f of [a, b, c]) files.put(-1, f);
    expect(files.size).toBe(3);
    expect(files.values()).toEqual([a, b, c]);
    expect(files.at(1)).toEqual(b);
    expect('error' in files.at(0)).toBe(false);
  });

  it('finds a file by direction and path: a GET, a HEAD and an upload of one name are three files', () => {
    const files = new BootFiles();
    files.put(-1, file({}));
    files.put(-1, file({ direction: 'head', method: 'HEAD' }));
    files.put(-1, file({ direction: 'upload', method: 'PUT' }));
    expect(files.indexOf('get', 'site.cfg')).toBe(0);
    expect(files.indexOf('head', 'site.cfg')).toBe(1);
    expect(files.indexOf('upload', 'site.cfg')).toBe(2);
    expect(files.indexOf('get', 'other.cfg')).toBe(-1);
    expect(files.get(bootFileKey('head', 'site.cfg'))).toMatchObject({ direction: 'head', method: 'HEAD' });
    expect(files.get(bootFileKey('get', 'site.cfg'))).toMatchObject({ direction: 'get' });
    expect(files.get('bogus\u0000site.cfg')).toBeUndefined();
    expect(files.get('missing.cfg')).toBeUndefined();
  });

  it('replaces an entry in place (order kept), counts an older request, and hands out copies', () => {
    const files = new BootFiles();
    files.put(-1, file({ path: 'a.cfg' }));
    files.put(-1, file({ path: 'b.cfg', status: 404, ok: false, error: 'no such file' }));
    files.put(1, file({ path: 'b.cfg', count: 2 }));
    files.countOne(1);
    expect(files.values().map((f) => [f.path, f.status, f.ok, f.count, f.error])).toEqual([
      ['a.cfg', 200, true, 1, undefined],
      ['b.cfg', 200, true, 3, undefined],
    ]);
    const copy = files.at(0);
    copy.status = 500;
    expect(files.at(0).status).toBe(200);
    expect(() => files.at(2)).toThrow(RangeError);
    expect(() => files.at(-1)).toThrow(RangeError);
    expect(() => files.put(5, file({}))).toThrow(RangeError);
    expect(files.size).toBe(2);
  });
});
