/**
 * The one contract between the engine and the UI (design.md "One contract, two transports").
 * Every request is `name → (args) => Promise<result>`; every event is `name → payload`.
 * Desktop: IPC channels named by these keys. Headless: `POST /api/<name>` with the JSON args,
 * and one WebSocket at `/api/events` carrying `{ "event": name, "payload": ... }`.
 * Arguments are validated at the boundary with the zod schemas below.
 */
import { z } from 'zod';
import { macSchema } from './mac-schema';
import { DESKTOP_EVENT_NAMES, desktopRequestSchemas, type DesktopEvents, type DesktopRequestResults } from './api-desktop';
import { ENROLL_EVENT_NAMES, enrollRequestSchemas, type EnrollEvents, type EnrollRequestResults } from './api-enroll';
import { FIRMWARE_EVENT_NAMES, firmwareRequestSchemas, type FirmwareEvents, type FirmwareRequestResults } from './api-firmware';
import { INVENTORY_EVENT_NAMES, inventoryRequestSchemas, type InventoryEvents, type InventoryRequestResults } from './api-inventory';
import { PHONES_EVENT_NAMES, phonesRequestSchemas, type PhonesEvents, type PhonesRequestResults } from './api-phones';
import { DHCP_EVENT_NAMES, dhcpRequestSchemas, type DhcpEvents, type DhcpRequestResults } from './api-dhcp';
import { securityRequestSchemas, type SecurityRequestResults } from './api-security';
import type { EngineInfo, InterfaceAddress, PhoneSummary, RequestEvent, ServerStatus } from './dto';

const mac = macSchema;
const serverKind = z.enum(['http', 'ftp', 'tftp']);
const port = z.number().int().min(0).max(65535);

/** zod schemas for every request's arguments. The keys are the contract's request names. */
export const requestSchemas = {
  getInfo: z.object({}),
  listServers: z.object({}),
  startServer: z.object({ kind: serverKind }),
  stopServer: z.object({ kind: serverKind }),
  configureServer: z.object({
    kind: serverKind,
    bind: z.string().min(1).optional(),
    port: port.optional(),
    pathPrefix: z.string().optional(),
    factoryAccount: z.boolean().optional(),
    /** TFTP: transfers at the same time. */
    maxTransfers: z.number().int().min(1).max(10000).optional(),
  }),
  listInterfaces: z.object({}),
  listPhones: z.object({}),
  getTimeline: z.object({ mac, limit: z.number().int().positive().max(100000).optional() }),
  listRequests: z.object({ limit: z.number().int().positive().max(100000).optional() }),
  ...inventoryRequestSchemas,
  ...enrollRequestSchemas,
  ...phonesRequestSchemas,
  ...desktopRequestSchemas,
  ...firmwareRequestSchemas,
  ...dhcpRequestSchemas,
  ...securityRequestSchemas,
} as const;

/** Result type of every request. */
export interface RequestResults extends EnrollRequestResults, InventoryRequestResults, PhonesRequestResults, DesktopRequestResults, FirmwareRequestResults, DhcpRequestResults, SecurityRequestResults {
  getInfo: EngineInfo;
  listServers: ServerStatus[];
  startServer: ServerStatus;
  stopServer: ServerStatus;
  configureServer: ServerStatus;
  listInterfaces: InterfaceAddress[];
  listPhones: PhoneSummary[];
  getTimeline: RequestEvent[];
  listRequests: RequestEvent[];
}

/** Every event the engine pushes to the UI, with its payload. */
export interface ApiEvents extends EnrollEvents, InventoryEvents, PhonesEvents, DesktopEvents, FirmwareEvents, DhcpEvents {
  /**
   * A request was served (or refused) on any protocol. The same event (same `id`) is sent again
   * when it is attributed to a phone later (a phone's first requests carry no MAC): replace by id.
   */
  request: RequestEvent;
  /** A phone's summary changed (new request, inventory edit). */
  phone: PhoneSummary;
  /** A server changed state, or — once a second while data moves — its throughput and transfers. */
  server: ServerStatus;
}

export type RequestName = keyof typeof requestSchemas;
export type RequestArgs<K extends RequestName> = z.input<(typeof requestSchemas)[K]>;
export type EventName = keyof ApiEvents;

/** Names of all requests, for transports that must list their channels. */
export const REQUEST_NAMES = Object.keys(requestSchemas) as RequestName[];
/** Names of all events. */
export const EVENT_NAMES: readonly EventName[] = ['request', 'phone', 'server', ...ENROLL_EVENT_NAMES, ...INVENTORY_EVENT_NAMES, ...PHONES_EVENT_NAMES, ...DESKTOP_EVENT_NAMES, ...FIRMWARE_EVENT_NAMES, ...DHCP_EVENT_NAMES];

/** IPC channel prefix used by the desktop transport (`provkit:<name>`). */
export const IPC_PREFIX = 'provkit:';
/** IPC channel carrying every engine event to the renderer as `{ event, payload }`. */
export const IPC_EVENT_CHANNEL = 'provkit:event';

/** The client side of the contract: what the renderer (and tests) program against. */
export interface ApiClient {
  invoke<K extends RequestName>(name: K, args: RequestArgs<K>): Promise<RequestResults[K]>;
  /** Subscribe to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void): () => void;
}

/** The engine side: one function per request, arguments already validated. */
export type ApiHandlers = {
  [K in RequestName]: (args: z.output<(typeof requestSchemas)[K]>) => Promise<RequestResults[K]>;
};

/** Error returned across a transport: a code the UI can branch on and a message for people. */
export interface ApiErrorBody {
  error: { code: string; message: string; fix?: string; issues?: string[] };
}

/**
 * Check that a name is a request of the contract.
 * @param name any string from the transport
 */
export function isRequestName(name: string): name is RequestName {
  return Object.prototype.hasOwnProperty.call(requestSchemas, name);
}

/**
 * Validate a request's arguments against its schema.
 * @returns the parsed arguments
 * @throws ApiValidationError listing each problem (`path: message`)
 */
export function parseRequestArgs<K extends RequestName>(name: K, args: unknown): z.output<(typeof requestSchemas)[K]> {
  const result = requestSchemas[name].safeParse(args ?? {});
  if (!result.success) {
    throw new ApiValidationError(
      name,
      result.error.issues.map((i) => `${i.path.join('.') || '(args)'}: ${i.message}`),
    );
  }
  return result.data as z.output<(typeof requestSchemas)[K]>;
}

/** Thrown when a request's arguments do not match the contract. */
export class ApiValidationError extends Error {
  readonly code = 'INVALID_ARGS';
  constructor(
    readonly request: string,
    readonly issues: string[],
  ) {
    super(`Invalid arguments for ${request}: ${issues.join('; ')}`);
    this.name = 'ApiValidationError';
  }
}
