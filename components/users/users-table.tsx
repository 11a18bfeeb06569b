"use client";

import { useState, useTransition } from "react";
import { ActionFailureAlert } from "@/components/ui/action-failure";
import { Button } from "@/components/ui/button";
import { LocalTime } from "@/components/ui/local-time";
import { Cell, Row, Table } from "@/components/ui/table";
import { useHydrated } from "@/components/ui/use-hydrated";
import { callAction } from "@/lib/actions/call";
import type { ActionFailure, ActionResult } from "@/lib/actions/result";
import { changeRoleAction, removeUserAction } from "@/lib/actions/users";
import { ROLES, type Role } from "@/lib/auth/roles";

interface UserRow {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  createdAt: string;
}

export function UsersTable({ users, myId }: { users: UserRow[]; myId: number }) {
  const [pending, startTransition] = useTransition();
  const [busyId, setBusyId] = useState<number | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  // A role chosen before React owns the table would show as chosen and never be saved.
  const hydrated = useHydrated();

  function run(userId: number, action: () => Promise<ActionResult<null>>, success: string) {
    setBusyId(userId);
    setSaved(null);
    setFailure(null);
    startTransition(async () => {
      const result = await callAction(action);
      if (result.ok) setSaved(success);
      else setFailure(result);
      setBusyId(null);
    });
  }

  return (
    <div className="space-y-2">
      <p role="status" aria-live="polite" className="text-sm font-medium text-emerald-800">
        {saved}
      </p>
      <div aria-live="assertive">{failure && <ActionFailureAlert failure={failure} />}</div>
      <Table
        caption="Users of this dashboard"
        columns={[{ label: "Email" }, { label: "Role" }, { label: "Added" }, { label: "Actions", hideLabel: true }]}
      >
        {users.map((user) => {
          const self = user.id === myId;
          const busy = !hydrated || (pending && busyId === user.id);
          return (
            <Row key={user.id} data-testid="user-row" data-user-id={user.id} data-email={user.email}>
              <Cell>
                <span className="font-medium break-all max-sm:text-base">{user.email}</span>
                {user.name && user.name !== user.email && <span className="block text-xs text-slate-500">{user.name}</span>}
              </Cell>
              <Cell label="Role">
                {self ? (
                  <span className="text-sm">
                    {user.role} <span className="text-xs text-slate-500">(you: another admin changes your role)</span>
                  </span>
                ) : (
                  <select
                    aria-label={`Role of ${user.email}`}
                    defaultValue={user.role}
                    disabled={busy}
                    onChange={(e) => {
                      const role = e.target.value as Role;
                      run(user.id, () => changeRoleAction({ userId: user.id, role }), `${user.email} is now ${role}.`);
                    }}
                    className="rounded-md border border-slate-300 bg-surface px-2 py-1.5 disabled:opacity-50 max-sm:mt-1 max-sm:min-h-11 max-sm:w-full"
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                )}
              </Cell>
              <Cell label="Added" className="whitespace-nowrap text-slate-600">
                <LocalTime value={user.createdAt} />
              </Cell>
              <Cell className="text-right max-sm:text-left">
                {!self && (
                  <Button
                    variant="danger-ghost"
                    disabled={busy}
                    onClick={() => {
                      if (window.confirm(`Remove ${user.email}? They can no longer sign in.`)) {
                        run(user.id, () => removeUserAction({ userId: user.id }), `${user.email} was removed.`);
                      }
                    }}
                  >
                    Remove
                  </Button>
                )}
              </Cell>
            </Row>
          );
        })}
      </Table>
    </div>
  );
}
