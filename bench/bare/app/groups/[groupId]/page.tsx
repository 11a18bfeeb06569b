/**
 * The bench's reference for the dashboard's group page: the same three Graph reads, in parallel, rendered as plain
 * HTML. No auth, no database, no client JavaScript of its own.
 */
export const dynamic = "force-dynamic";

// The query lib/graph/client.ts getGroup() sends when asked for every field.
const GROUP_FIELDS = "subject,description,participants,join_approval_mode,suspended,creation_timestamp,total_participant_count";

interface GroupInfo {
  id: string;
  subject?: string;
  description?: string;
  participants?: { wa_id?: string; user_id?: string }[];
  join_approval_mode?: string;
  suspended?: boolean;
  creation_timestamp?: number;
  total_participant_count?: number;
}

interface InviteLink {
  invite_link: string;
}

interface JoinRequests {
  data: { join_request_id: string; wa_id: string; creation_timestamp: number }[];
}

async function graph<T>(path: string): Promise<T> {
  const response = await fetch(`${process.env.GRAPH_API_BASE_URL}/v23.0/${path}`, {
    cache: "no-store",
    headers: { Authorization: `Bearer ${process.env.WHATSAPP_ACCESS_TOKEN}` },
  });
  if (!response.ok) throw new Error(`Graph answered ${response.status}`);
  return (await response.json()) as T;
}

export default async function GroupPage({ params }: { params: Promise<{ groupId: string }> }) {
  const { groupId } = await params;
  const id = encodeURIComponent(groupId);
  const [group, invite, joinRequests] = await Promise.all([
    graph<GroupInfo>(`${id}?fields=${GROUP_FIELDS}`),
    graph<InviteLink>(`${id}/invite_link`),
    graph<JoinRequests>(`${id}/join_requests?limit=25`),
  ]);
  return (
    <article>
      <h1>{group.subject}</h1>
      <p>{groupId}</p>
      <dl>
        <dt>Description</dt>
        <dd>{group.description ?? "None"}</dd>
        <dt>Participants</dt>
        <dd>{group.total_participant_count ?? group.participants?.length ?? 0}</dd>
        <dt>How people join</dt>
        <dd>{group.join_approval_mode}</dd>
        <dt>Suspended</dt>
        <dd>{group.suspended ? "yes" : "no"}</dd>
        <dt>Created</dt>
        <dd>{group.creation_timestamp ? new Date(group.creation_timestamp * 1000).toISOString() : "Unknown"}</dd>
      </dl>
      <p>
        <a href={invite.invite_link}>{invite.invite_link}</a>
      </p>
      <ul>
        {(group.participants ?? []).map((p) => (
          <li key={p.wa_id ?? p.user_id}>{p.wa_id ?? p.user_id}</li>
        ))}
      </ul>
      <table>
        <tbody>
          {joinRequests.data.map((r) => (
            <tr key={r.join_request_id} data-testid="join-request-row">
              <td>{r.wa_id}</td>
              <td>{new Date(r.creation_timestamp * 1000).toISOString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}
