import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "WhatsApp Groups", template: "%s · WhatsApp Groups" },
  description: "Run the WhatsApp Business groups of your numbers on Meta's Cloud API.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">{children}</body>
    </html>
  );
}
