import { describe, expect, it } from 'vitest';
import { encodePng, planesToInterleaved } from '../../test/png-encode';
import { encodePngVariant, type PngVariant } from '../../test/fixtures/png-variants';
import { fixtureImage } from '../../test/fixtures/pixels';
import { withFlippedByte } from '../../test/fixtures/streams';
import { decodePng } from './png-decode';

function samples(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed | 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    // A mix of smooth runs and noise, so every filter sees both small and wrapping differences.
    out[i] = (i % 5 === 0 ? s : i * 3) & 0xff;
  }
  return out;
}

const variant = (over: Partial<PngVariant> & Pick<PngVariant, 'colorType' | 'samples'>): PngVariant => ({
  width: 7,
  height: 5,
  filters: 0,
  ...over,
});

describe('decodePng', () => {
  it('round-trips encodePng RGB (a CIFAR fixture image)', () => {
    const rgb = planesToInterleaved(fixtureImage(3, 'train', 11));
    const out = decodePng(encodePng(rgb, 32, 32, 3));
    expect(out).toMatchObject({ width: 32, height: 32, channels: 3 });
    expect(out.pixels).toEqual(rgb);
  });

  it('round-trips encodePng RGBA, alpha included', () => {
    const rgba = samples(32 * 32 * 4, 9);
    const out = decodePng(encodePng(rgba, 32, 32, 4));
    expect(out.channels).toBe(4);
    expect(out.pixels).toEqual(rgba);
  });

  for (const colorType of [2, 6] as const) {
    const channels = colorType === 2 ? 3 : 4;
    for (const filters of [0, 1, 2, 3, 4, [4, 3, 2, 1, 0]]) {
      it(`undoes filter ${JSON.stringify(filters)} for ${channels === 3 ? 'RGB' : 'RGBA'} (odd width)`, () => {
        const data = samples(7 * 5 * channels, 100 + colorType);
        const png = encodePngVariant(variant({ colorType, samples: data, filters }));
        expect(decodePng(png).pixels).toEqual(data);
      });
    }
  }

  it('expands greyscale to RGB and grey+alpha to RGBA', () => {
    const grey = samples(35, 5);
    const rgb = decodePng(encodePngVariant(variant({ colorType: 0, samples: grey, filters: [1, 4, 3] })));
    expect(rgb.channels).toBe(3);
    expect(Array.from(rgb.pixels.subarray(0, 6))).toEqual([grey[0], grey[0], grey[0], grey[1], grey[1], grey[1]]);
    const ga = samples(70, 6);
    const rgba = decodePng(encodePngVariant(variant({ colorType: 4, samples: ga, filters: 4 })));
    expect(rgba.channels).toBe(4);
    expect(Array.from(rgba.pixels.subarray(4, 8))).toEqual([ga[2], ga[2], ga[2], ga[3]]);
  });

  it('looks palette indices up, with tRNS alpha when present', () => {
    const palette = new Uint8Array([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const indices = new Uint8Array(35).map((_, i) => i % 3);
    const rgb = decodePng(encodePngVariant(variant({ colorType: 3, samples: indices, palette, filters: 2 })));
    expect(Array.from(rgb.pixels.subarray(0, 9))).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    const rgba = decodePng(encodePngVariant(variant({ colorType: 3, samples: indices, palette, transparency: new Uint8Array([0, 128]) })));
    expect(Array.from(rgba.pixels.subarray(0, 12))).toEqual([10, 20, 30, 0, 40, 50, 60, 128, 70, 80, 90, 255]);
  });

  it('joins image data split over several IDAT chunks', () => {
    const data = samples(32 * 32 * 3, 77);
    const png = encodePngVariant({ width: 32, height: 32, colorType: 2, samples: data, filters: [1, 2, 3, 4], idatPieces: 5 });
    expect(decodePng(png).pixels).toEqual(data);
  });

  describe('rejects what it cannot decode', () => {
    const good = encodePng(planesToInterleaved(fixtureImage(1, 'test', 0)), 32, 32, 3);
    const idatData = 8 + 25 + 8; // signature, IHDR chunk, IDAT length + type

    it('a wrong signature', () => expect(() => decodePng(good.slice(1))).toThrow(/bad signature/));
    it('a file cut short', () => expect(() => decodePng(good.slice(0, 100))).toThrow(/IDAT is cut short/));
    it('a flipped byte (CRC)', () => expect(() => decodePng(withFlippedByte(good, idatData + 40))).toThrow(/CRC mismatch in chunk IDAT/));
    it('a flipped byte without CRC checks (inflate or size error)', () => {
      expect(() => decodePng(withFlippedByte(good, idatData + 2), { verifyCrc: false })).toThrow(/corrupt image data|inflates to|filter type/);
    });
    it('an unknown filter type, naming the image row', () => {
      const png = encodePngVariant(variant({ colorType: 2, samples: samples(105, 1), filters: [0, 0, 5] }));
      expect(() => decodePng(png)).toThrow(/unknown filter type 5 on image row 2/);
    });
    it('a 16-bit image', () => {
      const png = withFlippedByte(good, 8 + 8 + 8, 8 ^ 16); // bit depth 8 → 16
      expect(() => decodePng(png, { verifyCrc: false })).toThrow(/bit depth 16/);
    });
    it('an interlaced image', () => {
      const png = withFlippedByte(good, 8 + 8 + 12, 1); // interlace method 0 → 1
      expect(() => decodePng(png, { verifyCrc: false })).toThrow(/interlaced/);
    });
    it('a file without IEND', () => expect(() => decodePng(good.slice(0, good.length - 12))).toThrow(/without an IEND/));
  });
});
