"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Alert } from "@/components/ui/alert";
import { useHydrated } from "@/components/ui/use-hydrated";
import { Button } from "@/components/ui/button";
import { controlProps, Field } from "@/components/ui/field";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";
import { Icon } from "@/components/ui/icon";

// Plain react-hook-form rules: zod would add ~40 kB to the one page everybody loads first. The server validates again.
interface Values {
  email: string;
  password: string;
}
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string; initialError: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError);
  const hydrated = useHydrated();
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<Values>();

  async function onSubmit(values: Values) {
    setError(null);
    try {
      const result = await signIn("credentials", { ...values, redirect: false });
      if (!result || result.error) {
        setError(signInErrorMessage(result?.error ?? "unknown", "answer"));
        return;
      }
      router.replace(safeCallbackPath(callbackUrl));
      router.refresh();
    } catch {
      setError("The server could not be reached. Check your connection and try again.");
    }
  }

  return (
    <form method="post" onSubmit={handleSubmit(onSubmit)} noValidate className="space-y-4">
      <Field id="email" label="Email" error={errors.email?.message}>
        <input
          type="email"
          autoComplete="username"
          autoFocus
          {...controlProps("email", errors.email?.message)}
          {...register("email", {
            required: "Enter your email address.",
            pattern: { value: EMAIL, message: "Enter an email address like name@example.com." },
          })}
        />
      </Field>
      <Field id="password" label="Password" error={errors.password?.message}>
        <input
          type="password"
          autoComplete="current-password"
          {...controlProps("password", errors.password?.message)}
          {...register("password", { required: "Enter your password." })}
        />
      </Field>
      <div aria-live="assertive">{error && <Alert tone="error" title={error} />}</div>
      <Button type="submit" className="w-full" disabled={isSubmitting || !hydrated}>
        {isSubmitting && <Icon name="loader" className="size-4 animate-spin" />}
        {isSubmitting ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
