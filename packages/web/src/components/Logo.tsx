/** The Stackport mark: three stacked bars, drawn inline (no external assets). */
export function Logo({ size = 22 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" className="logo">
      <rect x="2" y="3" width="20" height="5" rx="1.5" fill="currentColor" opacity="0.55" />
      <rect x="2" y="9.5" width="20" height="5" rx="1.5" fill="currentColor" opacity="0.8" />
      <rect x="2" y="16" width="20" height="5" rx="1.5" fill="currentColor" />
    </svg>
  );
}
