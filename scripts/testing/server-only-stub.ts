// Vitest runs server code directly; the real 'server-only' guards client bundles only.
export {};
