import type { ReactNode } from "react";
import { Link } from "../router/Link";

/** The frame of every page but the board: a home link, then the page's content. */
export function PageShell({ children, title }: { children: ReactNode; title: string }) {
  return (
    <div className="shell">
      <header className="shell__header">
        <Link to="/" className="shell__brand">
          Tablecloth
        </Link>
      </header>
      <main className="shell__main" aria-label={title}>
        {children}
      </main>
    </div>
  );
}
