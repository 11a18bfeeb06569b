/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A second build directory lets a benchmark or a second checkout build without disturbing a running server.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // better-sqlite3 and pg are native / Node-only: keep them out of the server bundle.
  serverExternalPackages: ["better-sqlite3", "pg", "pino", "pino-pretty"],
};

export default nextConfig;
