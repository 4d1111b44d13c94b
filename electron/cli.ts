/**
 * The `provkit` command line: `serve` (headless engine + web UI) and `simulate` (simulated Polycom
 * phones). Every command takes `--data DIR` (or PROVKIT_DATA) for its data directory.
 */
/** A `provkit` command: takes the arguments after its name, returns the exit code. */
type Command = (args: string[]) => Promise<number>;

/**
 * Commands by name, each loaded when run (so `provkit help` loads none of them). Each lives in
 * `electron/cli/<name>.ts`.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./cli/serve')).serve,
  simulate: async () => (await import('./cli/simulate')).simulate,
  phone: async () => (await import('./cli/phone')).phone,
  'simulate-web': async () => (await import('./cli/simulate-web')).simulateWeb,
  keypad: async () => (await import('./cli/keypad')).keypad,
  inventory: async () => (await import('./cli/inventory')).inventory,
  config: async () => (await import('./cli/config')).config,
  dhcp: async () => (await import('./cli/dhcp')).dhcp,
  firmware: async () => (await import('./cli/firmware')).firmware,
  access: async () => (await import('./cli/access')).access,
};

const HELP = `ProvKit — provision VoIP desk phones

Usage:
  provkit serve [--data DIR] [--bind ADDR] [--http-port N] [--https-port N [--tls-compat] [--cert-names LIST] [--tls-cert FILE [--tls-key FILE]] [--client-ca FILE]]
                [--ftp-port N] [--tftp-port N] [--ui-port N] [--ui-bind ADDR] [--ui-allow-host NAME]... [--http-prefix /PATH]
                [--no-http] [--no-ftp] [--no-tftp]
      Run the engine headless and serve the web UI (open the printed URL, which carries the access
      token; scripts send "Authorization: Bearer <token>" with the token from <data>/ui-token).
      --ui-allow-host lets the UI answer to a host name besides IP addresses and localhost.
      One engine per data folder: a second serve (or the app) on the same folder is refused.
      Ports and bind address given here apply to this run only; defaults come from the saved settings.
  provkit simulate --server URL --mac MAC --model MODEL [--protocol http|https|ftp] [--ca CA.pem] [--cert PHONE.pem --key PHONE.key] [--count N] [--tag-serial] [--timeout S] [--json]
      Boot simulated Polycom phones against a provisioning server (URL like http://10.0.0.5:8080/ or
      ftp://PlcmSpIp:PlcmSpIp@10.0.0.5:2121/). With --count N, N phones boot at once (MACs counting up).
      Over HTTPS the phone trusts only public CAs unless --ca names the CA file it trusts (e.g. <data>/tls/ca.pem).
  provkit keypad --mac MAC [--model SPIP650] [--case lower|upper] [--reset-keys 468*] [--json]
      Lost admin password: the keys to hold at boot and the MAC typed key by key on the multi-tap
      keypad (mode changes, press counts, pauses). --reset-keys picks the keys where sources disagree
      (SoundPoint IP 560).
  provkit keypad --address ADDR [--procedure megapath|cic|altigen] [--field menu|boot] [--model MODEL] [--json]
      The keys to type a server address (e.g. 72.245.184.168/mpv) in the phone menus or the boot Setup menu,
      as the procedure you follow gives them (MegaPath, Genesys CIC or AltiGen guide; default megapath).
  provkit inventory import FILE [--format auto|cic-tmm|cic-template|provkit|simple] [--dry-run] [--json]
      Import phones from CSV (CIC Template/TMM lists, ProvKit's format, or mac,model,extension,name).
      Every row is reported: accepted, or rejected with its file line and reason (exit code 1).
  provkit inventory export [--format provkit|cic-tmm|cic-template|simple] [--out FILE] [--with-secrets]
      Write the inventory as CSV (passwords only with --with-secrets).
  provkit inventory licence-order FILE [--json]
      Attach one Polycom licence order (one activation file for many MACs) to every inventory phone
      it names; lists MACs not in the inventory. Reboot the phones afterwards.
  provkit access [show|set --user U [--site S]|remove --site S|tftp-secrets on|off] [--json]
      The provisioning account phones need for files carrying passwords and for uploads (HTTP
      Basic/Digest, FTP); set reads the password from stdin. Without an account, SIP passwords are
      served to anyone on the network. TFTP (no authentication) never serves those files unless on.
  provkit config render --mac MAC [--out DIR] [--json] [--show-secrets]
      The files that phone would receive, in request order, and which file wins for each parameter.
  provkit phone info|get-provisioning|set-provisioning|reboot|restart|factory-reset --host HOST[:PORT]
                [--https] [--password P]... [--site S] [--dialect auto|legacy|ucs6|rest] [--json]
      Drive one Polycom phone's web UI / REST API. set-provisioning takes --type http|https|ftp|tftp
      --server ADDR [--user U] [--server-password P] [--boot-server static|option66|custom|custom+66]
      [--no-reboot]; factory-reset needs --confirm MAC. Reboots are followed until the phone is back
      (--wait-timeout SECONDS, default 300). Exit code 0 only when the operation was verified.
      Without --password, the site's stored passwords are tried (456 first).
  provkit simulate-web --dialect legacy|ucs6|rest [--port N] [--bind ADDR] [--https] [--old-tls]
                [--password P] [--count N] [--layout ports|addresses] [--sip-port N] [--json]
      Simulated phone web servers for demos and tests (reboots really drop the listener and boot
      against the provisioning server set); --old-tls serves HTTPS with TLS 1.0 and an RSA-1024/SHA-1
      self-signed certificate, like phones made before ~2010. --wrong-password-every K gives every K-th phone another
      password; --rest/--digest/--allow-default-password/--reboot-down-ms/--reboot-after-save/
      --lockout-after tune the behaviour. --mac MAC (first MAC), --model M, --app-version V. A phone
      rebooted against a provisioning server reads sip.ver, downloads and flashes the image the master
      configuration names when its version differs (--flash-ms, default 1000; --no-flash to keep the
      application), and comes back reporting that version.
  provkit firmware import PATH [--json]
      Import a Polycom firmware package (split or combined .zip, or a folder) into the repository:
      images by part number and version (sip.ver/bootrom.ver), size and SHA-256; lists what was skipped.
  provkit firmware list [--json]
      Model, part number, version, size and SHA-256 of every stored image ("served" = active).
  provkit firmware plan --model M --mac MAC --current VERSION [--current-bootrom V] [--target V] [--json]
      The flashes that phone needs and why (BootROM order, the AltiGen 4.0.8 route, 64:16:7F
      minimums, legacy caps, security minimums). Exit code 1 when the plan has an error.
  provkit dhcp decode FILE.pcap|FILE.pcapng
      One JSON object per DHCP packet, one per line: frame, op, xid, chaddr, messageType, options in
      wire order (code, name, hex, typed value), header fields; malformed packets carry "error".
  provkit dhcp probe --iface IF --as vvx400|spip650|audiocodes-420hd|toshiba-ip5000|custom [--mac MAC]
                [--wait SECONDS] [--inform] [--vendor-class TEXT] [--broadcast-flag on|off]
                [--next-server auto|use|ignore] [--backend auto|capture|socket] [--json]
      DISCOVER as that phone (never REQUESTs), collect every OFFER, and say which boot server the
      phone would use; names each server by address, MAC and vendor; warns when two servers answer
      or the boot server is only in sname. With packet capture it sends from 0.0.0.0, so the
      interface needs no address.
  provkit dhcp build [--family F] [--procedure cic] [--boot-url URL] [--option 66|160|both] [--vlan ID]
                [--vlan-option 128|132|144|157|191] [--time-offset V] [--time-server IP] [--ntp-server IP]
                [--dns-server IP] [--domain NAME] [--tftp-server ADDR] [--recovery-model M]
                [--toshiba-server IP [--toshiba-vlan ID] [--toshiba-nul] ...] [--json] [--help]
      Exact option values and ready-to-paste snippets (Windows netsh/PowerShell, ISC dhcpd, Kea,
      dnsmasq, Cisco IOS, MikroTik); \`provkit dhcp build --help\` lists every option.
  provkit dhcp watch --iface IF [--backend auto|capture|socket] [--count N] [--seconds S] [--json]
      Print DHCP packets seen on an interface (capture sees both directions; sockets broadcasts only).
  provkit dhcp serve --iface IF [--pool FIRST-LAST] [--relay-pool FIRST-LAST[/MASK][,ROUTER]]...
                [--boot-url URL] [--allow MAC|OUI]... [--router IP] [--dns IP]... [--lease SECONDS]
                [--backend auto|capture|socket] [--recheck SECONDS] [--safety-wait SECONDS] [--force] [--data DIR]
      Bench DHCP server for an isolated bench network: answers only allow-listed phones; refuses to
      start when another server answers a probe that looks like those phones, or (without packet
      capture) on a computer with several networks; stops leasing when another server appears
      (exit 3); bad settings exit 2 naming the flag. --force overrides the refusals.
  provkit help

Environment: PROVKIT_DATA (data directory), PROVKIT_LOG_LEVEL (trace|debug|info|warn|error).
`;

/**
 * The usage of one command (and subcommand) from the help text: every entry starting with
 * `provkit <command> [<sub>]`, with its description lines.
 * @returns the entries, or undefined when the help text has none for that command
 */
