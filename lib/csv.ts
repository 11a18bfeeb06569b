/**
 * CSV that spreadsheets open correctly and cannot be turned against whoever opens it: RFC 4180 quoting (a field
 * with a comma, a quote or a line break is quoted, quotes doubled), CRLF line ends, UTF-8 with a byte-order mark
 * (Excel otherwise guesses the wrong encoding), and any cell that a spreadsheet would read as a formula (it starts
 * with =, +, -, @, a tab or a carriage return) neutralised with a leading apostrophe, as OWASP advises: a subject
 * like =HYPERLINK(…) stays text.
 */
export const CSV_BOM = "\uFEFF";

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/**
 * A streamed CSV download: the header, then each batch of rows as it is read, never the whole file in memory. The
 * file name is ASCII-only in `filename` and exact in `filename*`.
 */
export function csvResponse(
  filename: string,
  header: string[],
  batches:
    | AsyncIterable<ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>>
    | Iterable<ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>>,
): Response {
  const encoder = new TextEncoder();
  const iterator = Symbol.asyncIterator in batches ? batches[Symbol.asyncIterator]() : batches[Symbol.iterator]();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM + csvRow(header)));
    },
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(next.value.map(csvRow).join("")));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
  const ascii = filename.replace(/[^\w.-]+/g, "-");
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      "Cache-Control": "no-store",
    },
  });
}
