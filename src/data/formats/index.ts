// Parsers for CIFAR imports. Pure: no DOM, no IndexedDB, no Node APIs; they run in a Web Worker,
// on the main thread and in Node tests alike.
export { parseCifarArchive, type CifarArchiveProgress, type CifarDataset, type ParseCifarOptions } from './cifar-binary';
export { CIFAR100_CLASSES, CIFAR100_COARSE_CLASSES, CIFAR10_CLASSES, cifarLayout, type CifarKind } from './cifar-layout';
export {
  decodePngPixels,
  parseCifarParquet,
  parquetRowCount,
  type CifarParquetSplit,
  type ParquetProgress,
  type ParseParquetOptions,
  type PngPixelsDecoder,
} from './cifar-parquet';
export { FormatError, OtherCifarError, type FormatErrorCode } from './errors';
export { gunzipChunks, type GunzipOptions } from './gunzip';
export { decodePng, type DecodedPng, type DecodePngOptions } from './png-decode';
export { createTarParser, type TarEntry, type TarParser, type TarSink, type TarVisitor } from './tar';
export { readTarGz, type ReadTarOptions } from './tar-gz';
