import { describe, expect, it } from 'vitest';

describe('runtime', () => {
  it('runs on a current Node LTS (24 from the npm registry), not the machine default', () => {
    console.log(`tests run on node ${process.version}`);
    const major = Number(process.version.slice(1).split('.')[0]);
    expect(major).toBeGreaterThanOrEqual(24);
  });
});
