import { authorizeRoute } from "@/lib/auth/route";
import { getDb } from "@/lib/db";
import { getGraphClient } from "@/lib/graph";
import { updateGroupPicture } from "@/lib/groups/manage";
import { isGroupId, isPhoneNumberId } from "@/lib/validation/ids";
import { PICTURE_RULES } from "@/lib/validation/picture";
import { readBodyCapped } from "@/lib/http/body";
import { withRequestLog } from "@/lib/log";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The picture plus the form's own fields and boundaries. */
const MAX_UPLOAD_BYTES = PICTURE_RULES.maxBytes + 64 * 1024;

/**
 * POST multipart/form-data with `file` (and `phoneNumberId`): a new profile picture for the group. Managers only.
 * A route handler rather than a server action: an action's body is capped at 1 MB, a picture may be 5. The file is
 * checked from its own bytes (lib/groups/manage.ts) before it goes to Meta. Answers an ActionResult as JSON.
 */
async function handlePOST(request: Request, { params }: { params: Promise<{ groupId: string }> }): Promise<Response> {
  const auth = await authorizeRoute("manager");
  if (auth.denied) return auth.denied;
  const { groupId } = await params;
  if (!isGroupId(groupId)) return refuse(400, "invalid-input", "That is not a group ID.");
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) {
    return refuse(415, "invalid-input", "Send the picture as a form upload (multipart/form-data).");
  }
  const raw = await readBodyCapped(request, MAX_UPLOAD_BYTES);
  if (raw === null) return refuse(413, "too-large", "The picture must be at most 5 MB.");
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(raw), {
      headers: { "Content-Type": request.headers.get("content-type")! },
    }).formData();
  } catch {
    return refuse(400, "invalid-input", "The upload could not be read. Choose the picture again.");
  }
  const file = form.get("file");
  if (!(file instanceof Blob) || file.size === 0) return refuse(400, "invalid-input", "Choose a picture to upload.");
  const number = form.get("phoneNumberId");
  const result = await updateGroupPicture(
    { db: await getDb(), graph: getGraphClient(), user: auth.user },
    {
      groupId,
      phoneNumberId: typeof number === "string" && isPhoneNumberId(number) ? number : undefined,
      bytes: new Uint8Array(await file.arrayBuffer()),
    },
  );
  const status = result.ok ? 200 : result.kind === "invalid-input" ? 400 : 502;
  return Response.json(result, { status, headers: { "Cache-Control": "no-store" } });
}

function refuse(status: number, kind: string, message: string): Response {
  return Response.json(
    { ok: false, kind, title: "The picture was not uploaded", message },
    { status, headers: { "Cache-Control": "no-store" } },
  );
}

export const POST = withRequestLog(handlePOST);
