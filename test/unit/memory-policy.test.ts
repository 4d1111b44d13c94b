import { describe, expect, it, vi } from 'vitest';

/** A fresh copy of the module (the policy is applied once per process). */
async function fresh(): Promise<typeof import('../../electron/engine/memory-policy')> {
  vi.resetModules();
  return import('../../electron/engine/memory-policy');
}

describe('limitHeapGrowth', () => {
  it('sets the default growth once; later calls say what is in force', async () => {
    const m = await fresh();
    expect(m.limitHeapGrowth({})).toBe(m.HEAP_GROWING_PERCENT);
    expect(m.limitHeapGrowth({ PROVKIT_HEAP_GROWING_PERCENT: '10' })).toBe(m.HEAP_GROWING_PERCENT);
  });

  it('takes another percent, or 0 for the choice V8 makes itself, from the environment; ignores nonsense', async () => {
    expect((await fresh()).limitHeapGrowth({ PROVKIT_HEAP_GROWING_PERCENT: '0' })).toBe(0);
    expect((await fresh()).limitHeapGrowth({ PROVKIT_HEAP_GROWING_PERCENT: '80' })).toBe(80);
    const m = await fresh();
    expect(m.limitHeapGrowth({ PROVKIT_HEAP_GROWING_PERCENT: 'lots' })).toBe(m.HEAP_GROWING_PERCENT);
    expect((await fresh()).limitHeapGrowth({ PROVKIT_HEAP_GROWING_PERCENT: '-5' })).toBe(50);
  });
});

describe('frontYoungGenerationMb', () => {
  it('gives the HTTP front its smaller young generation unless told otherwise', async () => {
    const m = await fresh();
    expect(m.frontYoungGenerationMb({})).toBe(m.FRONT_YOUNG_GENERATION_MB);
    expect(m.frontYoungGenerationMb({ PROVKIT_FRONT_YOUNG_MB: '48' })).toBe(48);
    expect(m.frontYoungGenerationMb({ PROVKIT_FRONT_YOUNG_MB: '0' })).toBeUndefined();
  });

  it('ignores sizes V8 could not use or that make no sense', async () => {
    const m = await fresh();
    for (const raw of ['4', '1000', '12.5', 'big', ' ', '-24']) expect(m.frontYoungGenerationMb({ PROVKIT_FRONT_YOUNG_MB: raw })).toBe(m.FRONT_YOUNG_GENERATION_MB);
  });
});
