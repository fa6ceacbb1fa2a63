// Each integration worker sees the test stack's configuration as the app would.
import { inject } from 'vitest';

for (const [key, value] of Object.entries(inject('appEnv'))) process.env[key] = value;
