/** The `phone` event batching: latest state once per interval, a bounded number per turn, all on close. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PhoneEventBatcher } from '../../electron/engine/phones/phone-events';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('PhoneEventBatcher', () => {
  it('sends one event per changed phone after the interval, however often it changed', () => {
    const sent: string[] = [];
    const b = new PhoneEventBatcher((mac) => sent.push(mac), 100, 200);
    for (let i = 0; i < 5; i++) b.add('0004f2000001');
    b.add('0004f2000002');
    vi.advanceTimersByTime(99);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['0004f2000001', '0004f2000002']);
  });

  it('sends at most perTurn events per turn and the rest in the next turns, none lost or repeated', () => {
    const sent: string[] = [];
    const b = new PhoneEventBatcher((mac) => sent.push(mac), 100, 3);
    const macs = Array.from({ length: 7 }, (_, i) => `0004f20000${String(i).padStart(2, '0')}`);
    for (const m of macs) b.add(m);
    vi.advanceTimersByTime(100);
    expect(sent).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(sent).toHaveLength(6);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(macs);
  });

  it('flushAll sends everything pending at once and leaves no timer', () => {
    const sent: string[] = [];
    const b = new PhoneEventBatcher((mac) => sent.push(mac), 100, 1);
    b.add('0004f2000001');
    b.add('0004f2000002');
    b.flushAll();
    expect(sent).toEqual(['0004f2000001', '0004f2000002']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
