import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeTar } from '../../test/fixtures/cifar-tar';
import { chunkedStream, concatBytes, failingStream, firstDifference, withFlippedByte } from '../../test/fixtures/streams';
import { tarFile, tarEnd } from '../../test/fixtures/tar-write';
import { FormatError } from './errors';
import { type TarEntry } from './tar';
import { readTarGz } from './tar-gz';

const bytes = (n: number, seed: number): Uint8Array => new Uint8Array(n).map((_, i) => (i * 31 + seed * 7 + (i >> 9)) & 0xff);

const FILES = [
  { name: 'dir/empty.txt', data: new Uint8Array(0) },
  { name: 'dir/one-block.bin', data: bytes(512, 1) },
  { name: 'dir/odd.bin', data: bytes(1000, 2) },
  { name: 'dir/big.bin', data: bytes(70_000, 3) },
  { name: `dir/${'long-name-'.repeat(15)}.bin`, data: bytes(3, 4) }, // 150 chars: GNU 'L' entry
];

/** Reads every member whole (fine for small test archives). */
async function readAll(stream: ReadableStream<Uint8Array>, signal?: AbortSignal): Promise<{ entries: TarEntry[]; files: Map<string, Uint8Array> }> {
  const files = new Map<string, Uint8Array>();
  const entries = await readTarGz(
    stream,
    'test.tar.gz',
    {
      entry(entry) {
        const parts: Uint8Array[] = [];
        return { data: (c) => parts.push(c.slice()), end: () => files.set(entry.name, concatBytes(parts)) };
      },
    },
    { signal },
  );
  return { entries, files };
}

async function rejection(promise: Promise<unknown>): Promise<FormatError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FormatError);
  return error as FormatError;
}

const gz = new Uint8Array(gzipSync(makeTar(FILES)));

