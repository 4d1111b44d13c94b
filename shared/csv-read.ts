/**
 * Reading CSV text into records that keep their 1-based file line (the header is line 1 when it is
 * the first line), with csv-parse (its browser build: pure JavaScript, so the same reader serves the
 * engine's inventory import and the renderer's enrollment list). Handles what spreadsheets write: a UTF-8 BOM, CRLF line ends,
 * `;` or tab instead of `,` (detected from the first line, or Excel's `sep=;` line), quoted cells
 * holding delimiters or line breaks. A record csv-parse cannot read (a quote never closed) is
 * reported by line, never guessed.
 */
import { parse } from 'csv-parse/browser/esm/sync';

/** One record and the file line it starts on. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/** Result of reading a file. */
export interface CsvRead {
  delimiter: ',' | ';' | '\t';
  records: CsvRecord[];
  /** Lines that could not be read, with the reason. */
  errors: Array<{ line: number; reason: string }>;
}

const DELIMITERS = [',', ';', '\t'] as const;

/**
 * Count a character outside double quotes.
 * @returns occurrences in `line` not inside a quoted cell
 */
function countOutsideQuotes(line: string, ch: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ch && !quoted) n++;
  }
  return n;
}

/**
 * Read CSV text.
 * @param text the whole file (any line ends, optional BOM)
 * @returns records with their start lines; blank lines skipped; unreadable parts in `errors`
 */
export function readCsv(text: string): CsvRead {
  let body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = body.split('\n');
  let offset = 0;
  let delimiter: CsvRead['delimiter'];
  const sep = /^sep=(.)\s*$/i.exec(lines[0] ?? '');
  if (sep && (DELIMITERS as readonly string[]).includes(sep[1]!)) {
    delimiter = sep[1] as CsvRead['delimiter'];
    offset = 1;
    body = lines.slice(1).join('\n');
  } else {
    const first = lines.find((l) => l.trim() !== '') ?? '';
    delimiter = DELIMITERS.reduce((best, d) => (countOutsideQuotes(first, d) > countOutsideQuotes(first, best) ? d : best), ',' as CsvRead['delimiter']);
  }
  const errors: CsvRead['errors'] = [];
  const records: CsvRecord[] = [];
  let lastEnd = offset;
  const rows = parse(body, {
    delimiter,
    info: true,
    raw: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record, context) => {
      lastEnd = context.lines + offset;
      return record;
    },
    on_skip: (err) => {
      const start = firstNonBlank(lines, lastEnd + 1);
      const end = (typeof err?.lines === 'number' ? err.lines : start - offset) + offset;
      errors.push({
        line: start,
        reason:
          err?.code === 'CSV_QUOTE_NOT_CLOSED'
            ? `a quote (") opened on this line is never closed, so lines ${start}-${end} could not be read: close the quote or remove it`
            : `this line could not be read: ${err?.message ?? 'unknown error'}`,
      });
      lastEnd = end;
    },
  }) as unknown as Array<{ record: string[]; info: { lines: number }; raw: string }>;
  for (const r of rows) {
    const end = r.info.lines + offset;
    const inner = r.raw.replace(/^\n+/, '').replace(/\n$/, '');
    const start = end - (inner.match(/\n/g)?.length ?? 0);
    if (r.record.every((c) => c.trim() === '')) continue;
    records.push({ line: start, cells: r.record });
  }
  return { delimiter, records, errors };
}

function firstNonBlank(lines: string[], from: number): number {
  for (let i = from; i <= lines.length; i++) if ((lines[i - 1] ?? '').trim() !== '') return i;
  return from;
}
