/**
 * The bench's reference for the dashboard's /groups?view=live: one server component, one Graph call, a plain table.
 * No auth, no validation, no client JavaScript of its own.
 */
export const dynamic = "force-dynamic";

interface GroupList {
  data: { groups: { id: string; subject: string; created_at: string }[] };
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function GroupsPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const limit = typeof params.limit === "string" ? params.limit : "25";
  const number = typeof params.number === "string" ? params.number : "";
  const response = await fetch(`${process.env.GRAPH_API_BASE_URL}/v23.0/${number}/groups?limit=${limit}`, {
    cache: "no-store",
    headers: { Authorization: `Bearer ${process.env.WHATSAPP_ACCESS_TOKEN}` },
  });
  if (!response.ok) throw new Error(`Graph answered ${response.status}`);
  const { data } = (await response.json()) as GroupList;
  return (
    <table>
      <thead>
        <tr>
          <th>Subject</th>
          <th>Group ID</th>
          <th>Created</th>
        </tr>
      </thead>
      <tbody>
        {data.groups.map((group) => (
          <tr key={group.id}>
            <td>{group.subject}</td>
            <td>{group.id}</td>
            <td>{group.created_at}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
