/**
 * The engine's implementation of every request in shared/api.ts. Arguments arrive validated
 * (each transport calls `parseRequestArgs` first).
 */
import { platform } from 'node:os';
import type { ApiHandlers } from '../../../shared/api';
import type { PhoneSummary, RenderedFile } from '../../../shared/dto';
import type { Engine } from '../engine';
import { toView } from '../phones/inventory';
import { listInterfaces } from '../server-control';

/**
 * Build the handler table for an engine.
 * @returns one async function per request name
 */
export function createApiHandlers(engine: Engine): ApiHandlers {
  return {
    getInfo: async () => ({
      version: engine.version,
      mode: engine.options.mode,
      dataDir: engine.options.dataDir,
      provisioningRoot: engine.provisioningRoot,
      platform: platform(),
    }),
    listServers: async () => [engine.servers.http.status(), engine.servers.ftp.status()],
    startServer: async ({ kind }) => engine.servers[kind].start(),
    stopServer: async ({ kind }) => engine.servers[kind].stop(),
    configureServer: async ({ kind, bind, port, pathPrefix, factoryAccount }) => {
      if (kind === 'http') {
        return engine.configure('http', {
          ...(bind !== undefined ? { bind } : {}),
          ...(port !== undefined ? { port } : {}),
          ...(pathPrefix !== undefined ? { pathPrefix } : {}),
        });
      }
      return engine.configure('ftp', {
        ...(bind !== undefined ? { bind } : {}),
        ...(port !== undefined ? { port } : {}),
        ...(factoryAccount !== undefined ? { factoryAccount } : {}),
      });
    },
    listInterfaces: async () => listInterfaces(),
    listPhones: async () => listPhones(engine),
    getTimeline: async ({ mac, limit }) => engine.requestLog.timeline(mac, limit),
    listRequests: async ({ limit }) => engine.requestLog.recent(limit),
    listInventory: async () => engine.inventory.list().map(toView),
    upsertPhone: async (phone) => {
      const saved = await engine.inventory.upsert(phone);
      engine.emit('phone', engine.decorate(engine.requestLog.phone(saved.mac) ?? { mac: saved.mac, requests: 0, errors: 0, inInventory: true }));
      return toView(saved);
    },
    removePhone: async ({ mac }) => {
      const removed = await engine.inventory.remove(mac);
      const seen = engine.requestLog.phone(mac);
      if (seen) engine.emit('phone', engine.decorate(seen));
      return { removed };
    },
    previewConfig: async ({ mac }) => previewConfig(engine, mac),
  };
}

/** Phones seen by the servers plus inventory phones never seen, most recent first. */
function listPhones(engine: Engine): PhoneSummary[] {
  const seen = engine.requestLog.phones().map((p) => engine.decorate(p));
  const macs = new Set(seen.map((p) => p.mac));
  const unseen = engine.inventory
    .list()
    .filter((p) => !macs.has(p.mac))
    .map((p): PhoneSummary => ({
      mac: p.mac,
      requests: 0,
      errors: 0,
      inInventory: true,
      ...(p.label ? { label: p.label } : {}),
      ...(p.model ? { model: p.model } : {}),
    }));
  return [...seen, ...unseen];
}

/**
 * The configuration files a phone would receive, in request order: its master (`<mac>.cfg`, else
 * `000000000000.cfg`), then each CONFIG_FILES entry (facts §1 steps 3-4, `[PHONE_MAC_ADDRESS]` expanded).
 * Files that are not found are listed with empty content and `rendered: false` is kept for real files.
 */
export async function previewConfig(engine: Engine, mac: string): Promise<RenderedFile[]> {
  const out: RenderedFile[] = [];
  const read = async (path: string): Promise<RenderedFile | undefined> => {
    const f = await engine.resolver.resolve(path);
    if (!f) return undefined;
    const chunks: Buffer[] = [];
    for await (const c of engine.resolver.open(f)) chunks.push(c as Buffer);
    return { path, content: Buffer.concat(chunks).toString('utf8'), rendered: f.source === 'rendered' };
  };
  const master = (await read(`${mac}.cfg`)) ?? (await read('000000000000.cfg'));
  if (!master) return out;
  out.push(master);
  const list = /CONFIG_FILES="([^"]*)"/.exec(master.content)?.[1] ?? '';
  for (const raw of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const name = raw.replace(/\[PHONE_MAC_ADDRESS\]/g, mac);
    out.push((await read(name)) ?? { path: name, content: '', rendered: false });
  }
  return out;
}
