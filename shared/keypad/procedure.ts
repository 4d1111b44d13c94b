/**
 * The lost-password procedure around the key plan, worded after the MegaPath IP650/IP670
 * Enrollment Guide, Appendix A, and Polycom's knowledge base. Shared by the CLI and
 * the Lost password page so both say the same thing. Pure.
 */
import { describeKeys, type ResetModel } from './reset-models';

/** One instruction with its source (document, section, step). */
export interface SourcedStep {
  text: string;
  /** The source as a person names it (document, section, step). */
  source: string;
}

const APPX_A = 'MegaPath IP650/IP670 Enrollment Guide, “Appendix A: Lost Phone Passwords”';

/**
 * What to do before typing the MAC: restart, cancel the application load, hold the keys.
 * @param model the phone model (its name appears in the key step)
 * @param keys the key combination to hold (the model's, or the one picked for SoundPoint IP 560)
 * @returns the steps in order, with their sources
 */
export function beforeTyping(model: ResetModel, keys: readonly string[]): SourcedStep[] {
  return [
    { text: 'Find the MAC address on the back of the phone and write it down (a Polycom MAC begins with 0004, 6416 or 4825).', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix A: Lost Phone Passwords”, step 6; IEEE OUI registry` },
    { text: 'Unplug the phone and plug it back in.', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix A: Lost Phone Passwords”, step 1` },
    { text: 'As the phone starts you will see “Loading application” with a Cancel button in the lower right. Press Cancel immediately.', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix A: Lost Phone Passwords”, step 2` },
    { text: 'You will see a message that says “x seconds until boot.”', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix A: Lost Phone Passwords”, step 3 (about 5-10 s)` },
    {
      text: `Immediately press and hold ${describeKeys(keys)} together (${model.displayName}). Too late and the phone boots normally: restart it and try again.`,
      source: model.inSeed ? `MegaPath IP650/IP670 Enrollment Guide, “Appendix A: Lost Phone Passwords”, step 4` : `${model.source}; ${APPX_A}, step 4`,
    },
    { text: 'Now you will see a prompt, “Enter password to Reset Settings”.', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix A: Lost Phone Passwords”, step 5` },
  ];
}

/** Tips for the blind entry (guide Appendix A step 7). */
export const TYPING_TIPS: readonly SourcedStep[] = [
  { text: 'You can’t see what you are entering: be very careful, or you will have to start again.', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix A: Lost Phone Passwords”, step 7` },
  { text: 'Same letter or number several times in a row: pause after each one until the blinking vertical bar appears in the field again.', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix A: Lost Phone Passwords”, step 7` },
  { text: 'Told “wrong password” at the end: restart the phone and try again.', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix A: Lost Phone Passwords”, step 7` },
];

/** What happens after OK (guide Appendix A steps 13-14). */
export const AFTER_TYPING: readonly SourcedStep[] = [
  { text: 'Press OK. The phone will say that it is resetting.', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix A: Lost Phone Passwords”, step 13` },
  { text: 'Once it reboots, its admin password is 456: continue with the enrollment using 456 when prompted. (Some firmware then asks for a new password.)', source: `MegaPath IP650/IP670 Enrollment Guide, “Appendix A: Lost Phone Passwords”, step 14` },
];
