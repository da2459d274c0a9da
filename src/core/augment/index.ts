// GPU augmentations: per-image randomness drawn on the CPU, pixels transformed as batched ops.
export { type RandomSource, randomInt, sampleMask } from './random-source';
export { CIFAR10_STATS, type NormalizationStats, imagesFromPlanes, normalizeImages, denormalizeImages } from './images';
export { type CropBox, CROP_RATIO, roundHalfEven, sampleResizedCrop, sampleCrops, cropFlipBoxes, resizedCropFlip } from './crop';
export {
  LUMA_WEIGHTS,
  luma,
  adjustBrightness,
  adjustContrast,
  adjustSaturation,
  grayscale,
  solarize,
  type JitterParams,
  type JitterTensors,
  sampleJitter,
  jitterTensors,
  colorJitter,
} from './color';
export { adjustHue } from './hue';
export { BLUR_SIGMA_RANGE, MAX_BLUR_RADIUS, sampleBlurSigmas, blurTaps, applySeparable, gaussianBlur } from './blur';
export { type ViewParams, sampleViewParams, applyView, augmentView, augmentPair, augmentStacked, concatViewParams } from './view';
