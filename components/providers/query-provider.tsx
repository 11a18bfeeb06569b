"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState } from "react";
import { SignedOutError } from "@/lib/requests/live";

/**
 * React Query for what the browser refreshes by itself (request statuses). Mounted only on the pages that poll, so
 * the other pages do not ship it.
 */
export function QueryProvider({ children }: { children: React.ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // Signed out is not a blip: asking again will not help until the user signs in.
          queries: {
            staleTime: 2_000,
            retry: (count, error) => !(error instanceof SignedOutError) && count < 2,
            refetchOnWindowFocus: true,
          },
        },
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
