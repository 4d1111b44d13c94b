/**
 * Which phones need the HTTPS server's compatibility switch (TLS 1.0/1.1 and older cipher suites),
 * as the Servers page, the CLI and the engine say it. Source: docs/sources.md "HTTPS provisioning".
 */

/** Phones that need the compatibility switch, in one sentence. */
export const COMPAT_PHONES =
  'phones whose firmware offers only TLS 1.0/1.1, such as older Polycom SoundPoint IP and SoundStation IP firmware (SIP 3.x, early UC Software); a phone that needs it shows "protocol version" or "no shared cipher" on its timeline';
