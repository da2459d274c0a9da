// The synthetic dataset's public surface.
export {
  SYNTHETIC_INFO,
  describeSynthetic,
  generateSyntheticSplit,
  generateSyntheticSplitWithMasks,
  syntheticDataset,
  syntheticImageSeed,
  type SyntheticOptions,
} from './dataset';
export { sampleSyntheticParams, type SyntheticParams } from './params';
export { renderSynthetic } from './render';
export { SHAPES } from './shapes';
export { TEXTURE_KINDS, type TextureKind } from './textures';
