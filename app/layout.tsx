import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { ThemeProvider } from "next-themes";
import { HydrationMarker } from "@/components/layout/hydration-marker";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "WhatsApp Groups", template: "%s · WhatsApp Groups" },
  description: "Run the WhatsApp Business groups of your numbers on Meta's Cloud API.",
  // A private tool: no search engine should list it (public/robots.txt says the same to crawlers).
  robots: { index: false, follow: false },
  manifest: "/manifest.webmanifest",
  icons: {
    // /icon.svg is app/icon.svg (the one browsers prefer); favicon.ico is for those that do not read SVG.
    icon: [
      { url: "/icon.svg", type: "image/svg+xml" },
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
    ],
    apple: { url: "/icons/apple-touch-icon.png", sizes: "180x180" },
  },
  appleWebApp: { capable: true, title: "WA Groups", statusBarStyle: "default" },
};

export const viewport: Viewport = {
  // The browser's bar (and the installed app's status bar) in the brand's colour, as public/manifest.webmanifest says.
  themeColor: "#047857",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // proxy.ts gives every page request a CSP nonce; the theme script must carry it or the browser refuses to run it.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    // next-themes sets the theme's class on <html> before React hydrates, hence suppressHydrationWarning (it applies
    // to this element's attributes only).
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        {/* Its inline script, first in <body>, applies the stored theme before anything below it is painted. */}
        <ThemeProvider attribute="class" disableTransitionOnChange nonce={nonce}>
          <HydrationMarker />
          {children}
        </ThemeProvider>
      </body>
    </html>
  );
}
