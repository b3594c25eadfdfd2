// gzip and zlib of UTF-8 text, base64-encoded. The real engine stores the text uncompressed (deflate
// level 0: its documented outputs hold the input bytes verbatim) and writes a gzip header with no
// extra flags and an unknown OS (0, 255); a failure is the empty string, as documented.
import { deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { type FnImpl, lift } from './lift.js';

function gzip(text: string): string {
  const out = gzipSync(Buffer.from(text, 'utf8'), { level: 0 });
  out[8] = 0;
  out[9] = 0xff;
  return out.toString('base64');
}

/** The decoded text, or '' when the input is not valid base64 of valid compressed UTF-8. */
function decode(b64: string, inflate: (b: Buffer) => Buffer): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) return '';
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(inflate(Buffer.from(b64, 'base64')));
  } catch {
    return '';
  }
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

export const compressionFunctions: Record<string, FnImpl> = {
  gzip_compress_to_base64_string: (c) => lift(c, () => (v) => gzip(text(v))),
  gzip_decompress_from_base64_string: (c) => lift(c, () => (v) => decode(text(v), gunzipSync)),
  zlib_compress_to_base64_string: (c) => lift(c, () => (v) => deflateSync(Buffer.from(text(v), 'utf8'), { level: 0 }).toString('base64')),
  zlib_decompress_from_base64_string: (c) => lift(c, () => (v) => decode(text(v), inflateSync)),
};
