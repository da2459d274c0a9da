// A run the table cannot show: its stored record failed validation (an older build wrote it,
// or storage corrupted it), or its row failed to render. It says what is wrong and keeps
// Delete, so the person is never left clearing site data to get the table back.
import { useLab } from '../../state/store';
import { useController } from '../services';

export function UnreadableRow({ id, name, problem }: { id: string; name: string; problem: string }) {
  const lab = useController();
  const pushNotice = useLab((s) => s.pushNotice);
  return (
    <tr className="unreadable" data-run-id={id} data-status="unreadable">
      <td />
      <th scope="row">
        <span className="run-name">{name}</span>
      </th>
      <td colSpan={8} className="unreadable-problem">
        <span className="state state-failed">unreadable</span> This run’s stored data cannot be read: {problem}. Delete it to tidy up; other runs are not
        affected.
      </td>
      <td>
        <div className="row-actions">
          <button
            type="button"
            className="tool"
            aria-label={`Delete ${name}`}
            onClick={() => {
              if (confirm(`Delete “${name}” and whatever is stored for it?`))
                lab.deleteRun(id).catch((err: unknown) => pushNotice({ runId: id, kind: 'page', message: String(err) }));
            }}
          >
            Delete
          </button>
        </div>
      </td>
    </tr>
  );
}
