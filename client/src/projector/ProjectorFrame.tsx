import { type ReactNode, useCallback, useEffect, useState } from "react";
import { Link } from "../router/Link";
import "./projector.css";

/** Whether the page is in full screen now (the browser's own state: Esc leaves it too). */
function useFullscreen(): [boolean, () => void] {
  const [on, setOn] = useState(() => document.fullscreenElement !== null);
  useEffect(() => {
    const update = () => setOn(document.fullscreenElement !== null);
    document.addEventListener("fullscreenchange", update);
    return () => document.removeEventListener("fullscreenchange", update);
  }, []);
  const toggle = useCallback(() => {
    if (document.fullscreenElement) {
      document.exitFullscreen().catch(() => {});
    } else {
      // Refused without a user gesture or by policy: the view still fills the window.
      document.documentElement.requestFullscreen?.().catch(() => {});
    }
  }, []);
  return [on, toggle];
}

/**
 * The frame of every projector view: the whole window, large type readable from the back of the
 * room, and two small controls in a corner (back to the views, full screen) that hide in full
 * screen. `label` names the view for assistive technology and the tab title.
 */
export function ProjectorFrame({
  label,
  back,
  children,
  testId,
}: {
  label: string;
  /** Where "← Views" goes. */
  back: string;
  children: ReactNode;
  testId: string;
}) {
  const [fullscreen, toggle] = useFullscreen();
  useEffect(() => {
    const before = document.title;
    document.title = `${label} · Tablecloth`;
    return () => {
      document.title = before;
    };
  }, [label]);
  return (
    <main className="projector" aria-label={label} data-testid={testId}>
      {fullscreen ? null : (
        <nav className="projector__controls" aria-label="Projector controls">
          <Link to={back} className="button button--quiet" data-testid="projector-back">
            <span aria-hidden="true">←</span> Views
          </Link>
          <button
            type="button"
            className="button button--quiet"
            onClick={toggle}
            data-testid="projector-fullscreen"
          >
            Full screen
          </button>
        </nav>
      )}
      {children}
    </main>
  );
}
