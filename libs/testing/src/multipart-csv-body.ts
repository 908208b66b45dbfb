// A multipart/form-data body with text fields and then one CSV file whose rows are generated while
// the body is sent: tests and benchmarks upload large files without ever holding them.
export interface MultipartCsvBody {
  /** Stream it with `fetch(url, { body, duplex: 'half', headers: { 'content-type': contentType } })`. */
  readonly body: ReadableStream<Uint8Array>;
  readonly contentType: string;
}

export function multipartCsvBody(options: {
  /** Sent before the file, in this order. */
  readonly fields: Readonly<Record<string, string>>;
  readonly fileName: string;
  /** The header line, without the newline. */
  readonly header: string;
  readonly rows: number;
  /** Row i (0-based), with its newline. */
  readonly row: (i: number) => string;
  readonly rowsPerChunk?: number;
}): MultipartCsvBody {
  const boundary = `----crm-csv-${Math.random().toString(16).slice(2)}`;
  const perChunk = options.rowsPerChunk ?? 2_000;
  let next = -1;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      let text = '';
      if (next === -1) {
        for (const [name, value] of Object.entries(options.fields))
          text += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
        text +=
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${options.fileName}"\r\n` +
          `Content-Type: text/csv\r\n\r\n${options.header}\n`;
        next = 0;
      } else if (next < options.rows) {
        for (const end = Math.min(next + perChunk, options.rows); next < end; next++)
          text += options.row(next);
      } else {
        controller.enqueue(Buffer.from(`\r\n--${boundary}--\r\n`));
        controller.close();
        return;
      }
      controller.enqueue(Buffer.from(text));
    },
  });
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
