import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActivityList } from "@/components/activity/activity-list";
import { GroupDangerZone } from "@/components/group/danger-zone";
import { GroupLive } from "@/components/group/group-live";
import { LazyGroupSettingsForm } from "@/components/group/lazy-settings-form";
import { JoinRequestsPanel } from "@/components/group/join-requests-panel";
import { ParticipantsPanel } from "@/components/group/participants-panel";
import { ResetInviteLink } from "@/components/group/reset-invite-link";
import { Section } from "@/components/group/section";
import { InviteLinkPanel } from "@/components/invite/invite-link-panel";
import { QueryProvider } from "@/components/providers/query-provider";
import { Alert } from "@/components/ui/alert";
import { CopyableId } from "@/components/ui/copyable-id";
import { LocalTime } from "@/components/ui/local-time";
import { hasRole } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { activityViews } from "@/lib/audit/views";
import { getDb } from "@/lib/db";
import { listAudit } from "@/lib/db/audit";
import { getGroupState } from "@/lib/db/groups-state";
import { toUserFacingError, type UserFacingError } from "@/lib/errors/user-facing";
import { getGraphClient } from "@/lib/graph";
import { groupActivitySnapshot } from "@/lib/groups/change-views";
import { groupPageHref, parseGroupPageUrl } from "@/lib/url-state/group-page";
import { JOIN_APPROVAL_MODES } from "@/lib/groups/join-approval";
import { personId, personLabel } from "@/lib/groups/people";
import { resolveNumber } from "@/lib/numbers";
import { groupsHref } from "@/lib/url-state/groups";
import { isGroupId } from "@/lib/validation/ids";
import { withRequestLog } from "@/lib/log";

export const metadata: Metadata = { title: "Group" };

const JOIN_REQUESTS_PER_PAGE = 25;

export default withRequestLog(GroupPage);

/**
 * One group: everything Meta says about it, read in parallel, each read with its own error; and everything a
 * manager can do to it. Viewers see it all read-only.
 */