export function commandHelp(command: string, sub?: string): string | undefined {
  const entries: string[][] = [];
  for (const line of HELP.split('\n')) {
    if (/^ {2}provkit /.test(line)) entries.push([line]);
    else if (entries.length && /^ {4,}\S/.test(line)) entries.at(-1)!.push(line);
  }
  const of = (words: string) => entries.filter((e) => e[0]!.startsWith(`  provkit ${words} `) || e[0]!.trimEnd() === `  provkit ${words}` || e[0]!.startsWith(`  provkit ${words}|`));
  const hit = (sub && !sub.startsWith('-') ? of(`${command} ${sub}`) : []).length ? of(`${command} ${sub}`) : of(command);
  return hit.length ? `Usage:\n${hit.map((e) => e.join('\n')).join('\n')}\n` : undefined;
}

/**
 * Run the CLI.
 * @param argv arguments after the program name
 * @returns the process exit code (0 = success)
 */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(HELP);
      return 0;
    }
    // `--help` on any command or subcommand prints its usage (`keypad` and `dhcp build` have their own, longer ones).
    const ownHelp = command === 'keypad' || (command === 'dhcp' && rest[0] === 'build');
    const help = (rest.includes('--help') || rest.includes('-h')) && !ownHelp ? commandHelp(command, rest[0]) : undefined;
    if (help) {
      process.stdout.write(help);
      return 0;
    }
    const load = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!load) {
      process.stderr.write(`provkit: unknown command "${command}"\n\n${HELP}`);
      return 2;
    }
    return await (await load())(rest);
  } catch (err) {
    if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`provkit ${command}: ${(err as Error).message}\nRun \`provkit help\` for usage.\n`);
      return 2;
    }
    const fix = (err as { fix?: unknown }).fix;
    process.stderr.write(`provkit ${command}: ${(err as Error).message}\n${typeof fix === 'string' ? `${fix}\n` : ''}`);
    return 1;
  }
}

