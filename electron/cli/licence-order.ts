/**
 * `provkit inventory licence-order FILE [--json]`: attach one Polycom licence order (one activation
 * file covering many MACs, licensing bulletin "Activation File and Keys") to every inventory phone it
 * names, report the MACs that are not in the inventory, and remind that each phone must reboot to
 * fetch its new licence (bulletin, "Configuration Files").
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { LicenceOrderResult } from '../../shared/inventory-types';
import { LICENCE_REBOOT_REMINDER } from '../../shared/licence-text';
import { formatMac } from '../../shared/mac';
import { LicenceError } from '../engine/inventory/licences';
import { usageError } from './args';
import { openEngine } from './inventory';

/**
 * Run `provkit inventory licence-order FILE`.
 * @returns 0 when the file was attached to at least one phone and every MAC is in the inventory;
 *   1 when some MACs are not in the inventory, none could be attached, or the file is refused
 * @throws usage errors
 */
export async function licenceOrder(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, data: { type: 'string' } }, strict: true });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw usageError('inventory licence-order takes one FILE (the activation file of the order)');
  const content = await readFile(file);
  const engine = await openEngine(values.data);
  try {
    let r: LicenceOrderResult;
    try {
      r = await engine.inventoryServices.licences.attachOrder(content, (mac) => engine.inventory.get(mac) !== undefined);
    } catch (err) {
      if (!(err instanceof LicenceError)) throw err;
      process.stderr.write(`provkit inventory licence-order: ${err.message}\n${err.fix ?? ''}\n`);
      return 1;
    }
    if (values.json) process.stdout.write(`${JSON.stringify(r)}\n`);
    else {
      const out: string[] = [];
      out.push(r.attached.length ? `Attached to ${r.attached.length} phone(s):` : 'Attached to no phone: none of the MACs in this file is in the inventory.');
      for (const a of r.attached) out.push(`  ${formatMac(a.mac)}  served as ${a.path}`);
      if (r.notInInventory.length) {
        out.push(`Not in the inventory (nothing written): ${r.notInInventory.map(formatMac).join(', ')}`);
        out.push('Add these phones to the inventory, then import the order again.');
      }
      if (r.rebootNeeded) out.push(LICENCE_REBOOT_REMINDER);
      process.stdout.write(`${out.join('\n')}\n`);
    }
    return r.attached.length && !r.notInInventory.length ? 0 : 1;
  } finally {
    await engine.close();
  }
}
