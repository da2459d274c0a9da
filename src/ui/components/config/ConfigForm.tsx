// The whole run configuration, in sections. Every change lands in the draft (and the URL);
// problems show beside their field and keep Start disabled with the reason.
import { AugmentationSection } from './AugmentationSection';
import { DataSection, EncoderSection, MethodSection } from './DataMethodSections';
import { DatasetsSection } from './DatasetSlot';
import { OptimiserSection, ProjectorSection, TrainingSection } from './ModelSections';

export function ConfigForm() {
  return (
    <form className="config-form" aria-label="Run configuration" onSubmit={(e) => e.preventDefault()} noValidate>
      <DataSection />
      <DatasetsSection />
      <MethodSection />
      <ProjectorSection />
      <TrainingSection />
      <EncoderSection />
      <OptimiserSection />
      <AugmentationSection />
    </form>
  );
}
