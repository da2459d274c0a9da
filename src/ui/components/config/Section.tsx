// A collapsible group of fields. It opens by itself when one of its fields has a problem, so a
// message is never hidden inside a closed section; the summary counts the problems.
import { useEffect, useState, type ReactNode } from 'react';
import { useDraftProblems } from './use-problems';

export function Section({
  title,
  paths,
  defaultOpen = false,
  children,
}: {
  title: string;
  paths: readonly string[];
  defaultOpen?: boolean;
  children: ReactNode;
}) {
  const problems = useDraftProblems().filter((p) => p.blocking && paths.some((path) => p.path === path || p.path.startsWith(`${path}.`)));
  const [open, setOpen] = useState(defaultOpen);
  const count = problems.length;
  useEffect(() => {
    if (count > 0) setOpen(true);
  }, [count]);
  return (
    <details className="config-section" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        <span>{title}</span>
        {count > 0 && (
          <span className="badge badge-error">
            {count} {count === 1 ? 'problem' : 'problems'}
          </span>
        )}
      </summary>
      <div className="section-body">{children}</div>
    </details>
  );
}
