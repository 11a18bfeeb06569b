"use client";

import { useEffect, useState } from "react";
import { ActionFailureAlert } from "@/components/ui/action-failure";
import { Button } from "@/components/ui/button";
import { useHydrated } from "@/components/ui/use-hydrated";
import type { ActionFailure, ActionResult } from "@/lib/actions/result";
import { NO_ANSWER } from "@/lib/actions/call";
import { pictureProblem, pictureProblemMessage, PICTURE_RULES } from "@/lib/validation/picture";

interface Chosen {
  file: File;
  url: string;
  width: number;
  height: number;
}

/**
 * A new profile picture: checked here before anything is sent (JPEG, at most 5 MB, square, at least 192 px, read
 * from the decoded image), and checked again by the server from the file's own bytes.
 */
export function PictureUpload({
  groupId,
  phoneNumberId,
  onSent,
}: {
  groupId: string;
  phoneNumberId?: string;
  onSent: () => void;
}) {
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  // A file chosen before React owns the input would be shown as chosen and never checked or offered for upload.
  const hydrated = useHydrated();
  useEffect(
    () => () => {
      if (chosen) URL.revokeObjectURL(chosen.url);
    },
    [chosen],
  );

  async function choose(file: File | undefined) {
    setProblem(null);
    setFailure(null);
    setSent(false);
    setChosen(null);
    if (!file) return;
    let size = { width: 0, height: 0 };
    try {
      const bitmap = await createImageBitmap(file);
      size = { width: bitmap.width, height: bitmap.height };
      bitmap.close();
    } catch {
      // not an image the browser can read: the type check below says what is wrong
    }
    const found = pictureProblem({ type: file.type, bytes: file.size, ...size });
    if (found || size.width === 0) {
      setProblem(pictureProblemMessage(found ?? "type", size.width ? size : undefined));
      return;
    }
    setChosen({ file, url: URL.createObjectURL(file), ...size });
  }

  async function upload() {
    if (!chosen) return;
    setBusy(true);
    setFailure(null);
    const form = new FormData();
    form.set("file", chosen.file);
    if (phoneNumberId) form.set("phoneNumberId", phoneNumberId);
    let result: ActionResult<unknown>;
    try {
      const response = await fetch(`/api/groups/${encodeURIComponent(groupId)}/picture`, { method: "POST", body: form });
      result =
        response.status === 401
          ? { ok: false, kind: "unauthenticated", title: "Signed out", message: "" }
          : ((await response.json()) as ActionResult<unknown>);
    } catch {
      result = NO_ANSWER;
    }
    setBusy(false);
    if (!result.ok) return setFailure(result);
    setSent(true);
    setChosen(null);
    onSent();
  }

  return (
    <div className="space-y-3" aria-label="Profile picture" role="group">
      <h3 className="text-sm font-medium text-slate-800">Profile picture</h3>
      <p id="picture-rules" className="text-xs text-slate-600">
        A square JPEG, at least {PICTURE_RULES.minPixels} × {PICTURE_RULES.minPixels} pixels, at most 5 MB.
      </p>
      <input
        type="file"
        accept="image/jpeg"
        aria-label="Choose a profile picture"
        disabled={!hydrated}
        aria-describedby="picture-rules picture-problem"
        onChange={(e) => void choose(e.target.files?.[0])}
        className="block text-sm file:mr-3 file:min-h-11 file:rounded-md file:border file:border-slate-300 file:bg-surface file:px-3 file:py-2 file:text-sm file:font-medium"
      />
      <p id="picture-problem" role="alert" className="text-sm text-red-800">
        {problem}
      </p>
      {chosen && (
        <div className="flex flex-wrap items-center gap-4">
          {/* eslint-disable-next-line @next/next/no-img-element -- a local preview (blob: URL) of the file just chosen */}
          <img
            src={chosen.url}
            alt="The picture to upload"
            className="size-24 rounded-full border border-slate-200 object-cover"
          />
          <span className="text-xs text-slate-600">
            {chosen.width} × {chosen.height} px, {(chosen.file.size / 1024).toFixed(0)} kB
          </span>
          <Button onClick={() => void upload()} disabled={busy}>
            {busy ? "Uploading…" : "Upload picture"}
          </Button>
        </div>
      )}
      <div aria-live="assertive">{failure && <ActionFailureAlert failure={failure} />}</div>
      {sent && (
        <p role="status" className="text-sm font-medium text-emerald-800">
          Picture sent to Meta. It shows as waiting above until Meta confirms it.
        </p>
      )}
    </div>
  );
}
