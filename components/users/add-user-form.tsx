"use client";

import { useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { ActionFailureAlert } from "@/components/ui/action-failure";
import { useHydrated } from "@/components/ui/use-hydrated";
import { Button } from "@/components/ui/button";
import { controlProps, Field } from "@/components/ui/field";
import { callAction } from "@/lib/actions/call";
import type { ActionFailure } from "@/lib/actions/result";
import { addUserAction } from "@/lib/actions/users";
import { ROLES } from "@/lib/auth/roles";
import { lazyResolver } from "@/lib/forms/lazy-resolver";
import type { AddUserInput } from "@/lib/validation/users";

/** The schema the server action parses with, loaded once the form is on screen (lib/forms/lazy-resolver.ts). */
const addUserResolver = lazyResolver(() => import("@/lib/validation/users").then((m) => m.addUserSchema));

export function AddUserForm() {
  const [failure, setFailure] = useState<ActionFailure | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const hydrated = useHydrated();
  const {
    register,
    handleSubmit,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<AddUserInput>({ resolver: addUserResolver.resolver, defaultValues: { role: "viewer" } });
  useEffect(() => addUserResolver.preload(), []);

  async function onSubmit(values: AddUserInput) {
    setFailure(null);
    setSaved(null);
    const result = await callAction(() => addUserAction(values));
    if (!result.ok) return setFailure(result);
    setSaved(
      result.data.outcome === "created"
        ? `${values.email} can now sign in.`
        : `${values.email} already had an account: its password and role were replaced, and it was signed out everywhere.`,
    );
    reset({ email: "", name: "", password: "", role: values.role });
  }

  return (
    <form
      method="post"
      onSubmit={handleSubmit(onSubmit)}
      noValidate
      className="max-w-xl space-y-4 rounded-xl border border-slate-200 bg-surface p-4 sm:p-6"
    >
      <h2 className="text-base font-semibold">Add a user</h2>
      <p className="text-sm text-slate-600">
        An email that already has an account gets the new password and role (its name is kept when left blank).
      </p>
      <Field id="new-email" label="Email" error={errors.email?.message}>
        <input type="email" autoComplete="off" {...controlProps("new-email", errors.email?.message)} {...register("email")} />
      </Field>
      <Field id="new-name" label="Name (optional)" error={errors.name?.message}>
        <input type="text" autoComplete="off" {...controlProps("new-name", errors.name?.message)} {...register("name")} />
      </Field>
      <Field
        id="new-password"
        label="Password"
        error={errors.password?.message}
        hint="At least 8 characters. Share it privately."
      >
        <input
          type="password"
          autoComplete="new-password"
          {...controlProps("new-password", errors.password?.message, ["hint"])}
          {...register("password")}
        />
      </Field>
      <Field id="new-role" label="Role" error={errors.role?.message}>
        <select {...controlProps("new-role", errors.role?.message)} {...register("role")}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </Field>
      <div aria-live="assertive">{failure && <ActionFailureAlert failure={failure} />}</div>
      <p role="status" className="text-sm font-medium text-emerald-800">
        {saved}
      </p>
      <Button type="submit" disabled={isSubmitting || !hydrated}>
        {isSubmitting ? "Saving…" : "Add user"}
      </Button>
    </form>
  );
}
