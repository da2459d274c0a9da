// The last line of defence against a blank page: a render error shows what happened and a
// way back (the default settings), instead of unmounting the whole lab. Areas that hold many
// items (the run table) put one around each item, with a fallback of their own, so one bad
// item costs one row, not the area and its controls.
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** What to call this part of the page in the message. */
  area: string;
  /** Drawn instead of the panel below when rendering fails (a table row must stay a row). */
  fallback?: (error: Error, retry: () => void) => ReactNode;
}

interface State {
  error?: Error;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = {};

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error(`${this.props.area} failed to render`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    if (this.props.fallback) return this.props.fallback(error, () => this.setState({ error: undefined }));
    return (
      <div className="panel error-panel" role="alert">
        <h2>The {this.props.area} could not be shown</h2>
        <p>{error.message}</p>
        <p>
          <button type="button" onClick={() => this.setState({ error: undefined })}>
            Try again
          </button>{' '}
          <a href={location.pathname}>Open the lab with default settings</a>
        </p>
      </div>
    );
  }
}
