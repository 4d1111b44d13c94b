import { describe, expect, it } from 'vitest';
import { cleanRequestPath, PathError } from '../../electron/engine/provisioning/paths';

describe('cleanRequestPath', () => {
  it('keeps ordinary paths relative to the root', () => {
    expect(cleanRequestPath('/mpv/0004f2aabbcc.cfg')).toBe('mpv/0004f2aabbcc.cfg');
    expect(cleanRequestPath('//a/./b//c.cfg')).toBe('a/b/c.cfg');
    expect(cleanRequestPath('/')).toBe('');
  });
  it('decodes percent-encoding once for HTTP', () => {
    expect(cleanRequestPath('/my%20file.cfg', true)).toBe('my file.cfg');
  });
  it.each([
    ['/../etc/passwd', false, 'TRAVERSAL'],
    ['/a/../../etc/passwd', false, 'TRAVERSAL'],
    ['/%2e%2e/etc/passwd', true, 'TRAVERSAL'],
    ['/%2E%2E%2Fetc%2Fpasswd', true, 'TRAVERSAL'],
    ['/..%5c..%5cwindows', true, 'BACKSLASH'],
    ['\\..\\etc', false, 'BACKSLASH'],
    ['C:/Windows/win.ini', false, 'ABSOLUTE'],
    ['/c:/boot.ini', false, 'ABSOLUTE'],
    ['/a%00.cfg', true, 'CONTROL_CHAR'],
    ['/%zz', true, 'BAD_ENCODING'],
  ])('refuses %s', (p, enc, code) => {
    try {
      cleanRequestPath(p, enc);
      expect.unreachable('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(PathError);
      expect((err as PathError).code).toBe(code);
    }
  });
  it('does not double-decode (%252e stays literal)', () => {
    expect(cleanRequestPath('/%252e%252e/x', true)).toBe('%2e%2e/x');
  });
});
