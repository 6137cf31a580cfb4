/**
 * A person's name as every page shows it: cut with an ellipsis when it is too long for its place
 * (one long unbroken name must not push buttons off the page), the whole name in its title.
 */
export function Name({ children, className }: { children: string; className?: string }) {
  return (
    <span className={className ? `name ${className}` : "name"} title={children}>
      {children}
    </span>
  );
}
