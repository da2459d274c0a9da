// Studies: this browser's sweeps with seeds and imported study.json files, each as a table of
// variants over seeds (StudyTable) with its exports. Runs count once they ran their whole
// budget; their final values come from the stored histories.
import { download } from '../../export/download';
import { fileSlug } from '../../../engine/file-names';
import { studyMarkdown } from '../../../engine/study/markdown';
import type { StudyJson } from '../../../engine/study/types';
import { useLab } from '../../state/store';
import { ImportStudy } from './ImportStudy';
import { StudyTable } from './StudyTable';
import { useLabStudies } from './use-lab-studies';

function StudyExports({ study }: { study: StudyJson }) {
  const slug = fileSlug(study.label);
  return (
    <>
      <button
        type="button"
        className="tool"
        aria-label={`Export ${study.label} as study.json`}
        onClick={() => download(JSON.stringify(study, null, 1) + '\n', `${slug}.study.json`, 'application/json')}
      >
        Export study.json
      </button>
      <button
        type="button"
        className="tool"
        aria-label={`Export ${study.label} as study.md`}
        onClick={() => download(studyMarkdown(study), `${slug}.study.md`, 'text/markdown')}
      >
        Export study.md
      </button>
    </>
  );
}

export function StudyPanel() {
  const studies = useLabStudies();
  const imported = useLab((s) => s.importedStudies);
  const remove = useLab((s) => s.removeImportedStudy);
  const setSelected = useLab((s) => s.setSelected);
  return (
    <section className="studies panel" aria-labelledby="studies-title" data-studies={studies.length + imported.length}>
      <div className="section-head">
        <h2 id="studies-title">Studies: variants over seeds</h2>
        <p className="muted">
          A sweep with several seeds per variant is a study: each variant&apos;s final values as mean and 95% interval, and its difference to the baseline
          paired by seed. Nothing is selected on the test split. Import the study.json of <code>npm run study</code> to see it here.
        </p>
        <ImportStudy />
      </div>
      {studies.length === 0 && imported.length === 0 && (
        <p className="empty-note">No study yet: run a sweep with 2 or more seeds per variant, or import a study.json.</p>
      )}
      {studies.map((s) => (
        <div key={s.studyId} className="study" data-testid="study">
          <div className="study-head">
            <h3>{s.label}</h3>
            <button type="button" className="tool" onClick={() => setSelected(s.runIds)}>
              Overlay its runs
            </button>
            <StudyExports study={s.study} />
          </div>
          <StudyTable study={s.study} pending={s.pending} />
        </div>
      ))}
      {imported.map((s) => (
        <div key={s.id} className="study" data-testid="study" data-imported="true">
          <div className="study-head">
            <h3>{s.study.label}</h3>
            <span className="badge">imported</span>
            <span className="muted">{s.fileName}</span>
            <StudyExports study={s.study} />
            <button type="button" className="tool" onClick={() => remove(s.id)} aria-label={`Remove the imported study ${s.study.label}`}>
              Remove
            </button>
          </div>
          <StudyTable study={s.study} />
        </div>
      ))}
    </section>
  );
}
