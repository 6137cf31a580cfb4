import { PageShell } from "../components/PageShell";
import { Link } from "../router/Link";

export function NotFoundPage() {
  return (
    <PageShell title="Page not found">
      <div className="card card--narrow">
        <h1>We couldn't find that page</h1>
        <p>The link may be mistyped or out of date.</p>
        <Link to="/" className="button button--primary">
          Go to the start page
        </Link>
      </div>
    </PageShell>
  );
}
