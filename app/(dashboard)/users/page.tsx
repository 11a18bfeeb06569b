import type { Metadata } from "next";
import { AddUserForm } from "@/components/users/add-user-form";
import { UsersTable } from "@/components/users/users-table";
import { requirePageUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { listUsers } from "@/lib/db/users";
import { withRequestLog } from "@/lib/log";

export const metadata: Metadata = { title: "Users" };

export default withRequestLog(UsersPage);

async function UsersPage() {
  const me = await requirePageUser("admin", "/users");
  const users = await listUsers(await getDb());
  return (
    <section className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Users</h1>
        <p className="text-sm text-slate-600">
          Viewers browse and copy; managers also create and manage groups; admins also manage users.
        </p>
      </div>
      <UsersTable
        users={users.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, createdAt: u.created_at }))}
        myId={Number(me.id)}
      />
      <AddUserForm />
    </section>
  );
}
