"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Loader2 } from "lucide-react";
import dynamic from "next/dynamic";
import { useEffect, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { createGroupAction, type CreatedRequest } from "@/app/(dashboard)/groups/new/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { controlProps, Field } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/result";
import {
  type CreateGroupInput,
  type CreateGroupValues,
  createGroupSchema,
  DESCRIPTION_MAX,
  JOIN_APPROVAL_MODES,
  SUBJECT_MAX,
} from "@/lib/validation/create-group";

const CreatedConfirmation = dynamic(() => import("./created-confirmation"), {
  ssr: false,
  loading: () => (
    <p role="status" className="text-sm text-slate-600">
      Request sent. Loading its status…
    </p>
  ),
});

type Failure = Extract<ActionResult<unknown>, { ok: false }>;

export function CreateGroupForm({ numbers, defaultNumber }: { numbers: { id: string; label: string }[]; defaultNumber: string }) {
  const [created, setCreated] = useState<CreatedRequest | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
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
    resolver: zodResolver(createGroupSchema),
    mode: "onTouched",
    defaultValues: {
      phoneNumberId: defaultNumber,
      subject: "",
      description: "",
      joinApprovalMode: "auto_approve",
      idempotencyKey: newKey(),
    },
  });
  // Warm the confirmation's code while the manager types, so it appears at once after submitting.
  useEffect(() => {
    void import("./created-confirmation");
  }, []);
  const subject = useWatch({ control, name: "subject" }) ?? "";
  const description = useWatch({ control, name: "description" }) ?? "";

  async function onSubmit(values: CreateGroupValues) {
    setFailure(null);
    let result: ActionResult<CreatedRequest>;
    try {
      result = await createGroupAction(values);
    } catch {
      // The answer was lost on the way (connection dropped, server restarted). The key is kept, so submitting
      // again returns the first attempt's result instead of making a second group.
      setFailure({
        ok: false,
        kind: "network",
        title: "No answer from the dashboard",
        message: "Your connection may have dropped. Submit again: the same request is not sent twice.",
      });
      return;
    }
    if (result.ok) {
      setCreated(result.data);
      return;
    }
    setFailure(result);
    if (result.retryAfterSeconds) setWaitSeconds(Math.min(result.retryAfterSeconds, 600));
    for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
      if (messages?.[0] && field in values) setError(field as keyof CreateGroupInput, { message: messages[0] });
    }
    // The server answered, so this key is spent: a deliberate resubmit is a new request.
    if (result.kind !== "in-progress") setValue("idempotencyKey", newKey());
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

  const trimmedLength = subject.trim().length;
  return (
    <form
      onSubmit={handleSubmit(onSubmit)}
      noValidate
      className="space-y-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm"
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
        counter={{ value: description.length, max: DESCRIPTION_MAX }}
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
        {(Object.keys(JOIN_APPROVAL_MODES) as Array<keyof typeof JOIN_APPROVAL_MODES>).map((mode) => (
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
          <Alert tone={failure.kind === "auth" ? "warning" : "error"} title={failure.title}>
            {failure.message}
          </Alert>
        )}
      </div>
      <div className="flex justify-end">
        <Button type="submit" disabled={isSubmitting || waitSeconds > 0}>
          {isSubmitting && <Loader2 aria-hidden className="size-4 animate-spin" />}
          {isSubmitting ? "Creating…" : waitSeconds > 0 ? `Create group (wait ${waitSeconds} s)` : "Create group"}
        </Button>
      </div>
    </form>
  );
}

function newKey(): string {
  return crypto.randomUUID();
}
