// PNG decoding in the data worker: the browser's decoder (createImageBitmap + OffscreenCanvas)
// with colour conversion and premultiplication off, checked against the pure decoder on the
// first images; if it is missing or disagrees in a single byte (a browser that colour-manages
// anyway), the pure decoder does the rest. Either way the pixels are exact.
import { decodePngPixels, type PngPixelsDecoder } from '../formats';

export type DecoderKind = 'canvas' | 'pure';

export interface PngDecoder {
  decode: PngPixelsDecoder;
  /** Which decoder served the images, and why, after a file was decoded. */
  describe(): { kind: DecoderKind; note: string };
}

const CHECKED_IMAGES = 16;

function canvasAvailable(): boolean {
  return typeof createImageBitmap === 'function' && typeof OffscreenCanvas === 'function';
}

export function createPngDecoder(preference: 'auto' | DecoderKind = 'auto'): PngDecoder {
  if (preference === 'pure' || !canvasAvailable()) {
    const note = preference === 'pure' ? 'pure TypeScript decoder (chosen)' : 'pure TypeScript decoder (no OffscreenCanvas here)';
    return { decode: decodePngPixels, describe: () => ({ kind: 'pure', note }) };
  }
  const canvas = new OffscreenCanvas(32, 32);
  const context = canvas.getContext('2d', { willReadFrequently: true, colorSpace: 'srgb' });
  if (!context) return { decode: decodePngPixels, describe: () => ({ kind: 'pure', note: 'pure TypeScript decoder (no 2D context)' }) };
  const draw: OffscreenCanvasRenderingContext2D = context;

  let kind: DecoderKind = 'canvas';
  let note = `OffscreenCanvas, checked against the pure decoder on the first ${CHECKED_IMAGES} images`;
  let checked = 0;

  async function viaCanvas(png: Uint8Array): Promise<Uint8Array> {
    const bitmap = await createImageBitmap(new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }), {
      colorSpaceConversion: 'none',
      premultiplyAlpha: 'none',
    });
    try {
      if (bitmap.width !== 32 || bitmap.height !== 32) throw new Error(`the image is ${bitmap.width}×${bitmap.height}, expected 32×32`);
      draw.clearRect(0, 0, 32, 32);
      draw.drawImage(bitmap, 0, 0);
      return new Uint8Array(draw.getImageData(0, 0, 32, 32).data.buffer); // RGBA
    } finally {
      bitmap.close();
    }
  }

  const decode: PngPixelsDecoder = async (png) => {
    if (kind === 'pure') return decodePngPixels(png);
    // A PNG the browser cannot decode goes to the pure decoder, whose error says what is wrong.
    if (checked >= CHECKED_IMAGES) return viaCanvas(png).catch(() => decodePngPixels(png));
    // The pure decoder's verdict decides: it throws on a broken PNG with a precise reason.
    const exact = await decodePngPixels(png);
    checked++;
    let fast: Uint8Array | undefined;
    try {
      fast = await viaCanvas(png);
    } catch {
      fast = undefined;
    }
    if (!fast || !samePixels(exact, fast)) {
      kind = 'pure';
      note = fast ? 'pure TypeScript decoder (the browser decoder changed pixel values)' : 'pure TypeScript decoder (the browser decoder failed)';
    }
    return exact;
  };
  return { decode, describe: () => ({ kind, note }) };
}

/** RGB(A) from the pure decoder against RGBA from the canvas, alpha ignored. */
function samePixels(exact: Uint8Array, rgba: Uint8Array): boolean {
  const channels = exact.length === 3072 ? 3 : 4;
  if (rgba.length !== 4096) return false;
  for (let p = 0; p < 1024; p++) {
    for (let c = 0; c < 3; c++) if (exact[p * channels + c] !== rgba[p * 4 + c]) return false;
  }
  return true;
}
