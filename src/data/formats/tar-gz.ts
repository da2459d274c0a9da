// .tar.gz as one stream: gunzip (./gunzip.ts) feeding the incremental tar parser (./tar.ts).
import { FormatError, throwIfAborted } from './errors';
import { gunzipChunks } from './gunzip';
import { createTarParser, type TarEntry, type TarVisitor } from './tar';

export interface ReadTarOptions {
  signal?: AbortSignal;
  /** Total compressed bytes consumed so far (gzip input), after each input chunk. */
  onCompressedBytes?: (total: number) => void;
  /** Called after each decompressed chunk has been parsed (a natural point to report progress). */
  onChunkParsed?: () => void;
}

/**
 * Reads a .tar.gz stream member by member; resolves with the entries once the gzip trailer
 * checked out. A tar or record error is held back until the gzip stream has been read to its end:
 * corrupt deflate data often shows first as garbage headers or labels, and only the CRC-32 at the
 * end tells corruption from a genuinely malformed archive. Cost: on that error path the rest of
 * the file is inflated (a few seconds for a 160 MB tarball) before the error is reported.
 */
export async function readTarGz(stream: ReadableStream<Uint8Array>, fileName: string, visitor: TarVisitor, options: ReadTarOptions = {}): Promise<TarEntry[]> {
  const parser = createTarParser(fileName, visitor);
  const chunks = gunzipChunks(stream, fileName, options);
  let tarError: FormatError | undefined;
  try {
    // Reading continues past the end-of-archive blocks on purpose: the gzip CRC is only checked
    // when the inflater reaches the trailer, and the rest is at most a few KiB of zero fill.
    for (;;) {
      const next = await chunks.next();
      if (next.done) break;
      if (!tarError) {
        try {
          parser.push(next.value);
          options.onChunkParsed?.();
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
          tarError = e;
        }
      }
      throwIfAborted(options.signal);
    }
  } catch (e) {
    if (tarError && e instanceof FormatError) {
      throw new FormatError(fileName, e.code, `${e.detail}; before that, the data already looked wrong: ${tarError.detail}`, { cause: e });
    }
    throw e;
  } finally {
    await chunks.return(undefined); // stops the inflater and the input when leaving early
  }
  if (tarError) throw tarError;
  return parser.finish();
}
