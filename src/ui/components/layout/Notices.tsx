// Problems the user must see: settings from a link that could not be used, and engine or
// import failures (with the recovery the kind suggests).
import { useLab } from '../../state/store';

const RECOVERY: Partial<Record<string, string>> = {
  'device-lost': 'Select the run and press Resume (another backend works too).',
  crashed: 'The engine restarted: select the interrupted run and press Resume.',
  quota: 'Delete old runs or cached datasets, then press Resume.',
  data: 'Open the Data section to download or import the dataset.',
  backend: 'Pick another backend in Compute backend.',
  memory: 'Lower the setting it names (the estimate is shown under Compute), or pick a backend with more memory.',
  import: 'Nothing from this file was stored, and runs stored before are untouched: export it again from the lab that made it, or choose another file.',
};

export function Notices() {
  const linkProblems = useLab((s) => s.linkProblems);
  const setLinkProblems = useLab((s) => s.setLinkProblems);
  const notices = useLab((s) => s.notices);
  const dismiss = useLab((s) => s.dismissNotice);
  if (!linkProblems.length && !notices.length) return null;
  return (
    <div className="notices">
      {linkProblems.length > 0 && (
        <div className="notice notice-warning" role="alert" data-testid="link-problems">
          <div>
            <strong>Some settings in this link could not be used; the defaults are used instead.</strong>
            <ul>
              {linkProblems.map((p, i) => (
                <li key={i}>
                  <code>{p.setting}</code>: {p.message}
                </li>
              ))}
            </ul>
          </div>
          <button type="button" className="tool" onClick={() => setLinkProblems([])}>
            Dismiss
          </button>
        </div>
      )}
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.kind === 'page' ? 'notice-info' : 'notice-error'}`} role="alert" data-kind={n.kind}>
          <div>
            {n.message}
            {RECOVERY[n.kind] && <span className="muted"> {RECOVERY[n.kind]}</span>}
          </div>
          <button type="button" className="tool" onClick={() => dismiss(n.id)}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
