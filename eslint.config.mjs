import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    ".next-*/**",
    "node_modules/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    "data/**",
    "bench/results/**",
    // The bench's reference apps: their builds and the type declarations next build writes beside them, and the copy
    // of bench/bare's pages the bench makes for the second one.
    "bench/bare/.next/**",
    "bench/bare/next-env.d.ts",
    "bench/bare-proxy/.next/**",
    "bench/bare-proxy/next-env.d.ts",
    "bench/bare-proxy/app/**",
  ]),
  {
    linterOptions: { reportUnusedDisableDirectives: "error" },
  },
  {
    // Type-aware rules: what the compiler knows about promises and unions, checked on every TypeScript file.
    files: ["**/*.ts", "**/*.tsx"],
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      "@typescript-eslint/switch-exhaustiveness-check": [
        "error",
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-import-type-side-effects": "error",
    },
  },
  {
    // Vitest's and Playwright's asymmetric matchers (expect.any, expect.stringContaining…) are typed `any`.
    files: ["tests/**", "e2e/**"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
    },
  },
]);
