/**
 * Data shapes of ProvKit's DHCP area, shared by engine and UI. Pure types.
 * Facts: docs/sources.md §2.
 */

/** One decoded option as JSON: `hex` is its data, `value` the typed decode (null when unknown). */
export interface DhcpOptionJson {
  code: number;
  name: string;
  hex: string;
  value: unknown;
  /** Why the typed decode failed (`offset N: reason`). */
  error?: string;
}

/** One packet as JSON (`provkit dhcp decode` prints one per line). */
export interface DhcpPacketJson {
  frame?: number;
  op?: number;
  xid?: string;
  chaddr?: string;
  messageType?: string;
  options: DhcpOptionJson[];
  htype?: number;
  hlen?: number;
  hops?: number;
  secs?: number;
  flags?: string;
  broadcast?: boolean;
  ciaddr?: string;
  yiaddr?: string;
  siaddr?: string;
  giaddr?: string;
  sname?: string;
  file?: string;
  cookie?: boolean;
  warnings?: string[];
  /** The decode error (`offset N: reason`) when the packet is malformed. */
  error?: string;
}

/** What a phone says about itself in its vendor class (Polycom option 60, RFC 3925 form). */
export interface DhcpPhoneHint {
  vendor?: string;
  /** Model code when known (`VVX400`), else as sent (`SoundPointIP-SPIP_601`). */
  model?: string;
  partNumber?: string;
  appVersion?: string;
  bootromVersion?: string;
}

/** Boot-server related values a server offered. */
export interface DhcpOffered {
  option66?: string;
  option67?: string;
  option160?: string;
  /** Custom boot-server option (Polycom `device.dhcp.bootSrvOpt`) when it is not 160. */
  custom?: { code: number; value: string };
  option150?: string[];
  /** Option 43 summary (Toshiba server, MS-UC URL, or text). */
  option43?: string;
  sname?: string;
  file?: string;
  siaddr?: string;
  /** VLAN ids from options 128/144/157/191 (`VLAN-A=`), 132 or Toshiba's option 43. */
  vlan?: { option: number; ids: number[] }[];
}

/** Which packets a sniffer can see. */
export type DhcpView = 'both-directions' | 'broadcasts-only';

/** How packets were obtained. */
export type DhcpBackend = 'capture' | 'socket';

/** A DHCP packet seen on the wire (the `dhcp` event). */
export interface DhcpPacketEvent {
  id: number;
  /** ms since epoch. */
  time: number;
  /** Where ProvKit saw it. */
  source: DhcpBackend | 'probe' | 'bench';
  iface?: string;
  src: string;
  dst: string;
  op: number;
  xid: string;
  /** Client hardware address, 12 lowercase hex digits (Ethernet), else as sent. */
  mac: string;
  ouiVendor?: string;
  messageType?: string;
  /** Vendor class as text (`Polycom SoundPointIP-SPIP_601 2345-11605-001,2`, `TOSHIBA IPedge`). */
  vendorClass?: string;
  phone?: DhcpPhoneHint;
  /** Parameter request list (option 55). */
  requested?: number[];
  serverId?: string;
  yiaddr?: string;
  offered?: DhcpOffered;
  /**
   * Message types of this exchange so far, in order: an exchange is one DISCOVER…ACK/NAK (or
   * REQUEST…ACK for a renewal, INFORM…ACK) of one MAC and xid; a client reusing its xid starts a new one.
   */
  transaction: string[];
  /** Exchange number (increasing), to group rows of one exchange. */
  exchange?: number;
  /** Every view that saw this same packet (capture, socket, probe, bench), first one first. */
  seenBy?: Array<DhcpBackend | 'probe' | 'bench'>;
  options: DhcpOptionJson[];
  error?: string;
}

/** A client (phone) seen by DHCP. */
export interface DhcpClientSummary {
  mac: string;
  ouiVendor?: string;
  phone?: DhcpPhoneHint;
  vendorClass?: string;
  firstSeen: number;
  lastSeen: number;
  packets: number;
  lastMessageType?: string;
  /** Address last offered or acknowledged. */
  address?: string;
  /** Boot server the last offer/ack gave, as the phone would use it (see boot-server verdict). */
  bootServer?: string;
  /** Servers (option 54) that answered this client. */
  servers: string[];
}

/** Sniffer state. */
export interface DhcpSnifferStatus {
  state: 'stopped' | 'running' | 'error';
  iface?: string;
  backend?: DhcpBackend;
  view?: DhcpView;
  /** One sentence for the technician: what this view shows and misses. */
  viewText?: string;
  error?: string;
  fix?: string;
  /** Whether packet capture (libpcap) can be used here, and why not. */
  captureAvailable: boolean;
  captureReason?: string;
  packets: number;
}

/** Phone profiles the probe can imitate. */
export type ProbeProfileId = 'vvx400' | 'spip650' | 'audiocodes-420hd' | 'toshiba-ip5000' | 'custom';

