import { STATIC_SECURITY_HEADERS } from './lib/api/security-headers.ts';

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and server-only packages stay out of the bundler; they are required at run time.
  // OpenTelemetry too: one copy of its API shared with Next's own tracer, an SDK that loads its
  // exporters and patches ioredis at require time, and loaded only when configured.
  serverExternalPackages: [
    'ioredis',
    'prom-client',
    'hdr-histogram-js',
    '@opentelemetry/api',
    '@opentelemetry/sdk-node',
    '@opentelemetry/instrumentation-ioredis',
    '@opentelemetry/semantic-conventions',
  ],
  // proxy.ts sees the URL as the client sent it: Next's normalised one is rebuilt from an object
  // that drops parameters such as `__proto__`, which the API must see to refuse them.
  skipProxyUrlNormalize: true,
  // On every answer, static files and errors included; the Content-Security-Policy comes from
  // proxy.ts (pages need a nonce per request).
  async headers() {
    return [{ source: '/:path*', headers: [...STATIC_SECURITY_HEADERS] }];
  },
};

export default nextConfig;
