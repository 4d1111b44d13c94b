import { describe, expect, it } from 'vitest';
import { formatBytes, formatClock, formatDuration, formatRelative, statusText } from '../../renderer/src/format';

describe('renderer formatting', () => {
  it('formats bytes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(150 * 1024)).toBe('150 KiB');
    expect(formatBytes(23.4 * 1024 * 1024)).toBe('23 MiB');
    expect(formatBytes(1.25 * 1024 ** 3)).toBe('1.3 GiB');
  });

  it('formats a clock time with milliseconds', () => {
    const t = new Date(2024, 0, 2, 9, 5, 7, 42).getTime();
    expect(formatClock(t)).toBe('09:05:07.042');
  });

  it('formats relative times', () => {
    const now = 1_000_000_000;
    expect(formatRelative(undefined, now)).toBe('never');
    expect(formatRelative(now - 2_000, now)).toBe('just now');
    expect(formatRelative(now - 42_000, now)).toBe('42 s ago');
    expect(formatRelative(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe('3 h ago');
    expect(formatRelative(now - 3 * 86_400_000, now)).toBe('3 d ago');
  });

  it('names status codes per protocol', () => {
    expect(statusText('http', 404)).toBe('Not found');
    expect(statusText('ftp', 226)).toBe('Done');
    expect(statusText('ftp', 404)).toBe('');
  });

  it('formats durations', () => {
    expect(formatDuration(3.25)).toBe('3.3');
    expect(formatDuration(4)).toBe('4');
    expect(formatDuration(1234.4)).toBe('1234');
  });
});
