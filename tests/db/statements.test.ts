import SQLite from "better-sqlite3";
import { type Generated, Kysely, SqliteDialect, sql } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import { keepingStatements } from "@/lib/db/connection";

interface Db {
  notes: { id: Generated<number>; body: string };
}

describe("SQLite statements are prepared once and reused", () => {
  const sqlite = new SQLite(":memory:");
  afterEach(() => vi.restoreAllMocks());

  async function notesDb() {
    const db = new Kysely<Db>({ dialect: new SqliteDialect({ database: keepingStatements(sqlite, 3) }) });
    await sql`create table if not exists notes (id integer primary key, body text not null)`.execute(db);
    await sql`delete from notes`.execute(db);
    return db;
  }

  it("runs the same query again without preparing it, and still sees what was written in between", async () => {
    const db = await notesDb();
    const prepare = vi.spyOn(sqlite, "prepare");
    const all = () => db.selectFrom("notes").select("body").orderBy("id").execute();
    await db.insertInto("notes").values({ body: "one" }).execute();
    expect(await all()).toEqual([{ body: "one" }]);
    await db.insertInto("notes").values({ body: "two" }).execute();
    expect(await all()).toEqual([{ body: "one" }, { body: "two" }]);
    // One insert and one select, each prepared once over two runs.
    expect(prepare).toHaveBeenCalledTimes(2);
  });

  it("gives a query a fresh statement while the kept one is being iterated, and keeps no more than its bound", async () => {
    const db = await notesDb();
    await db
      .insertInto("notes")
      .values([{ body: "a" }, { body: "b" }])
      .execute();
    const database = keepingStatements(sqlite, 2);
    const first = database.prepare("select body from notes order by id");
    const rows = first.iterate([]);
    expect(rows.next().value).toEqual({ body: "a" });
    const second = database.prepare("select body from notes order by id");
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ body: "a" }, { body: "b" }]);
    expect(rows.next().value).toEqual({ body: "b" });
    rows.return?.();
    expect(database.prepare("select body from notes order by id")).toBe(first);

    const prepare = vi.spyOn(sqlite, "prepare");
    for (const n of [1, 2, 3, 1]) database.prepare(`select ${n}`);
    // Two are kept: each new query pushes out the oldest, so select 1 is gone by the time it comes back.
    expect(prepare.mock.calls.map(([text]) => text)).toEqual(["select 1", "select 2", "select 3", "select 1"]);
  });
});
