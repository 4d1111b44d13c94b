/**
 * Test helper: a provisioning root, uploads folder, renderer and request log in a fresh temp dir.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InventoryPhone } from '../../shared/dto';
import { normalizePhone, type PhoneInput } from '../../electron/engine/inventory/inventory-model';
import { createLogger, silentSink } from '../../electron/engine/logger';
import { ConfigRenderer } from '../../electron/engine/provisioning/config-render';
import { OuiTable } from '../../electron/engine/provisioning/oui';
import { RequestLog } from '../../electron/engine/provisioning/request-log';
import { ProvisioningResolver } from '../../electron/engine/provisioning/resolver';
import { UploadStore } from '../../electron/engine/provisioning/uploads';

/** Everything a server under test needs. `outside` is a folder next to the root (for traversal tests). */
export interface ProvisioningFixture {
  dir: string;
  root: string;
  outside: string;
  uploadsDir: string;
  resolver: ProvisioningResolver;
  log: RequestLog;
  logger: ReturnType<typeof createLogger>;
  phones: Map<string, InventoryPhone>;
}

/**
 * Create a fixture in a new temp folder.
 * @param phones inventory phones the renderer knows (the shorthand `user`, `sipServer`,
 *   `password`, `displayName` becomes line 1)
 */
export async function provisioningFixture(phones: PhoneInput[] = []): Promise<ProvisioningFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'provkit-test-'));
  const root = join(dir, 'provisioning');
  const outside = join(dir, 'outside');
  const uploadsDir = join(dir, 'uploads');
  await mkdir(outside, { recursive: true });
  const map = new Map(phones.map((input) => normalizePhone(input).phone).map((p) => [p.mac, p]));
  const logger = createLogger('test', silentSink);
  const resolver = new ProvisioningResolver(root, new UploadStore(uploadsDir), new ConfigRenderer({ getPhone: (m) => map.get(m) }));
  await resolver.init();
  const log = new RequestLog({ oui: OuiTable.empty(), logger });
  return { dir, root, outside, uploadsDir, resolver, log, logger, phones: map };
}
