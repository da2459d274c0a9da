// Title, the live status region (what screen readers hear as runs change), and the theme.
import { useLab } from '../../state/store';

export function TopBar() {
  const theme = useLab((s) => s.theme);
  const setTheme = useLab((s) => s.setTheme);
  const announcement = useLab((s) => s.announcement);
  const ready = useLab((s) => s.engine.ready);
  return (
    <header className="top-bar">
      <div className="brand">
        <svg width="22" height="22" viewBox="0 0 22 22" aria-hidden="true" focusable="false">
          <path d="M2 4h18l-7 7v7l-4 2v-9z" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinejoin="round" />
        </svg>
        <h1>Bottleneck Lab</h1>
      </div>
      <p className="live-status" role="status" aria-live="polite" data-testid="live-status">
        {announcement || (ready ? 'Ready.' : 'Starting the training engine…')}
      </p>
      <button type="button" className="tool" aria-pressed={theme === 'dark'} onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>
        {theme === 'dark' ? 'Light theme' : 'Dark theme'}
      </button>
    </header>
  );
}
