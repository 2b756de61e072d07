// How much one upload may carry: a file sent as bytes through `import.files`, and the loopback host's request body.

/**
 * The largest file the Import page sends as bytes. Device reports are far smaller (a 12-lead ECG PDF or an aECG with
 * waveforms is a few MB, a year of CGM readings about 10 MB); a larger file is imported by path (`readout import`, the
 * watch folder), which has no such limit because nothing is held in a request.
 */
export const UPLOAD_MAX_FILE_BYTES = 32 * 1024 * 1024

/** Base64 length of a file of UPLOAD_MAX_FILE_BYTES: 4 characters per 3 bytes. */
export const UPLOAD_MAX_BASE64_CHARS = Math.ceil(UPLOAD_MAX_FILE_BYTES / 3) * 4

/**
 * The largest request body the loopback host reads for `/rpc/*`. The largest legitimate call is `import.files` with
 * one file of UPLOAD_MAX_FILE_BYTES (~42.7 MiB as base64; the Import page batches smaller files up to 20 MiB, ~26.7 MiB
 * as base64) plus its JSON; every other method takes at most a few MB (a site rule file: 2 million characters).
 */
export const RPC_MAX_BODY_BYTES = 48 * 1024 * 1024
