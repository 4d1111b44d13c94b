/**
 * Status codes of TFTP transfers in the request log. TFTP has no status code of its own (RFC 1350
 * only has ERROR packets), so a transfer is logged with the HTTP status of the same meaning, so
 * the timeline, filters and error counts treat all three protocols alike:
 *
 * | status | meaning                                                          | ERROR sent |
 * |--------|------------------------------------------------------------------|------------|
 * | 200    | transfer complete (last block acknowledged / received)           | —          |
 * | 400    | malformed request, unsupported mode (`mail`), illegal operation  | 4          |
 * | 403    | access violation: path outside the root, upload of a non-phone file | 2       |
 * | 404    | file not found (or a directory)                                  | 1          |
 * | 408    | the client stopped answering: timed out after the retransmissions | —         |
 * | 413    | upload larger than the limit (announced by `tsize` or sent)      | 3          |
 * | 499    | the client aborted (it sent an ERROR packet)                     | —          |
 * | 500    | the server could not read the file or store the upload           | 0          |
 * | 503    | server busy (concurrent transfer limit) or stopped during the transfer | 0    |
 */

/** The statuses above by name. */
export const TFTP_STATUS = {
  DONE: 200,
  BAD_REQUEST: 400,
  ACCESS_VIOLATION: 403,
  NOT_FOUND: 404,
  TIMED_OUT: 408,
  TOO_LARGE: 413,
  CLIENT_ABORTED: 499,
  SERVER_ERROR: 500,
  UNAVAILABLE: 503,
} as const;