/** One answer the probe collected. */
export interface ProbeOffer {
  /** Server identifier (option 54), else the source address. */
  server: string;
  from: string;
  /** The server's Ethernet address (from the frame, or the neighbour table) and its OUI vendor. */
  serverMac?: string;
  serverVendor?: string;
  messageType?: string;
  yiaddr?: string;
  offered: DhcpOffered;
  /** The boot server this phone would use from this offer, and from which option. */
  bootServer?: string;
  bootSource?: string;
  warnings: string[];
  options: DhcpOptionJson[];
}

/** A row of the offer comparison: one option across servers. */
export interface ProbeDiffRow {
  code: number;
  name: string;
  /** Value per server, in the order of `offers` (`undefined` = not offered). */
  values: Array<string | undefined>;
  same: boolean;
}

/** What `dhcpProbe` and `provkit dhcp probe` report. */
export interface ProbeResult {
  profile: ProbeProfileId;
  iface: string;
  mac: string;
  xid: string;
  inform: boolean;
  sentTo: string;
  waitedMs: number;
  offers: ProbeOffer[];
  diff: ProbeDiffRow[];
  /** The answer in one sentence. */
  verdict: string;
  warnings: string[];
}

/** Bench server state (off by default). */
export interface DhcpBenchStatus {
  state: 'stopped' | 'running' | 'refused' | 'error';
  iface?: string;
  serverIp?: string;
  /** Why it is not running / what blocked it, and what to do. */
  message?: string;
  /** Other DHCP servers found by the safety probe before starting. */
  otherServers: string[];
  leases: Array<{ mac: string; ip: string; expires: number; hostname?: string }>;
  /** Options it hands out, as code → text. */
  offering: Array<{ code: number; name: string; value: string }>;
}

/** Saved DHCP settings. */
export interface DhcpSettings {
  /** Interface to watch and probe on ('' = none chosen). */
  iface: string;
  backend: 'auto' | DhcpBackend;
  /** Polycom boot server mode for verdicts (docs/sources.md §2 `device.dhcp.bootSrvUseOpt`). */
  polycomMode: 'custom+66' | 'custom' | '66' | 'static';
  /** Polycom custom option number (`device.dhcp.bootSrvOpt`), 128-254, default 160. */
  polycomCustomOption: number;
  /** Polycom custom option type (`bootSrvOptType`). */
  polycomCustomType: 'string' | 'ip';
  /** AudioCodes URL option (`provisioning/url_option_value`), default 160. */
  audiocodesOption: number;
  bench: DhcpBenchSettings;
  /**
   * Whether a probe's verdict takes next-server (BOOTP siaddr/file) as the boot server: `auto` =
   * only for phones without a documented option rule; `use`/`ignore` for all. Default `auto`.
   */
  nextServer?: 'auto' | 'use' | 'ignore';
}

/** Bench DHCP server settings. */
export interface DhcpBenchSettings {
  iface: string;
  poolStart: string;
  poolEnd: string;
  subnetMask: string;
  router: string;
  dns: string[];
  ntp: string[];
  leaseSeconds: number;
  /** MACs (12 hex) or OUI prefixes (6 hex) answered; others are ignored. */
  allow: string[];
  /** Boot server URL; '' = ProvKit's own HTTP server. */
  bootUrl: string;
  /** Options that carry the boot server. */
  bootOptions: Array<66 | 160>;
  /** Option 43 data as hex ('' = none). */
  option43Hex: string;
  /** VLAN id to hand out (0 = none) and the option that carries it. */
  vlan: number;
  vlanOption: 128 | 132 | 144 | 157 | 191;
  /**
   * Pools for phones behind DHCP relay agents (`ip helper-address`): a relayed request is served
   * from the pool whose subnet holds its giaddr (RFC 2131 §4.3.1). Router '' = the relay's address.
   */
  relayPools?: DhcpRelayPool[];
}

/** One pool served through a relay agent. */
export interface DhcpRelayPool {
  poolStart: string;
  poolEnd: string;
  subnetMask: string;
  router: string;
}

/** A ready-to-paste snippet for one DHCP server product. */
export interface DhcpSnippet {
  server: 'windows-netsh' | 'windows-powershell' | 'isc-dhcpd' | 'kea' | 'dnsmasq' | 'cisco-ios' | 'mikrotik';
  title: string;
  text: string;
  /** The vendor class (option 60) this snippet limits the option to, when it does. */
  scopedTo?: string;
}

/** One built option: its exact value and the snippets that set it. */
export interface BuiltOption {
  code: number;
  name: string;
  /** What to type: the string for text options, hex for binary ones. */
  value: string;
  valueKind: 'string' | 'hex';
  hex: string;
  snippets: DhcpSnippet[];
  /** The vendor class (option 60) the option is meant for (Toshiba `TOSHIBA IPedge`, CIC `420HD`), when limited. */
  vendorClass?: string;
}

/** What `dhcpBuild` returns. */
export interface DhcpBuildResult {
  options: BuiltOption[];
  notes: string[];
  /** Where the form goes against a source's advice (option 66 for Polycom in a CIC site, both 4 and 42). */
  warnings?: string[];
}
