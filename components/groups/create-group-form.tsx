"use client";

import dynamic from "next/dynamic";
import { useEffect, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { ActionFailureAlert } from "@/components/ui/action-failure";
import { useHydrated } from "@/components/ui/use-hydrated";
import { Button } from "@/components/ui/button";
import { controlProps, Field } from "@/components/ui/field";
import { callAction } from "@/lib/actions/call";
import { createGroupAction } from "@/lib/actions/groups";
import type { ActionFailure } from "@/lib/actions/result";
import { type CreatedRequest, KEEP_KEY_AFTER } from "@/lib/groups/create-outcome";
import { JOIN_APPROVAL_MODES, JOIN_APPROVAL_MODE_VALUES } from "@/lib/groups/join-approval";
import { lazyResolver } from "@/lib/forms/lazy-resolver";
import type { CreateGroupInput, CreateGroupValues } from "@/lib/validation/create-group";
import { DESCRIPTION_MAX, SUBJECT_MAX } from "@/lib/validation/limits";
import { codePointLength } from "@/lib/validation/text";
import { Icon } from "@/components/ui/icon";

/** The schema the server action parses with, loaded once the form is on screen (lib/forms/lazy-resolver.ts). */
const createGroupResolver = lazyResolver(() => import("@/lib/validation/create-group").then((m) => m.createGroupSchema));

const CreatedConfirmation = dynamic(() => import("./created-confirmation"), {
  ssr: false,
  loading: () => (
    <p role="status" className="text-sm text-slate-600">
      Request sent. Loading its status…
    </p>
  ),
});

export function CreateGroupForm({ numbers, defaultNumber }: { numbers: { id: string; label: string }[]; defaultNumber: string }) {
  const [created, setCreated] = useState<CreatedRequest | null>(null);
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const hydrated = useHydrated();
  // After a rate limit, submitting again is held back until Meta's Retry-After has passed.
  const [waitSeconds, setWaitSeconds] = useState(0);
  useEffect(() => {
    if (waitSeconds <= 0) return;
    const timer = setTimeout(() => setWaitSeconds((s) => s - 1), 1000);
    return () => clearTimeout(timer);
  }, [waitSeconds]);
  const {
    register,
    handleSubmit,
    control,
    reset,
    setError,
    setValue,
    setFocus,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<CreateGroupInput, unknown, CreateGroupValues>({
    resolver: createGroupResolver.resolver,
    mode: "onTouched",
    defaultValues: {
      phoneNumberId: defaultNumber,
      subject: "",
      description: "",
      joinApprovalMode: "auto_approve",
      idempotencyKey: newKey(),
    },
  });
  // Warm the schema and the confirmation's code while the manager types, so neither waits after submitting.
  useEffect(() => {
    createGroupResolver.preload();
    void import("./created-confirmation");
  }, []);
  const subject = useWatch({ control, name: "subject" }) ?? "";
  const description = useWatch({ control, name: "description" }) ?? "";

  async function onSubmit(values: CreateGroupValues) {
    setFailure(null);
    // The key travels with the values: an unsure outcome keeps it, so submitting again asks about the same request.
    const result = await callAction(() => createGroupAction(values));
    if (result.ok) {
      setCreated(result.data);
      return;
    }
    setFailure(result);
    if (result.retryAfterSeconds) setWaitSeconds(Math.min(result.retryAfterSeconds, 600));
    for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
      if (messages?.[0] && field in values) setError(field as keyof CreateGroupInput, { message: messages[0] });
    }
    // Any other answer spends the key: a deliberate resubmit is a new request.
    if (!KEEP_KEY_AFTER.has(result.kind)) setValue("idempotencyKey", newKey());
  }

  /** After an unconfirmed first attempt, the manager decides that it was not made and sends a new request. */
  function sendAsNew() {
    setValue("idempotencyKey", newKey());
    void handleSubmit(onSubmit)();
  }

  if (created) {
    return (
      <CreatedConfirmation
        created={created}
        onCreateAnother={() => {
          reset({ ...getValues(), subject: "", description: "", idempotencyKey: newKey() });
          setCreated(null);
          requestAnimationFrame(() => setFocus("subject"));
        }}
      />
    );
  }

  const trimmedLength = codePointLength(subject.trim());
  return (
    <form
      method="post"
      onSubmit={handleSubmit(onSubmit)}
      noValidate
      className="space-y-6 rounded-xl border border-slate-200 bg-surface p-4 shadow-sm sm:p-6"
    >
      {numbers.length > 1 && (
        <Field id="phoneNumberId" label="Business number" error={errors.phoneNumberId?.message}>
          <select {...controlProps("phoneNumberId", errors.phoneNumberId?.message)} {...register("phoneNumberId")}>
            {numbers.map((n) => (
              <option key={n.id} value={n.id}>
                {n.label === n.id ? n.id : `${n.label} (${n.id})`}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field
        id="subject"
        label="Subject"
        hint="The group's name as members see it. Spaces at either end are removed."
        error={errors.subject?.message}
        counter={{ value: trimmedLength, max: SUBJECT_MAX }}
      >
        <input
          type="text"
          autoComplete="off"
          {...controlProps("subject", errors.subject?.message, ["hint", "counter"])}
          {...register("subject")}
        />
      </Field>
      <Field
        id="description"
        label="Description (optional)"
        error={errors.description?.message}
        counter={{ value: codePointLength(description), max: DESCRIPTION_MAX }}
      >
        <textarea
          rows={4}
          {...controlProps("description", errors.description?.message, ["counter"])}
          {...register("description")}
        />
      </Field>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Join approval</legend>
        <p className="text-xs text-slate-500">Meta does not allow changing this after the group is made.</p>
        {JOIN_APPROVAL_MODE_VALUES.map((mode) => (
          <label
            key={mode}
            className="flex cursor-pointer gap-3 rounded-lg border border-slate-200 p-3 has-[:checked]:border-emerald-600 has-[:checked]:bg-emerald-50"
          >
            <input type="radio" value={mode} className="mt-1 accent-emerald-700" {...register("joinApprovalMode")} />
            <span>
              <span className="block text-sm font-medium">{JOIN_APPROVAL_MODES[mode].label}</span>
              <span className="block text-xs text-slate-600">{JOIN_APPROVAL_MODES[mode].explanation}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div aria-live="assertive">
        {failure && (
          <ActionFailureAlert
            failure={failure}
            action={
              failure.kind === "still-unconfirmed" ? (
                <Button variant="secondary" onClick={sendAsNew} disabled={isSubmitting}>
                  Send as a new request
                </Button>
              ) : undefined
            }
          />
        )}
      </div>
      <div className="flex justify-end">
        <Button type="submit" disabled={isSubmitting || waitSeconds > 0 || !hydrated}>
          {isSubmitting && <Icon name="loader" className="size-4 animate-spin" />}
          {isSubmitting ? "Creating…" : waitSeconds > 0 ? `Create group (wait ${waitSeconds} s)` : "Create group"}
        </Button>
      </div>
    </form>
  );
}

function newKey(): string {
  return crypto.randomUUID();
}
