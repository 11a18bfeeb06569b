import path from "node:path";
import { fileURLToPath } from "node:url";

// The reference app of `npm run bench`: next and react resolve from the repository's own node_modules, so it runs
// exactly the versions the dashboard runs.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** @type {import('next').NextConfig} */
const nextConfig = {
  pageExtensions: ["tsx"],
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
};

export default nextConfig;
