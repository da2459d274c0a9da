// PyTorch interop without TF.js: read torch.save / Lightning / safetensors files, infer the
// architecture, map tensors between PyTorch's and the lab's names and layouts, write
// safetensors and solo-learn YAML. Pure data code (imports only the config modules of core):
// the engine turns the mapped tensors into a model, the page can use it directly.
export { InteropError } from './errors';
export { type HostTensor, type HostDType, toFloat32, float32Tensor, int64Tensor, elementCount, firstNonFinite, nonFiniteText } from './tensor';
export { unpickle, PickleRefusedError, PyObject, PyGlobal, type GlobalRule } from './pickle';
export { readTorchFile, TORCH_GLOBALS, TensorRef } from './torch-file';
export { readSafetensors, writeSafetensors, looksLikeSafetensors } from './safetensors';
export { readWeightsFile, detectWeightsFormat, type WeightsFile, type WeightsFormat } from './weights-file';
export { inferArchitecture, describeArchitecture, type InferredArchitecture } from './infer';
export { stateLayout, labToTorch, torchToLab, type LayoutEntry, type ModelPart } from './state-layout';
export { mapToLab, labToTorchState, type LabTensor, type MappedState } from './map-state';
export { fileSettings, importedConfig, LAB_METADATA, LAB_EXPORT_FORMAT, type FileSettings, type ImportedConfig, type ImportOptions } from './import-config';
export { soloLearnYaml } from './solo-yaml';
