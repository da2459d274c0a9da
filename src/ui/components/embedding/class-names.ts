// Class names per dataset for the embedding view's legend and tooltips (the evaluation stores
// class indices only). Plain constants from the data layer; no TF.js.
import { SHAPES } from '../../../data/synthetic/shapes';
import { CIFAR100_CLASSES, CIFAR10_CLASSES } from '../../../data/formats/cifar-layout';

export function classNamesFor(datasetId: string): readonly string[] {
  if (datasetId === 'synthetic') return SHAPES.map((s) => s.name);
  if (datasetId === 'cifar10') return CIFAR10_CLASSES;
  if (datasetId === 'cifar100') return CIFAR100_CLASSES;
  return [];
}
