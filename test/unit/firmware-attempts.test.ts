/**
 * Attempts and the run report of the bench upgrade queue: back-off between attempts, attempt
 * records, and a report that shows every attempt's cause (text) and one row per phone (CSV).
 */
import { describe, expect, it } from 'vitest';
import type { QueuePhone, QueueView } from '../../shared/firmware-dto';
import { backoffMs, endAttempt, failureCauses, startAttempt } from '../../electron/engine/firmware/queue-attempts';
import { benchReportText, reportCsv, reportRows } from '../../electron/engine/firmware/run-report';
import { DEFAULT_QUEUE_SETTINGS } from '../../electron/engine/firmware/queue-store';

function phone(over: Partial<QueuePhone> = {}): QueuePhone {
  return {
    mac: '0004f2aa0001', model: 'VVX400', from: '5.4.3.2036', to: '5.9.6.2327', steps: [{ kind: 'application', version: '5.9.6.2327', why: 'x', rule: 'target' }], flags: [], stepIndex: 0,
    state: 'rebooting', since: 0, attempt: 1, powerCycles: 0, bytes: 0, size: 0, rate: 0, addedAt: 0, history: [], ...over,
  };
}

describe('back-off', () => {
  it('is a fortieth of the step timeout (250 ms to 30 s), doubling per retry, at most half the timeout', () => {
    expect(backoffMs({ stepTimeoutMs: 20 * 60_000 }, 1)).toBe(30_000);
    expect(backoffMs({ stepTimeoutMs: 20 * 60_000 }, 2)).toBe(60_000);
    expect(backoffMs({ stepTimeoutMs: 2000 }, 1)).toBe(250);
    expect(backoffMs({ stepTimeoutMs: 2000 }, 5)).toBe(1000);
    expect(backoffMs({ stepTimeoutMs: 40_000 }, 1)).toBe(1000);
  });
});

describe('attempts', () => {
  it('records each attempt once, closes it with the state it ended in and the cause', () => {
    const p = phone({ state: 'pointing' });
    startAttempt(p, 1000);
    startAttempt(p, 1500); // resumed: same record
    p.state = 'verifying';
    endAttempt(p, 'failed', 'the phone came back with 5.4.3.2036, not 5.9.6.2327', 2000);
    p.attempt = 2;
    startAttempt(p, 3000);
    p.state = 'pointing';
    endAttempt(p, 'failed', 'could not point the phone at the bench server: connection refused', 3100);
    expect(p.attempts).toEqual([
      { n: 1, step: 0, version: '5.9.6.2327', startedAt: 1000, endedAt: 2000, outcome: 'failed', endState: 'verifying', cause: 'the phone came back with 5.4.3.2036, not 5.9.6.2327' },
      { n: 2, step: 0, version: '5.9.6.2327', startedAt: 3000, endedAt: 3100, outcome: 'failed', endState: 'pointing', cause: 'could not point the phone at the bench server: connection refused' },
    ]);
    expect(failureCauses(p)).toEqual([
      'attempt 1 (verifying): the phone came back with 5.4.3.2036, not 5.9.6.2327',
      'attempt 2 (pointing): could not point the phone at the bench server: connection refused',
    ]);
  });
});

describe('run report', () => {
  it('has a row per phone (from → to, attempts, time, bytes, outcome) and every attempt in the text', () => {
    const done = phone({ state: 'done', reported: '5.9.6.2327', startedAt: 0, finishedAt: 125_000, bytes: 262_144, attempts: [
      { n: 1, step: 0, version: '5.9.6.2327', startedAt: 0, endedAt: 60_000, outcome: 'failed', endState: 'verifying', cause: 'the phone came back with 5.4.3.2036, not 5.9.6.2327' },
      { n: 2, step: 0, version: '5.9.6.2327', startedAt: 70_000, endedAt: 125_000, outcome: 'done', endState: 'verifying' },
    ] });
    const cancelled = phone({ mac: '0004f2aa0002', addedAt: 1, state: 'cancelled', reason: 'cancelled by the technician while rebooting', startedAt: 0, finishedAt: 5000 });
    const view: QueueView = { paused: false, settings: DEFAULT_QUEUE_SETTINGS, phones: [cancelled, done], runId: 'run-1' };
    const rows = reportRows(view.phones, 200_000);
    expect(rows.map((r) => [r.mac, r.attempts, r.bytes, r.result])).toEqual([['0004f2aa0001', 2, 262144, 'done'], ['0004f2aa0002', 1, 0, 'cancelled']]);
    expect(reportCsv(rows).split('\r\n')[1]).toBe('VVX400,0004f2aa0001,5.4.3.2036,5.9.6.2327,5.9.6.2327,2,125.0,262144,done,');
    const text = benchReportText(view, 200_000);
    expect(text).toMatch(/Phones: 2; done 1, failed 0, cancelled 1, not finished 0/);
    expect(text).toMatch(/VVX400 +0004f2aa0001 +5\.4\.3\.2036 → 5\.9\.6\.2327 +2 +2:05 +262144 +done/);
    expect(text).toMatch(/attempt 1 \(5\.9\.6\.2327\): 00:00:00–00:01:00 failed while verifying: the phone came back with 5\.4\.3\.2036, not 5\.9\.6\.2327/);
    expect(text).toMatch(/0004f2aa0002 \(VVX400\): cancelled — cancelled by the technician while rebooting/);
  });
});
