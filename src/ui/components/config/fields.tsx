// Labelled inputs bound to a config path. The text is kept as typed (so "0." or "4," can be
// on the way to a value); what parses goes to the draft, what does not becomes an inline
// error. Errors and hints are tied to the input with aria-describedby.
import { useEffect, useId, useState, type ReactNode } from 'react';
import { formatLeaf, parseLeaf, type Leaf } from '../../../core/config-paths';
import type { RunConfig } from '../../../core/config';
import { problemsAt } from '../../state/selectors';
import { useLab } from '../../state/store';
import { useDraftProblems } from './use-problems';

function leafOf(config: RunConfig, path: string): Leaf | undefined {
  let node: unknown = config;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return node as Leaf | undefined;
}

interface FieldShell {
  path: string;
  label: string;
  hint?: ReactNode;
  /** Visually hidden label (tables of inputs label them by row and column). */
  hideLabel?: boolean;
}

/** The messages under a field; returns ids for aria-describedby. */
function useFieldMessages(path: string, hint: ReactNode | undefined) {
  const base = useId();
  const problems = problemsAt(useDraftProblems(), path).filter((p) => p.path === path);
  const hintId = hint ? `${base}-hint` : undefined;
  const errorId = problems.length ? `${base}-error` : undefined;
  const messages = (
    <>
      {hint && (
        <span id={hintId} className="field-hint">
          {hint}
        </span>
      )}
      {problems.length > 0 && (
        <span id={errorId} className={problems.some((p) => p.blocking) ? 'field-error' : 'field-warning'}>
          {problems.map((p) => p.message).join('; ')}
        </span>
      )}
    </>
  );
  const invalid = problems.some((p) => p.blocking);
  return { inputId: `${base}-input`, describedBy: [errorId, hintId].filter(Boolean).join(' ') || undefined, invalid, messages };
}

/** A text input for numbers and number lists. */
export function TextField({
  path,
  label,
  hint,
  hideLabel,
  inputMode = 'decimal',
  width,
}: FieldShell & { inputMode?: 'decimal' | 'numeric' | 'text'; width?: 'narrow' | 'wide' }) {
  const value = useLab((s) => leafOf(s.draft, path));
  const setField = useLab((s) => s.setField);
  const setFieldError = useLab((s) => s.setFieldError);
  const formatted = value === undefined ? '' : formatLeaf(value);
  const [text, setText] = useState(formatted);
  const { inputId, describedBy, invalid, messages } = useFieldMessages(path, hint);

  // A value changed elsewhere (a preset, a link, the method switch) replaces the text, unless
  // the text already means that value ("0.10" for 0.1).
  useEffect(() => {
    setText((current) => {
      try {
        return formatLeaf(parseLeaf(path, current)) === formatted ? current : formatted;
      } catch {
        return formatted;
      }
    });
    setFieldError(path, undefined);
  }, [formatted, path, setFieldError]);

  function onChange(next: string) {
    setText(next);
    try {
      setField(path, parseLeaf(path, next));
    } catch (err) {
      setFieldError(path, err instanceof Error ? err.message.replace(path, label.toLowerCase()) : String(err));
    }
  }

  return (
    <div className={`field${width ? ` field-${width}` : ''}`}>
      <label htmlFor={inputId} className={hideLabel ? 'visually-hidden' : undefined}>
        {label}
      </label>
      <input
        id={inputId}
        type="text"
        inputMode={inputMode}
        spellCheck={false}
        autoComplete="off"
        value={text}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {messages}
    </div>
  );
}

export function SelectField<T extends string>({
  path,
  label,
  hint,
  options,
  onSelect,
}: FieldShell & { options: readonly { value: T; label: string }[]; onSelect?: (value: T) => void }) {
  const value = useLab((s) => leafOf(s.draft, path)) as T;
  const setField = useLab((s) => s.setField);
  const { inputId, describedBy, invalid, messages } = useFieldMessages(path, hint);
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <select
        id={inputId}
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => (onSelect ? onSelect(e.target.value as T) : setField(path, e.target.value))}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {messages}
    </div>
  );
}

export function CheckboxField({ path, label, hint }: FieldShell) {
  const value = useLab((s) => leafOf(s.draft, path)) === true;
  const setField = useLab((s) => s.setField);
  const { inputId, describedBy, messages } = useFieldMessages(path, hint);
  return (
    <div className="field field-check">
      <input id={inputId} type="checkbox" checked={value} aria-describedby={describedBy} onChange={(e) => setField(path, e.target.checked)} />
      <label htmlFor={inputId}>{label}</label>
      {messages}
    </div>
  );
}
