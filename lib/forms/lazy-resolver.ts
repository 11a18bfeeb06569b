import { standardSchemaResolver } from "@hookform/resolvers/standard-schema";
import type { FieldValues, Resolver } from "react-hook-form";

/** A schema react-hook-form can validate with: zod's schemas (classic and mini) are Standard Schemas. */
type Schema<Input extends FieldValues, Output> = Parameters<typeof standardSchemaResolver<Input, unknown, Output>>[0];

export interface LazyResolver<Input extends FieldValues, Output> {
  resolver: Resolver<Input, unknown, Output>;
  /** Starts loading the schema (a form calls it once it is on screen), so the first validation does not wait. */
  preload: () => void;
}

/**
 * A react-hook-form resolver whose schema module is loaded on first use rather than with the page. A form's shared
 * schema is zod, and zod's core is the largest part of a form page's JavaScript (18 kB gzip): loading it after the page
 * has hydrated keeps every page within the first-load budget while the browser validates with exactly the schema
 * the server action parses. Validation waits for the module only if the manager is faster than the network.
 */
export function lazyResolver<Input extends FieldValues, Output>(
  load: () => Promise<Schema<Input, Output>>,
): LazyResolver<Input, Output> {
  let loading: Promise<Resolver<Input, unknown, Output>> | null = null;
  const resolve = () => {
    loading ??= load().then(
      (schema) => standardSchemaResolver(schema),
      (error: unknown) => {
        loading = null; // a failed load is tried again at the next validation
        throw error;
      },
    );
    return loading;
  };
  return {
    resolver: async (values, context, options) => {
      let resolver: Resolver<Input, unknown, Output>;
      try {
        resolver = await resolve();
      } catch {
        // The module did not load (offline, or a deploy replaced the chunk). The server action parses the same input
        // with the same schema and its field errors are shown the same way, so the form submits what was typed rather
        // than doing nothing.
        return { values: values as unknown as Output, errors: {} };
      }
      return resolver(values, context, options);
    },
    preload: () => void resolve().catch(() => undefined),
  };
}
