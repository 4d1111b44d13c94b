/**
 * The DHCP area's part of the contract (issue #3): request schemas, results and events, spread into
 * shared/api.ts. DTOs are in shared/dhcp-dto.ts.
 */
import { z } from 'zod';
import { macSchema } from './mac-schema';
import type { DhcpBenchStatus, DhcpBuildResult, DhcpClientSummary, DhcpPacketEvent, DhcpSettings, DhcpSnifferStatus, ProbeResult } from './dhcp-dto';

const ipv4 = z.string().regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, 'an IPv4 address');
const macOrPrefix = z.string().regex(/^[0-9a-f]{6}([0-9a-f]{6})?$/, 'a MAC (12 hex digits) or vendor prefix (6 hex digits), lowercase');
const iface = z.string().max(64);

/** zod schemas of the DHCP requests. */
export const dhcpRequestSchemas = {
  dhcpStatus: z.object({}),
  dhcpListPackets: z.object({ limit: z.number().int().positive().max(20000).optional(), mac: macSchema.optional() }),
  dhcpListClients: z.object({}),
  dhcpStartSniffer: z.object({ iface: iface.optional(), backend: z.enum(['auto', 'capture', 'socket']).optional() }),
  dhcpStopSniffer: z.object({}),
  dhcpProbe: z.object({
    iface: iface.optional(),
    profile: z.enum(['vvx400', 'spip650', 'audiocodes-420hd', 'toshiba-ip5000', 'custom']),
    mac: z.string().optional(),
    waitMs: z.number().int().min(500).max(30000).optional(),
    inform: z.boolean().optional(),
    vendorClass: z.string().max(255).optional(),
  }),
  dhcpConfigure: z.object({
    iface: iface.optional(),
    backend: z.enum(['auto', 'capture', 'socket']).optional(),
    polycomMode: z.enum(['custom+66', 'custom', '66', 'static']).optional(),
    polycomCustomOption: z.number().int().min(128).max(254).optional(),
    polycomCustomType: z.enum(['string', 'ip']).optional(),
    audiocodesOption: z.number().int().min(128).max(254).optional(),
    bench: z
      .object({
        iface: iface,
        poolStart: z.union([ipv4, z.literal('')]),
        poolEnd: z.union([ipv4, z.literal('')]),
        subnetMask: ipv4,
        router: z.union([ipv4, z.literal('')]),
        dns: z.array(ipv4).max(8),
        ntp: z.array(ipv4).max(8),
        leaseSeconds: z.number().int().min(60).max(7 * 86400),
        allow: z.array(macOrPrefix).max(1000),
        bootUrl: z.string().max(250),
        bootOptions: z.array(z.union([z.literal(66), z.literal(160)])).max(2),
        option43Hex: z.string().regex(/^([0-9a-f]{2})*$/i, 'hex bytes').max(510),
        vlan: z.number().int().min(0).max(4094),
        vlanOption: z.union([z.literal(128), z.literal(132), z.literal(144), z.literal(157), z.literal(191)]),
      })
      .partial()
      .optional(),
  }),
  dhcpStartBench: z.object({ force: z.boolean().optional() }),
  dhcpStopBench: z.object({}),
  dhcpBuild: z.object({
    family: z.enum(['polycom', 'iss', 'audiocodes', 'genesys', 'sip-soft-phone', 'toshiba']).optional(),
    procedure: z.literal('cic').optional(),
    bootUrl: z.string().max(250).optional(),
    bootOptions: z.array(z.union([z.literal(66), z.literal(160)])).max(2).optional(),
    vlan: z.number().int().min(1).max(4094).optional(),
    vlanOption: z.union([z.literal(128), z.literal(144), z.literal(157), z.literal(191)]).optional(),
    recoveryVlan: z.number().int().min(1).max(4094).optional(),
    timeOffset: z.number().int().min(-0x80000000).max(0x7fffffff).optional(),
    timeServers: z.array(z.string().max(64)).max(8).optional(),
    ntpServers: z.array(z.string().max(64)).max(8).optional(),
    dnsServers: z.array(z.string().max(64)).max(8).optional(),
    domainName: z.string().max(253).optional(),
    tftpServer: z.string().max(253).optional(),
    recoveryModels: z.array(z.string().max(16)).max(8).optional(),
    toshiba: z
      .object({
        serverIp: ipv4,
        vendorClass: z.enum(['with-nul', 'without-nul', 'omit']).optional(),
        vlanEnabled: z.boolean().optional(),
        phoneVlan: z.number().int().min(1).max(4094).optional(),
        pcPortType: z.enum(['access', 'trunk']).optional(),
        pcPortVlan: z.number().int().min(1).max(4094).optional(),
      })
      .optional(),
  }),
} as const;

/** Everything the DHCP page needs at once. */
export interface DhcpStatus {
  sniffer: DhcpSnifferStatus;
  bench: DhcpBenchStatus;
  settings: DhcpSettings;
  /** IPv4 interfaces a technician can pick (name, address). */
  interfaces: Array<{ name: string; address: string; netmask: string }>;
}

/** Results of the DHCP requests. */
export interface DhcpRequestResults {
  dhcpStatus: DhcpStatus;
  dhcpListPackets: DhcpPacketEvent[];
  dhcpListClients: DhcpClientSummary[];
  dhcpStartSniffer: DhcpSnifferStatus;
  dhcpStopSniffer: DhcpSnifferStatus;
  dhcpProbe: ProbeResult;
  dhcpConfigure: DhcpStatus;
  dhcpStartBench: DhcpBenchStatus;
  dhcpStopBench: DhcpBenchStatus;
  dhcpBuild: DhcpBuildResult;
}

/** Events of the DHCP area. */
export interface DhcpEvents {
  /** A DHCP packet was seen (sniffer, probe or bench server). */
  dhcp: DhcpPacketEvent;
  /** Sniffer or bench server state changed. */
  dhcpStatus: DhcpStatus;
}

/** Names of the DHCP events. */
export const DHCP_EVENT_NAMES = ['dhcp', 'dhcpStatus'] as const;
