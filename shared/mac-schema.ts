/**
 * The zod schemas of a MAC address in the API contract (shared/api*.ts) — the one place the rule is
 * written. Canonical form as produced by `normalizeMac` (shared/mac.ts): 12 lowercase hex digits.
 */
import { z } from 'zod';

/** A MAC in canonical form, e.g. `0004f2abcdef`; fails with "a MAC as 12 lowercase hex digits". */
export const macSchema = z.string().regex(/^[0-9a-f]{12}$/, 'a MAC as 12 lowercase hex digits');

/**
 * A MAC as a person types it (any notation `normalizeMac` accepts, 12 to 17 characters once
 * trimmed); the handler normalises it and reports a MacError naming the input.
 */
export const macInputSchema = z.string().trim().min(12, 'a MAC of 12 hex digits').max(17, 'a MAC of 12 hex digits (with separators at most 17 characters)');
