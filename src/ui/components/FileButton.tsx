// A button that opens the file chooser: a hidden file input behind a label styled as a tool
// button (the input keeps the file dialog and its accessible name; the label is what is seen).
// Shared by "Import run bundle", "Import study.json" and "Open a PyTorch checkpoint", which
// differ only in what they do with the file. The input is cleared after each file, so choosing
// the same file again after a failure reads it again.
import { useId, useRef, type ReactNode } from 'react';

interface FileButtonProps {
  accept: string;
  /** What the button shows: its label, or the state of the file being read. */
  children: ReactNode;
  /** The input's accessible name where the label's text changes while busy. */
  ariaLabel?: string;
  title?: string;
  disabled?: boolean;
  onFile(file: File): Promise<void>;
}

export function FileButton({ accept, children, ariaLabel, title, disabled, onFile }: FileButtonProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);

  async function chosen(file: File | undefined) {
    if (!file) return;
    try {
      await onFile(file);
    } finally {
      if (input.current) input.current.value = '';
    }
  }

  return (
    <div className="import-run">
      <input
        id={id}
        ref={input}
        className="visually-hidden-file"
        type="file"
        accept={accept}
        aria-label={ariaLabel}
        disabled={disabled}
        onChange={(e) => void chosen(e.target.files?.[0])}
      />
      <label htmlFor={id} className="button-like tool" title={title}>
        {children}
      </label>
    </div>
  );
}
