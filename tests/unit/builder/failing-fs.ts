/**
 * `node:fs` whose writeFileSync fails on demand, as a full disk would: set `failWrites.after` to N and
 * the write after the next N throws ENOSPC; -1 (the default) never fails. Use it in a test file with
 * `vi.mock('node:fs', async (original) => (await import('./failing-fs.ts')).failingFs(await original()))`.
 */
import type * as realFs from 'node:fs';

export const failWrites = { after: -1 };

export function failingFs(fs: typeof realFs): typeof realFs & { default: typeof realFs } {
  const writeFileSync: typeof fs.writeFileSync = (...args) => {
    if (failWrites.after === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    if (failWrites.after > 0) failWrites.after--;
    fs.writeFileSync(...args);
  };
  return { ...fs, default: { ...fs, writeFileSync }, writeFileSync };
}
