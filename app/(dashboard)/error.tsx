"use client";

import { useRouter } from "next/navigation";
import { startTransition } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/** Last line of defence: never a stack trace, always a way to try again. */
export default function DashboardError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const router = useRouter();
  return (
    <Alert
      tone="error"
      title="This page could not be shown"
      action={
        <Button
          variant="secondary"
          onClick={() =>
            startTransition(() => {
              router.refresh();
              reset();
            })
          }
        >
          Retry
        </Button>
      }
    >
      Something went wrong on the server. Try again; if it keeps happening, tell an admin.
    </Alert>
  );
}
