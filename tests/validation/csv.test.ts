import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, csvResponse, csvRow } from "@/lib/csv";

describe("spreadsheet-safe CSV", () => {
  it("quotes what RFC 4180 says must be quoted, doubling quotes", () => {
    expect(csvRow(["plain", "a,b", 'say "hi"', "two\nlines", 42, null])).toBe('plain,"a,b","say ""hi""","two\nlines",42,\r\n');
  });

  it.each(['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])(
    "neutralises %j so it stays text",
    (value) => {
      expect(csvCell(value).replace(/^"/, "").startsWith("'")).toBe(true);
    },
  );

  it("leaves numbers, and text that merely contains a sign, alone", () => {
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell("Book club = fun")).toBe("Book club = fun");
  });

  it("streams a BOM, the header and each batch, with a safe file name", async () => {
    function* batches() {
      yield [["a", 1]];
      yield [["=b", 2]];
    }
    const response = csvResponse("groups Lisbôa.csv", ["Name", "N"], batches());
    expect(response.headers.get("content-disposition")).toBe(
      "attachment; filename=\"groups-Lisb-a.csv\"; filename*=UTF-8''groups%20Lisb%C3%B4a.csv",
    );
    const bytes = Buffer.from(await response.arrayBuffer());
    // text() would drop the byte-order mark; the bytes show it is there.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8")).toBe(`${CSV_BOM}Name,N\r\na,1\r\n'=b,2\r\n`);
  });
});
