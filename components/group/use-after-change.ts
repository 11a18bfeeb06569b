"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { groupActivityKey } from "./group-live";

/** After a change was sent: follow it at once (the pending list) and read the group from Meta again. */
export function useAfterChange(groupId: string): () => void {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: groupActivityKey(groupId) });
    router.refresh();
  }, [groupId, queryClient, router]);
}
