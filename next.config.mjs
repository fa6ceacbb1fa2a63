/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and server-only packages stay out of the bundler; they are required at run time.
  serverExternalPackages: ['ioredis', 'prom-client', 'hdr-histogram-js'],
};

export default nextConfig;
