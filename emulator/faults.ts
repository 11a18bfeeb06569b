import { z } from "zod";

const asyncFailureSchema = z.object({
  code: z.number().int(),
  title: z.string().optional(),
  message: z.string().optional(),
  details: z.string().optional(),
});

export const faultRuleSchema = z
  .object({
    method: z.enum(["GET", "POST", "DELETE"]).optional(),
    path: z.string().min(1).max(1000).optional(),
    /** query parameters the call must carry with these exact values, e.g. {"limit": "1024"} */
    query: z.record(z.string(), z.string()).optional(),
    times: z.number().int().min(1).optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    error: z
      .object({
        status: z.number().int().min(400).max(599),
        code: z.number().int(),
        subcode: z.number().int().optional(),
        type: z.string().min(1).optional(),
        message: z.string().min(1).optional(),
        retryAfter: z.number().int().min(0).optional(),
      })
      .optional(),
    body: z.enum(["malformed", "empty"]).optional(),
    drop: z.boolean().optional(),
    /** POST /{phone}/groups: answers a request_id, then the group_create webhook reports this failure */
    createFailure: asyncFailureSchema.optional(),
    /** POST /{group}: answers 200, then group_settings_update reports update_successful:false and these errors */
    settingsFailure: asyncFailureSchema.optional(),
    /** DELETE /{group}: answers {"success":true}, then group_delete carries these errors and the group stays */
    deleteFailure: asyncFailureSchema.optional(),
  })
  .strict()
  .refine(
    (r) => [r.createFailure, r.settingsFailure, r.deleteFailure].filter((f) => f !== undefined).length <= 1,
    "a rule can carry at most one of createFailure, settingsFailure and deleteFailure",
  );

export type FaultRuleInput = z.infer<typeof faultRuleSchema>;

export interface FaultRule extends FaultRuleInput {
  id: string;
  /** matching calls left; undefined = until cleared */
  remaining?: number;
}

/** A failure reported later by webhook (createFailure, settingsFailure, deleteFailure), with defaults filled in. */
export interface AsyncFailure {
  code: number;
  title: string;
  message: string;
  details: string;
}

export type AsyncFailureInput = z.infer<typeof asyncFailureSchema>;

/** Matches a path (without the /vNN.N prefix) against a glob: `*` = one segment (or part of one), `**` = any segments. */
export function globMatch(pattern: string, path: string): boolean {
  const p = splitPath(pattern);
  const s = splitPath(path);
  const memo = new Map<string, boolean>();
  const match = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result: boolean;
    const seg = p[i];
    if (seg === undefined) result = j === s.length;
    else if (seg === "**") result = match(i + 1, j) || (j < s.length && match(i, j + 1));
    else {
      const part = s[j];
      result = part !== undefined && segmentMatch(seg, part) && match(i + 1, j + 1);
    }
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

function splitPath(path: string): string[] {
  return path.split("/").filter((x) => x.length > 0);
}

function segmentMatch(pattern: string, segment: string): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*")) return pattern === segment;
  const re = new RegExp("^" + pattern.split("*").map(escapeRegExp).join("[^/]*") + "$");
  return re.test(segment);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** True for POST /{phone}/groups (the only call a createFailure rule applies to). */
function isCreateCall(method: string, path: string): boolean {
  const s = splitPath(path);
  return method === "POST" && s.length === 2 && s[1] === "groups";
}

/** True for POST /{group} (the only call a settingsFailure rule applies to). */
function isSettingsCall(method: string, path: string): boolean {
  return method === "POST" && splitPath(path).length === 1;
}

/** True for DELETE /{group} (the only call a deleteFailure rule applies to). */
function isDeleteCall(method: string, path: string): boolean {
  return method === "DELETE" && splitPath(path).length === 1;
}

export class FaultStore {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = { ...input, id: `f${this.nextId++}` };
    if (input.times !== undefined) rule.remaining = input.times;
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  reset(): void {
    this.rules = [];
    this.nextId = 1;
  }

  /** Finds the first matching rule with calls left, consumes one use and returns it (exhausted rules are removed). */
  take(method: string, path: string, query: URLSearchParams = new URLSearchParams()): FaultRule | undefined {
    const create = isCreateCall(method, path);
    const settings = isSettingsCall(method, path);
    const del = isDeleteCall(method, path);
    const rule = this.rules.find((r) => {
      if (r.method !== undefined && r.method !== method) return false;
      if (r.path !== undefined && !globMatch(r.path, path)) return false;
      if (r.query !== undefined && Object.entries(r.query).some(([k, v]) => query.get(k) !== v)) return false;
      if (r.createFailure !== undefined && !create) return false;
      if (r.settingsFailure !== undefined && !settings) return false;
      if (r.deleteFailure !== undefined && !del) return false;
      return r.remaining === undefined || r.remaining > 0;
    });
    if (!rule) return undefined;
    if (rule.remaining !== undefined) {
      rule.remaining--;
      if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
    }
    return { ...rule };
  }
}

const DEFAULT_TITLES = {
  create: "Group creation failed",
  settings: "Group settings update failed",
  delete: "Group deletion failed",
} as const;

/** Fills in a failure's defaults: title per kind, message `(#code) title`, details = title. */
export function toAsyncFailure(input: AsyncFailureInput, kind: keyof typeof DEFAULT_TITLES): AsyncFailure {
  const title = input.title ?? DEFAULT_TITLES[kind];
  return {
    code: input.code,
    title,
    message: input.message ?? `(#${input.code}) ${title}`,
    details: input.details ?? title,
  };
}
