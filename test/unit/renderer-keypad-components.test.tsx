/**
 * Keypad pictures and key lists as rendered HTML: the highlighted key with its press count, the
 * held boot keys, the "wait for the blinking bar" banner, and the address keys of the MegaPath
 * guide's example and of the Genesys CIC guide's, with the disagreement and the switch.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { planSteps } from '../../shared/keypad/describe';
import { planMacEntry } from '../../shared/keypad/planner';
import { Keypad } from '../../renderer/src/components/Keypad';
import { AddressKeys } from '../../renderer/src/pages/enroll/AddressKeys';
import { PlanWalker } from '../../renderer/src/pages/lost-password/PlanWalker';

describe('drawn keypad', () => {
  it('highlights one key with its count and marks held keys, with a text alternative', () => {
    const html = renderToStaticMarkup(<Keypad active="3" times={3} held={['4', '6', '8', '*']} modeLabel="a-1A" label="Press 3 three times → f" />);
    expect(html).toContain('role="img" aria-label="Press 3 three times → f"');
    expect(html.match(/keypad-key-active/g)).toHaveLength(1);
    expect(html).toMatch(/keypad-key-active"><span class="keypad-digit">3<\/span><span class="keypad-letters">DEF<\/span><span class="keypad-times">×3<\/span>/);
    expect(html.match(/keypad-key-held/g)).toHaveLength(4);
    expect(html).toContain('a-1A');
  });
});

describe('plan walker', () => {
  it('shows the pause before a repeated key, the press count and the mode the key should show', () => {
    const { plan, profile } = planMacEntry({ mac: '0004f2abcdef' });
    const steps = planSteps(profile, plan.actions);
    const at = (i: number) => renderToStaticMarkup(<PlanWalker profile={profile} steps={steps} text={plan.mac} step={i} onStep={() => {}} />);
    expect(at(1)).toContain('First wait for the blinking bar');
    expect(at(4)).toContain('until it says a-1A');
    expect(at(5)).toMatch(/Press <kbd class="lp-kbd">3<\/kbd> three times/);
    expect(at(steps.length)).toContain('Press OK');
  });
});

describe('address keys', () => {
  it('lists the guide’s address on the menu field: 1/Ascii first, * for dots, the mode change, # until / shows', () => {
    const html = renderToStaticMarkup(<AddressKeys address="72.245.184.168/mpv" path="normal" procedure="megapath" onProcedure={() => {}} />);
    expect(html.indexOf('mode until the screen shows 1/Ascii')).toBeLessThan(html.indexOf('<kbd>7</kbd>'));
    expect(html).toContain('mode until the screen shows a/Ascii');
    expect(html).toMatch(/<kbd>#<\/kbd><span class="ak-times">…<\/span><span class="mono ak-char">\/<\/span>/);
    expect(html.match(/<kbd>\*<\/kbd><span class="ak-times">×1<\/span>/g)).toHaveLength(3);
  });

  it('says which character cannot be typed', () => {
    expect(renderToStaticMarkup(<AddressKeys address="host name" path="normal" procedure="megapath" onProcedure={() => {}} />)).toContain('cannot be typed');
  });

  it('under the CIC procedure: # twice for the colon, and the MegaPath guide’s other keys shown with a switch', () => {
    const html = renderToStaticMarkup(<AddressKeys address="10.20.0.157:8088" path="normal" procedure="cic" onProcedure={() => {}} />);
    expect(html).toMatch(/<kbd>#<\/kbd><span class="ak-times">×2<\/span><span class="mono ak-char">:<\/span>/);
    expect(html).toContain('The MegaPath IP650/IP670 Enrollment Guide gives other keys for this address: “:” = # until : shows (here: # twice)');
    expect(html).toContain('Use the MegaPath guide’s keys');
    expect(html).toMatch(/aria-pressed="true"[^>]*>CIC guide</);
  });
});
