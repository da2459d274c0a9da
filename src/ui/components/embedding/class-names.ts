// Class names for the embedding view's legend and tooltips (an evaluation stores class indices
// only). They come from the dataset as this browser cached it: a CIFAR-format archive whose
// batches.meta.txt names other classes is shown with those names. The built-in lists stand in
// when the set is not cached here (a run imported from another browser, the synthetic set
// generated on demand).
import { SHAPES } from '../../../data/synthetic/shapes';
import { CIFAR100_CLASSES, CIFAR10_CLASSES } from '../../../data/formats/cifar-layout';
import { useDatasetsStore } from '../../datasets';

const BUILT_IN: Record<string, readonly string[]> = {
  synthetic: SHAPES.map((s) => s.name),
  cifar10: CIFAR10_CLASSES,
  cifar100: CIFAR100_CLASSES,
};

/** The cached copy's names when there are any, else the built-in ones for `datasetId`. */
export function classNamesFor(datasetId: string, cached?: readonly string[]): readonly string[] {
  return cached?.length ? cached : (BUILT_IN[datasetId] ?? []);
}

/** classNamesFor with the names of the copy in this browser's dataset cache. */
export function useClassNames(datasetId: string): readonly string[] {
  const cached = useDatasetsStore((s) => (datasetId in s.datasets ? s.datasets[datasetId as keyof typeof s.datasets]?.complete?.classNames : undefined));
  return classNamesFor(datasetId, cached);
}
