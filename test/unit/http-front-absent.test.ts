/**
 * The front's memory of "not found" answers (http-front-absent.ts) against the shared revision
 * (answer-revision.ts): a verdict holds only at the revision it was given at.
 */
import { describe, expect, it } from 'vitest';
import { AnswerRevision } from '../../electron/engine/provisioning/answer-revision';
import { AbsentNames } from '../../electron/engine/provisioning/http-front-absent';

describe('AbsentNames', () => {
  it('holds a name found absent at the current revision, and forgets it when the revision moves', () => {
    const main = new AnswerRevision();
    const front = new AbsentNames(new AnswerRevision(main.buffer)); // the worker's view of the same memory
    front.add('bootrom.ld', main.current);
    expect(front.holds('bootrom.ld')).toBe(true);
    expect(front.holds('other.cfg')).toBe(false);
    main.bump();
    expect(front.holds('bootrom.ld')).toBe(false);
    expect(front.size).toBe(0);
  });

  it('ignores a verdict given at an older revision (a change came while the main thread decided)', () => {
    const main = new AnswerRevision();
    const front = new AbsentNames(new AnswerRevision(main.buffer));
    const decidedAt = main.current;
    main.bump();
    front.add('0004f2000001.cfg', decidedAt);
    expect(front.holds('0004f2000001.cfg')).toBe(false);
  });

  it('keeps at most `max` names (memory bounded by the limit, not by the requests)', () => {
    const rev = new AnswerRevision();
    const front = new AbsentNames(rev, 3);
    for (let i = 0; i < 10; i++) front.add(`n${i}.cfg`, rev.current);
    expect(front.size).toBeLessThanOrEqual(3);
    expect(front.holds('n9.cfg')).toBe(true);
  });
});
