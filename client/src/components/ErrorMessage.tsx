/** A problem, said plainly, announced to screen readers. */
export function ErrorMessage({ children }: { children: React.ReactNode }) {
  return (
    <p className="error" role="alert" data-testid="error">
      {children}
    </p>
  );
}
