import { NOTHING_CSP, STATIC_SECURITY_HEADERS } from "./lib/security-headers.mjs";

/**
 * Built assets and the files in public/: proxy.ts does not run for them (its matcher leaves out the same list), so
 * their security headers are set here. Nothing in them may run or load anything.
 */
const STATIC_FILES = [
  "/_next/static/:path*",
  "/_next/image",
  "/icons/:path*",
  "/favicon.ico",
  "/icon.svg",
  "/robots.txt",
  "/manifest.webmanifest",
];
const STATIC_FILE_HEADERS = [
  ...Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value })),
  { key: "Content-Security-Policy", value: NOTHING_CSP },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A second build directory lets a benchmark or a second checkout build without disturbing a running server.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // better-sqlite3 and pg are native / Node-only: keep them out of the server bundle.
  serverExternalPackages: ["better-sqlite3", "pg", "pino", "pino-pretty"],
  async headers() {
    return STATIC_FILES.map((source) => ({ source, headers: STATIC_FILE_HEADERS }));
  },
};

export default nextConfig;
