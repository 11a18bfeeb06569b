"use client";

import { useEffect, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { ActionFailureAlert } from "@/components/ui/action-failure";
import { useHydrated } from "@/components/ui/use-hydrated";
import { Button } from "@/components/ui/button";
import { controlProps, Field } from "@/components/ui/field";
import { callAction } from "@/lib/actions/call";
import { updateSettingsAction } from "@/lib/actions/groups";
import type { ActionFailure } from "@/lib/actions/result";
import { DESCRIPTION_MAX, SUBJECT_MAX } from "@/lib/validation/limits";
import { lazyResolver } from "@/lib/forms/lazy-resolver";
import type { SettingsFormValues } from "@/lib/validation/group-admin";
import { codePointLength } from "@/lib/validation/text";
import { PictureUpload } from "./picture-upload";
import { useAfterChange } from "./use-after-change";

/**
 * Subject and description, with the create form's counters and rules (the same zod schemas, parsed again by the
 * action), and the profile picture. Only what changed is sent. Join approval mode is not offered: Meta has no call
 * that changes it.
 */
/** The schema the server action parses with, loaded once the form is on screen (lib/forms/lazy-resolver.ts). */
const settingsResolver = lazyResolver(() => import("@/lib/validation/group-admin").then((m) => m.settingsFormSchema));

export function GroupSettingsForm({
  groupId,
  phoneNumberId,
  subject,
  description,
}: {
  groupId: string;
  phoneNumberId?: string;
  subject: string;
  description: string;
}) {
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const hydrated = useHydrated();
  const afterChange = useAfterChange(groupId);
  const {
    register,
    handleSubmit,
    control,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SettingsFormValues>({
    resolver: settingsResolver.resolver,
    mode: "onTouched",
    defaultValues: { subject, description },
  });
  useEffect(() => settingsResolver.preload(), []);
  const typedSubject = useWatch({ control, name: "subject" }) ?? "";
  const typedDescription = useWatch({ control, name: "description" }) ?? "";

  async function onSubmit(values: SettingsFormValues) {
    setFailure(null);
    setSent(null);
    const changed: { subject?: string; description?: string } = {};
    if (values.subject !== subject.trim()) changed.subject = values.subject;
    if (values.description !== description) changed.description = values.description;
    if (changed.subject === undefined && changed.description === undefined) {
      setError("subject", { message: "Nothing changed: edit the subject or the description first." });
      return;
    }
    const result = await callAction(() => updateSettingsAction({ groupId, phoneNumberId, ...changed }));
    if (!result.ok) {
      setFailure(result);
      for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
        if ((field === "subject" || field === "description") && messages?.[0]) setError(field, { message: messages[0] });
      }
      return;
    }
    setSent("Sent to Meta. The change shows as waiting above until Meta confirms it.");
    afterChange();
  }

  return (
    <div className="space-y-8">
      <form method="post" onSubmit={handleSubmit(onSubmit)} noValidate className="space-y-5" aria-label="Subject and description">
        <Field
          id="settings-subject"
          label="Subject"
          error={errors.subject?.message}
          counter={{ value: codePointLength(typedSubject.trim()), max: SUBJECT_MAX }}
        >
          <input
            type="text"
            autoComplete="off"
            {...controlProps("settings-subject", errors.subject?.message, ["counter"])}
            {...register("subject")}
          />
        </Field>
        <Field
          id="settings-description"
          label="Description"
          hint="Leave it empty to remove the description."
          error={errors.description?.message}
          counter={{ value: codePointLength(typedDescription), max: DESCRIPTION_MAX }}
        >
          <textarea
            rows={4}
            {...controlProps("settings-description", errors.description?.message, ["hint", "counter"])}
            {...register("description")}
          />
        </Field>
        <p className="text-xs text-slate-600">
          How people join (with or without approval) is fixed when a group is made: Meta offers no way to change it.
        </p>
        <div aria-live="assertive">{failure && <ActionFailureAlert failure={failure} />}</div>
        {sent && (
          <p role="status" className="text-sm font-medium text-emerald-800">
            {sent}
          </p>
        )}
        <Button type="submit" disabled={isSubmitting || !hydrated}>
          {isSubmitting ? "Saving…" : "Save changes"}
        </Button>
      </form>
      <PictureUpload groupId={groupId} phoneNumberId={phoneNumberId} onSent={afterChange} />
    </div>
  );
}
