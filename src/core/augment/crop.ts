// Random resized crop + horizontal flip (torchvision RandomResizedCrop + RandomHorizontalFlip).
// The crop box is drawn on the CPU exactly as torchvision's get_params draws it; the pixels are
// resampled on the device by one tf.image.cropAndResize over the whole batch, and a flip is
// the same box with x1 and x2 swapped (TF.js's kernels, CPU/WebGL/WebGPU alike, step from x1
// towards x2, so a reversed box samples right to left; the tests check it on the CPU backend).
import * as tf from '@tensorflow/tfjs-core';
import { randomInt, type RandomSource } from './random-source';

/** A crop in integer pixels of the source image (torchvision's i, j, h, w). */
export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** torchvision's default aspect-ratio range (width / height), drawn log-uniformly. */
export const CROP_RATIO: [number, number] = [3 / 4, 4 / 3];

/** Python's round(): halves go to the even neighbour (torchvision does int(round(x))). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * torchvision RandomResizedCrop.get_params: up to 10 tries of (area fraction ~ U[scale],
 * log aspect ratio ~ U[log ratio]); the first box that fits wins; otherwise a centre crop with
 * the aspect ratio clamped into `ratio`. Draws a variable number of values (2 to 22).
 */
export function sampleResizedCrop(rng: RandomSource, height: number, width: number, scale: [number, number], ratio: [number, number] = CROP_RATIO): CropBox {
  const area = height * width;
  const logLo = Math.log(ratio[0]);
  const logHi = Math.log(ratio[1]);
  for (let attempt = 0; attempt < 10; attempt++) {
    const targetArea = area * rng.uniform(scale[0], scale[1]);
    const aspect = Math.exp(rng.uniform(logLo, logHi));
    const w = roundHalfEven(Math.sqrt(targetArea * aspect));
    const h = roundHalfEven(Math.sqrt(targetArea / aspect));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      const top = randomInt(rng, height - h + 1);
      const left = randomInt(rng, width - w + 1);
      return { top, left, height: h, width: w };
    }
  }
  const inRatio = width / height;
  let w = width;
  let h = height;
  if (inRatio < Math.min(...ratio)) h = roundHalfEven(w / Math.min(...ratio));
  else if (inRatio > Math.max(...ratio)) w = roundHalfEven(h * Math.max(...ratio));
  return { top: Math.floor((height - h) / 2), left: Math.floor((width - w) / 2), height: h, width: w };
}

/** One crop per image. */
export function sampleCrops(
  rng: RandomSource,
  count: number,
  height: number,
  width: number,
  scale: [number, number],
  ratio: [number, number] = CROP_RATIO,
): CropBox[] {
  const crops: CropBox[] = [];
  for (let i = 0; i < count; i++) crops.push(sampleResizedCrop(rng, height, width, scale, ratio));
  return crops;
}

/**
 * Boxes for resizedCropFlip, [B * 4] as [y1, x1, y2, x2] per image, in the coordinates of the
 * image padded by one replicated pixel on every side (size H + 2, W + 2).
 *
 * How box pixels map: cropAndResize samples output column x (of W) at padded column
 *   x1 * (W + 1) + x * (x2 - x1) * (W + 1) / (W - 1)
 * (normalised coordinates scale with size - 1: 0 is the first pixel centre, 1 the last).
 * We choose x1, x2 so that this equals 1 + s(x), where
 *   s(x) = left - 0.5 + (x + 0.5) * width / W
 * is torchvision's half-pixel mapping of a `width`-pixel crop onto W outputs (pixel centres at
 * integers). The replicated border makes samples that fall up to half a pixel outside the image
 * equal the edge pixel, which is torchvision's clamp. Where the crop is inside the image,
 * torchvision clamps at the crop's edge instead; here the first/last few outputs of an
 * upsampled crop blend in at most 0.5 - width / (2W) of the neighbouring pixel outside the crop.
 * Every sample stays >= 0.5 px inside the padded image, so float rounding of the kernel's
 * position arithmetic can never hit its out-of-range (extrapolation) branch.
 */
export function cropFlipBoxes(crops: CropBox[], flips: ArrayLike<number>, height: number, width: number): Float32Array {
  const boxes = new Float32Array(crops.length * 4);
  crops.forEach((c, i) => {
    const y1 = (c.top + 0.5 + (0.5 * c.height) / height) / (height + 1);
    const y2 = (c.top + 0.5 + ((height - 0.5) * c.height) / height) / (height + 1);
    const xa = (c.left + 0.5 + (0.5 * c.width) / width) / (width + 1);
    const xb = (c.left + 0.5 + ((width - 0.5) * c.width) / width) / (width + 1);
    const flip = flips[i] !== 0;
    boxes.set([y1, flip ? xb : xa, y2, flip ? xa : xb], i * 4);
  });
  return boxes;
}

/**
 * Resample every image through its box: [B, H, W, C] and boxes [B, 4] (from cropFlipBoxes)
 * to [B, H, W, C], bilinear. Cost: one edge pad and one gather-style kernel over the batch.
 * torchvision/solo-learn resize with bicubic interpolation; cropAndResize offers only bilinear
 * (softer for strongly upsampled small crops).
 */
export function resizedCropFlip(images: tf.Tensor4D, boxes: tf.Tensor2D): tf.Tensor4D {
  const [batch, height, width] = images.shape;
  if (boxes.shape[0] !== batch || boxes.shape[1] !== 4) {
    throw new Error(`resizedCropFlip: boxes must be [${batch}, 4], got [${boxes.shape}]`);
  }
  return tf.tidy(() => {
    const padded = tf.mirrorPad(
      images,
      [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ],
      'symmetric',
    ); // [B, H+2, W+2, C]
    const boxInd = tf.range(0, batch, 1, 'int32'); // [B]: box i crops image i
    return tf.image.cropAndResize(padded, boxes, boxInd, [height, width], 'bilinear');
  });
}