describe('readTarGz', () => {
  for (const chunk of [1, 7, 512, 513, 65536, gz.length]) {
    it(`returns every member exactly with ${chunk}-byte input chunks`, async () => {
      const { entries, files } = await readAll(chunkedStream(gz, chunk));
      expect(entries.map((e) => e.name)).toEqual(FILES.map((f) => f.name));
      for (const f of FILES) expect(firstDifference(files.get(f.name) ?? new Uint8Array(0), f.data)).toBe(-1);
    });
  }

  it('reads archives written by GNU tar (gnu and pax formats, long names, directories)', async (ctx) => {
    const dir = mkdtempSync(join(tmpdir(), 'tar-test-'));
    try {
      execFileSync('tar', ['--version']);
    } catch {
      ctx.skip();
    }
    try {
      const long = `sub/${'x'.repeat(120)}/${'y'.repeat(110)}.bin`; // over ustar's 100 + 155 split
      mkdirSync(join(dir, 'src', 'sub', 'x'.repeat(120)), { recursive: true });
      writeFileSync(join(dir, 'src', long), bytes(5000, 5));
      writeFileSync(join(dir, 'src', 'sub', 'small.txt'), 'hello\n');
      for (const format of ['gnu', 'pax']) {
        const archive = join(dir, `${format}.tar.gz`);
        execFileSync('tar', [`--format=${format}`, '-czf', archive, '-C', join(dir, 'src'), 'sub']);
        const { entries, files } = await readAll(chunkedStream(new Uint8Array(readFileSync(archive)), 999));
        expect(firstDifference(files.get(long) ?? new Uint8Array(0), bytes(5000, 5))).toBe(-1);
        expect(new TextDecoder().decode(files.get('sub/small.txt'))).toBe('hello\n');
        expect(entries.filter((e) => e.type === 'directory').map((e) => e.name)).toContain('sub/');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('accepts an archive without the end-of-archive blocks', async () => {
    const tar = concatBytes(tarFile('a.bin', bytes(10, 1)));
    const { files } = await readAll(chunkedStream(new Uint8Array(gzipSync(tar))));
    expect(files.get('a.bin')).toEqual(bytes(10, 1));
  });

  describe('rejects broken input with the file name and the cause', () => {
    it('truncated gzip', async () => {
      const e = await rejection(readAll(chunkedStream(gz.subarray(0, gz.length - 200), 7)));
      expect(e.code).toBe('truncated-gzip');
      expect(e.message).toMatch(/^test\.tar\.gz: truncated gzip/);
    });

    it('corrupt gzip: CRC-32 mismatch in the trailer', async () => {
      const e = await rejection(readAll(chunkedStream(withFlippedByte(gz, gz.length - 6))));
      expect(e.code).toBe('corrupt-gzip');
      expect(e.message).toMatch(/CRC-32/);
    });

    it('corrupt gzip: a flipped byte inside the deflate data', async () => {
      const e = await rejection(readAll(chunkedStream(withFlippedByte(gz, 200))));
      expect(['corrupt-gzip', 'truncated-gzip', 'bad-tar-header']).toContain(e.code);
      expect(e.message).toMatch(/corrupt|checksum/);
    });

    it('not gzip at all', async () => {
      const e = await rejection(readAll(chunkedStream(makeTar(FILES), 1)));
      expect(e.code).toBe('not-gzip');
      expect(e.message).toMatch(/not a gzip file/);
    });

    it('an empty file', async () => {
      const e = await rejection(readAll(chunkedStream(new Uint8Array(0))));
      expect(e.code).toBe('not-gzip');
    });

    it('bad header checksum', async () => {
      const tar = concatBytes([...tarFile('a.bin', bytes(10, 1)), ...tarFile('b.bin', bytes(10, 2), { badChecksum: true }), tarEnd(0)]);
      const e = await rejection(readAll(chunkedStream(new Uint8Array(gzipSync(tar)))));
      expect(e.code).toBe('bad-tar-header');
      expect(e.message).toMatch(/test\.tar\.gz: bad tar header checksum at byte 1024/);
    });

    it('gzip of something that is not a tar', async () => {
      const e = await rejection(readAll(chunkedStream(new Uint8Array(gzipSync(bytes(2048, 9))))));
      expect(e.code).toBe('not-tar');
    });

    it('truncated tar: inside a member', async () => {
      const tar = makeTar(FILES);
      const e = await rejection(readAll(chunkedStream(new Uint8Array(gzipSync(tar.subarray(0, 3 * 512 + 700))), 7)));
      expect(e.code).toBe('truncated-tar');
      expect(e.message).toMatch(/ends inside member dir\/odd\.bin \(188 of 1000 bytes present\)/);
    });

    it('truncated tar: inside a header', async () => {
      const tar = makeTar(FILES);
      const e = await rejection(readAll(chunkedStream(new Uint8Array(gzipSync(tar.subarray(0, 512 + 100))))));
      expect(e.message).toMatch(/ends inside a header block/);
    });

    it('a failing input stream is reported as a read error', async () => {
      const e = await rejection(readAll(failingStream(gz.subarray(0, 100), new Error('connection reset'))));
      expect(e.code).toBe('read');
      expect(e.message).toMatch(/connection reset/);
    });
  });

  it('stops on abort and cancels the input', async () => {
    const controller = new AbortController();
    let cancelled = false;
    let pulls = 0;
    const noisy = new Uint8Array(200_000).map((_, i) => (Math.imul(i, 2654435761) >>> 13) & 0xff); // incompressible
    const big = new Uint8Array(gzipSync(makeTar([{ name: 'noise.bin', data: noisy }])));
    const source = chunkedStream(big, 1024);
    const reader = source.getReader();
    const stream = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (++pulls === 5) controller.abort();
        const r = await reader.read();
        if (r.done) c.close();
        else c.enqueue(r.value);
      },
      cancel() {
        cancelled = true;
      },
    });
    const error = await readAll(stream, controller.signal).catch((e: unknown) => e);
    expect((error as DOMException).name).toBe('AbortError');
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(10);
  });
});
