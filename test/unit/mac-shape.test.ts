/**
 * The shape of a name carrying a MAC (mac-shape.ts), and the front's memory of shapes found
 * absent (http-front-absent.ts): a shape holds only for MACs outside the inventory list the front
 * was given at the current revision.
 */
import { describe, expect, it } from 'vitest';
import { AnswerRevision } from '../../electron/engine/provisioning/answer-revision';
import { AbsentNames } from '../../electron/engine/provisioning/http-front-absent';
import { macShape } from '../../electron/engine/provisioning/mac-shape';

describe('macShape', () => {
  it('replaces the one 12-hex-digit run of a root name, keeping its case', () => {
    expect(macShape('0004f2aabbcc-phone.cfg')).toEqual({ mac: '0004f2aabbcc', shape: '{mac}-phone.cfg' });
    expect(macShape('0004F2AABBCC.cfg')).toEqual({ mac: '0004f2aabbcc', shape: '{MAC}.cfg' });
    expect(macShape('0004f2aabbcc.cfg')).toEqual({ mac: '0004f2aabbcc', shape: '{mac}.cfg' });
  });

  it('has no shape for the default MAC, a folder, mixed case, two MACs or hex runs of other lengths', () => {
    for (const n of ['000000000000-license.cfg', 'dir/0004f2aabbcc.cfg', '0004F2aabbcc.cfg', '0004f2aabbcc-0004f2aabbcd.cfg', '3111-46157-002.bootrom.ld', 'bootrom.ld', '0004f2aabbccd.cfg', 'sip.ld'])
      expect(macShape(n)).toBeUndefined();
  });
});

describe('AbsentNames shapes', () => {
  const setup = () => {
    const main = new AnswerRevision();
    return { main, front: new AbsentNames(new AnswerRevision(main.buffer)) };
  };

  it('holds a shape for a MAC never seen, not for a MAC of the inventory', () => {
    const { main, front } = setup();
    front.setInventory(['0004f2000003'], main.current);
    front.add('0004f2000001-web.cfg', main.current, '{mac}-web.cfg');
    expect(front.holds('0004f2000002-web.cfg')).toBe(true);
    expect(front.holds('0004f2000003-web.cfg')).toBe(false);
    expect(front.holds('0004f2000002-phone.cfg')).toBe(false);
    expect(front.holds('0004F2000002-web.cfg')).toBe(false); // another shape ({MAC})
  });

  it('uses no shape until the inventory of the current revision is known', () => {
    const { main, front } = setup();
    front.add('0004f2000001-web.cfg', main.current, '{mac}-web.cfg');
    expect(front.holds('0004f2000001-web.cfg')).toBe(true); // the exact name
    expect(front.holds('0004f2000002-web.cfg')).toBe(false);
    front.setInventory([], main.current);
    expect(front.holds('0004f2000002-web.cfg')).toBe(true);
  });

  it('forgets shapes and the inventory when the revision moves; an older inventory list is ignored', () => {
    const { main, front } = setup();
    const old = main.current;
    front.setInventory([], old);
    front.add('0004f2000001-web.cfg', old, '{mac}-web.cfg');
    main.bump();
    expect(front.holds('0004f2000002-web.cfg')).toBe(false);
    expect(front.shapeCount).toBe(0);
    front.setInventory([], old);
    front.add('0004f2000001-web.cfg', main.current, '{mac}-web.cfg');
    expect(front.holds('0004f2000002-web.cfg')).toBe(false); // inventory list of the old revision
  });
});
