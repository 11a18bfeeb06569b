/** The bench's table: one row per figure, the dashboard beside the bare app, as a ratio against its goal. */
import fs from "node:fs";
import path from "node:path";
import { RESULTS_DIR, ROOT } from "./stack";

/** OK / OVER against a goal; info: reported for reading the others; error: could not be measured. */
export type Verdict = "OK" | "OVER" | "info" | "skipped" | "ERROR";

export interface Row {
  figure: string;
  dashboard: string;
  bare: string;
  ratio: string;
  goal: string;
  verdict: Verdict;
}

export const verdict = (ok: boolean): Verdict => (ok ? "OK" : "OVER");

/** A figure of the dashboard alone (no bare counterpart): OK / OVER against its goal, or info when `ok` is null. */
export const ownRow = (figure: string, value: string, goal: string, ok: boolean | null): Row => ({
  figure,
  dashboard: value,
  bare: "—",
  ratio: "—",
  goal,
  verdict: ok === null ? "info" : verdict(ok),
});
export const ms = (n: number): string => `${n.toFixed(1)} ms`;
export const kB = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;
export const ratio = (a: number, b: number): string => (b > 0 && Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : "—");
export const mb = (n: number | null): string => (n === null ? "?" : `${n.toFixed(0)} MB`);

export interface Section {
  title: string;
  rows: Row[];
  /** why the section could not be measured (then `rows` is empty) */
  error?: string;
  /** why the section was not run */
  skipped?: string;
}

const HEADER: Row = { figure: "figure", dashboard: "dashboard", bare: "bare", ratio: "ratio", goal: "goal", verdict: "OK" };

export function printTable(sections: Section[]): void {
  const all = sections.flatMap((s) => s.rows.map((r) => ({ ...r, figure: `  ${r.figure}` })));
  const width = (key: keyof Row) => Math.max(...[HEADER, ...all].map((r) => r[key].length));
  const widths = {
    figure: width("figure"),
    dashboard: width("dashboard"),
    bare: width("bare"),
    ratio: width("ratio"),
    goal: width("goal"),
  };
  const line = (r: Row, verdictText: string) =>
    [
      r.figure.padEnd(widths.figure),
      r.dashboard.padStart(widths.dashboard),
      r.bare.padStart(widths.bare),
      r.ratio.padStart(widths.ratio),
      r.goal.padEnd(widths.goal),
      verdictText,
    ].join("  ");
  const rule = "-".repeat(line(HEADER, "verdict").length);
  console.log(`\n${line(HEADER, "verdict")}\n${rule}`);
  for (const section of sections) {
    console.log(section.title);
    if (section.skipped) console.log(`  skipped: ${section.skipped}`);
    if (section.error) console.log(`  ERROR, not measured: ${section.error.split("\n")[0]}`);
    for (const row of section.rows) console.log(line({ ...row, figure: `  ${row.figure}` }, row.verdict));
  }
  console.log(rule);
  const over = sections.flatMap((s) =>
    s.rows.filter((r) => r.verdict === "OVER").map((r) => `${s.title.split(".")[0]}. ${r.figure.trim()}`),
  );
  console.log(over.length === 0 ? "Every budget is met." : `Over budget (${over.length}): ${over.join("; ")}`);
}

export function writeResults(results: unknown): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, "latest.json");
  fs.writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
  return path.relative(ROOT, file);
}
