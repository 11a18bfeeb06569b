import type { Config } from "tailwindcss";

// Tailwind 4 reads its theme from app/globals.css (@theme); this file is loaded there with @config
// so editors and plugins that look for a config file find the content globs and colour tokens.
const config: Config = {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: { DEFAULT: "#128c7e", dark: "#075e54", light: "#dcf8c6" },
      },
    },
  },
};
export default config;
