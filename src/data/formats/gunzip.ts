// Streaming gunzip: compressed bytes in, decompressed chunks out, never the whole file in memory.
//
// Why DecompressionStream and not fflate's streaming Gunzip: the platform's inflater is native
// zlib (in Chromium, Firefox, Safari and Node), several times faster than a JS inflater on the
// ~160 MB Toronto tarball, and it verifies the gzip trailer (CRC-32 and length). fflate's Gunzip
// never checks the CRC, so corruption that still inflates would go unnoticed.
// What it costs: engines word their errors differently, so the messages are classified below
// (the raw error is kept as `cause`), and truncation vs. corruption in the middle of the deflate
// data cannot always be told apart (both end with "unexpected end of data").
//
// Why a hand-written pump instead of pipeThrough: Node 20's DecompressionStream counts its
// writable queue in chunks (high-water mark 16384 chunks), so pipeTo reads the whole input into
// that queue before the first output comes out (measured: all 18 MB of a test file). Awaiting
// each write keeps one chunk in flight; browsers' DecompressionStream behaves the same either way.
import { FormatError, errorMessage, throwIfAborted } from './errors';

export interface GunzipOptions {
  signal?: AbortSignal;
  /** Called after each compressed chunk is handed to the inflater: total bytes so far. */
  onCompressedBytes?: (total: number) => void;
}

const TRUNCATED = /end of (file|stream|data|input)|truncat|unexpected end|premature/i;
const BAD_CHECKSUM = /data check|crc|checksum|incorrect length/i;

/** Decompressed chunks of a gzip stream; chunks are fresh buffers the caller may keep or view. */
export async function* gunzipChunks(
  input: ReadableStream<Uint8Array>,
  fileName: string,
  options: GunzipOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const { signal, onCompressedBytes } = options;
  throwIfAborted(signal);
  const source = input.getReader();
  const inflater = new DecompressionStream('gzip') as ReadableWritablePair<Uint8Array, Uint8Array>;
  const writer = inflater.writable.getWriter();
  const reader = inflater.readable.getReader();
  let consumed = 0;
  let inputDone = false;
  let inputError: unknown = undefined;

  const pump = async (): Promise<void> => {
    const magic: number[] = [];
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await source.read();
      } catch (e) {
        inputError = e; // the input failed (disk, network): not the inflater's fault
        throw e;
      }
      if (result.done) {
        inputDone = true;
        if (consumed < 2) throw new FormatError(fileName, 'not-gzip', `not a gzip file (${consumed} bytes long)`);
        await writer.close();
        return;
      }
      const chunk = result.value;
      for (let i = 0; magic.length < 2 && i < chunk.length; i++) magic.push(chunk[i]);
      if (magic.length === 2 && (magic[0] !== 0x1f || magic[1] !== 0x8b)) {
        const hex = magic.map((b) => b.toString(16).padStart(2, '0')).join(' ');
        throw new FormatError(fileName, 'not-gzip', `not a gzip file (starts with ${hex}, expected 1f 8b)`);
      }
      consumed += chunk.byteLength;
      onCompressedBytes?.(consumed);
      await writer.write(chunk);
    }
  };
  // A failure on the input side aborts the inflater with that reason, so the reader below sees
  // it; an inflater error rejects the pending write and is reported by the reader as well. Not
  // awaited: every outcome of the pump reaches the consumer through the reader.
  void pump().catch((e: unknown) => writer.abort(e).catch(() => undefined));

  // A pending read() resolves as done once the reader is cancelled, so an abort takes effect even
  // while the input stalls (a slow network), not only between chunks.
  const onAbort = (): void => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (e) {
        throw classify(e, fileName, inputDone, inputError);
      }
      throwIfAborted(signal);
      if (result.done) break;
      yield result.value;
    }
    finished = true;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // The consumer stopped early (an error in its records, or abort): stop inflating and reading.
    if (!finished) {
      await reader.cancel(signal?.reason).catch(() => undefined);
      await source.cancel(signal?.reason).catch(() => undefined);
    }
  }
}

function classify(e: unknown, fileName: string, inputDone: boolean, inputError: unknown): Error {
  if (e instanceof FormatError) return e;
  if (inputError !== undefined) {
    return new FormatError(fileName, 'read', `could not read the file (${errorMessage(inputError)})`, { cause: inputError });
  }
  const message = errorMessage(e);
  if (BAD_CHECKSUM.test(message)) {
    return new FormatError(fileName, 'corrupt-gzip', `corrupt gzip: the CRC-32 check failed (${message})`, { cause: e });
  }
  if (inputDone && TRUNCATED.test(message)) {
    return new FormatError(
      fileName,
      'truncated-gzip',
      `truncated gzip: the data ends before the gzip stream is complete (file cut short or corrupt; ${message})`,
      { cause: e },
    );
  }
  return new FormatError(fileName, 'corrupt-gzip', `corrupt gzip data (${message})`, { cause: e });
}