async function GroupPage({
  params,
  searchParams,
}: {
  params: Promise<{ groupId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { groupId } = await params;
  if (!isGroupId(groupId)) notFound();
  const state = parseGroupPageUrl(await searchParams);
  const user = await requirePageUser("viewer", groupPageHref(groupId, state));
  const canManage = hasRole(user.role, "manager");
  const number = state.number ? resolveNumber(state.number) : null;
  const backHref = groupsHref({ number: number?.id });

  const graph = getGraphClient();
  const [info, invite, joinRequests, local] = await Promise.allSettled([
    graph.getGroup(groupId),
    graph.getInviteLink(groupId),
    graph.listJoinRequests(groupId, { limit: JOIN_REQUESTS_PER_PAGE, after: state.jrAfter, before: state.jrBefore }),
    getDb().then((db) =>
      Promise.all([
        getGroupState(db, groupId),
        groupActivitySnapshot(db, groupId),
        canManage ? listAudit(db, { groupId }, { limit: 10 }).then((page) => activityViews(db, page.rows)) : Promise.resolve([]),
      ]),
    ),
  ]);
  const problem = (result: PromiseSettledResult<unknown>): UserFacingError | null =>
    result.status === "rejected" ? toUserFacingError(result.reason) : null;

  const infoProblem = problem(info);
  const group = info.status === "fulfilled" ? info.value : null;
  const [groupState, activity, recent] =
    local.status === "fulfilled" ? local.value : [undefined, { changes: [], lastEventId: 0 }, []];
  const deleted = groupState?.deleted === 1;
  const suspended = group?.suspended ?? groupState?.suspended === 1;
  const subject = group?.subject ?? groupState?.subject ?? "This group";
  const approvalRequired = group?.joinApprovalMode === "approval_required";
  const participants = (group?.participants ?? []).filter((p) => personId(p) !== "");

  return (
    <QueryProvider>
      <article className="space-y-8" aria-labelledby="group-subject">
        <header className="space-y-3">
          <Link href={backHref} className="text-sm text-emerald-800 underline">
            ← Groups{number ? ` on ${number.label}` : ""}
          </Link>
          <h1 id="group-subject" className="break-words text-2xl font-semibold">
            {subject}
          </h1>
          <CopyableId value={groupId} label="Copy group ID" />
        </header>

        {deleted && (
          <Alert tone="warning" title="This group was deleted">
            Meta reported the group deleted: everyone, the business included, was removed from it.{" "}
            <Link href={backHref} className="font-semibold underline">
              Back to groups
            </Link>
          </Alert>
        )}
        {suspended && !deleted && (
          <Alert tone="warning" title="Suspended by Meta">
            Meta suspended this group, usually after reports from its members. Nobody can send messages in it and it cannot be
            changed until Meta clears the suspension; there is nothing to do here but wait.
          </Alert>
        )}

        <GroupLive groupId={groupId} initial={activity} />

        <Section id="overview" title="Overview">
          {infoProblem ? (
            <ReadProblem problem={infoProblem} retryHref={groupPageHref(groupId, state)} />
          ) : (
            group && (
              <dl className="grid gap-x-6 gap-y-4 text-sm sm:grid-cols-2">
                <Fact label="Description">
                  {group.description ? (
                    <p className="whitespace-pre-line">{group.description}</p>
                  ) : (
                    <span className="text-slate-500">None</span>
                  )}
                </Fact>
                <Fact label="Participants">
                  <span data-testid="participant-count">{group.totalParticipantCount ?? participants.length}</span>{" "}
                  <span className="text-slate-600">(not counting your business, which is in every group it made)</span>
                </Fact>
                <Fact label="How people join">
                  {group.joinApprovalMode ? JOIN_APPROVAL_MODES[group.joinApprovalMode].label : "Unknown"}
                  <span className="block text-xs text-slate-500">Meta does not allow changing this after the group is made.</span>
                </Fact>
                <Fact label="Created">{group.createdAt ? <LocalTime value={group.createdAt} /> : "Unknown"}</Fact>
              </dl>
            )
          )}
        </Section>

        <Section id="invite-link" title="Invite link">
          {invite.status === "fulfilled" ? (
            <div className="space-y-4">
              <InviteLinkPanel inviteLink={invite.value} subject={subject} />
              {canManage && !deleted && <ResetInviteLink groupId={groupId} subject={subject} />}
            </div>
          ) : (
            <ReadProblem problem={problem(invite)!} retryHref={groupPageHref(groupId, state)} />
          )}
        </Section>

        <Section id="participants" title="Participants">
          {group ? (
            <ParticipantsPanel
              groupId={groupId}
              phoneNumberId={number?.id}
              canManage={canManage && !deleted}
              participants={participants.map((p) => ({ id: personId(p), label: personLabel(p) }))}
            />
          ) : (
            <p className="text-sm text-slate-600">Shown once the group can be read from Meta.</p>
          )}
        </Section>

        {(approvalRequired || !group) && (
          <Section id="join-requests" title="Join requests">
            {joinRequests.status === "fulfilled" ? (
              <JoinRequestsPanel
                groupId={groupId}
                canManage={canManage && !deleted}
                requests={joinRequests.value.joinRequests.map((r) => ({
                  id: r.id,
                  label: personLabel({ waId: r.waId }),
                  createdAt: r.createdAt,
                }))}
                previousHref={
                  joinRequests.value.hasPrevious && joinRequests.value.cursors.before
                    ? groupPageHref(groupId, { number: state.number, jrBefore: joinRequests.value.cursors.before })
                    : null
                }
                nextHref={
                  joinRequests.value.hasNext && joinRequests.value.cursors.after
                    ? groupPageHref(groupId, { number: state.number, jrAfter: joinRequests.value.cursors.after })
                    : null
                }
              />
            ) : (
              <ReadProblem problem={problem(joinRequests)!} retryHref={groupPageHref(groupId, { number: state.number })} />
            )}
          </Section>
        )}

        <Section id="settings" title="Settings">
          {!canManage ? (
            <p className="text-sm text-slate-600">Managers and admins change the subject, description and picture.</p>
          ) : group && !deleted ? (
            <LazyGroupSettingsForm
              groupId={groupId}
              phoneNumberId={number?.id}
              subject={group.subject ?? ""}
              description={group.description ?? ""}
            />
          ) : (
            <p className="text-sm text-slate-600">Settings can be changed once the group can be read from Meta.</p>
          )}
        </Section>

        {canManage && recent.length > 0 && (
          <Section id="activity" title="Recent activity">
            <ActivityList entries={recent} />
            <Link href={`/activity?group=${encodeURIComponent(groupId)}`} className="text-sm text-emerald-800 underline">
              All of this group&apos;s activity
            </Link>
          </Section>
        )}

        {canManage && group && !deleted && (
          <Section id="delete" title="Delete the group">
            <GroupDangerZone groupId={groupId} phoneNumberId={number?.id} subject={group.subject ?? ""} backHref={backHref} />
          </Section>
        )}
      </article>
    </QueryProvider>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1">{children}</dd>
    </div>
  );
}

/** One read that failed: its own sentence and a way to try again, while the rest of the page shows what it could. */
function ReadProblem({ problem, retryHref }: { problem: UserFacingError; retryHref: string }) {
  return (
    <Alert
      tone={problem.kind === "auth" ? "warning" : "error"}
      title={problem.title}
      action={
        <Link href={retryHref} prefetch={false} className="font-semibold underline">
          Retry
        </Link>
      }
    >
      {problem.message}
    </Alert>
  );
}
