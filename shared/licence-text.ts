/**
 * What ProvKit tells the technician about Polycom feature licences, in the UI and the CLI alike.
 * Source: Polycom licensing bulletin (Technical Bulletin 32265), "Configuration Files": "When a new
 * license is obtained, the phone must be manually rebooted to get the license file downloaded to the
 * phone." Pure data.
 */

/** Shown after a licence is attached (one phone or an order). */
export const LICENCE_REBOOT_REMINDER = 'A phone fetches a new licence only when it boots: reboot each phone the licence was attached to (Polycom licensing bulletin: "the phone must be manually rebooted").';
