/**
 * The two-level navigation: the header's groups, each a disclosure button with a menu of its pages, and the current
 * group's pages in the bar under the header (where the current page is marked). Keyboard: Enter, Space or ↓ on a
 * group opens its menu (↓ moves to its first page), ↑/↓/Home/End move within the menu, Escape closes it and returns
 * to the group; focus or a click outside the group closes it. The pages are plain links to their hash routes.
 */
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { groupOf, href, NAV_GROUPS, type NavGroup, ROUTE_TITLES, type Route } from '../router';

export function MainNav({ route }: { route: Route }) {
  const [open, setOpen] = useState<NavGroup['id'] | null>(null);
  const ref = useRef<HTMLElement>(null);
  const current = groupOf(route);

  // Navigating closes the menu.
  useEffect(() => {
    const close = () => setOpen(null);
    window.addEventListener('hashchange', close);
    return () => window.removeEventListener('hashchange', close);
  }, []);
  // A click outside the open group, or focus moving out of it (Tab), closes it.
  useEffect(() => {
    if (!open) return;
    const outside = (e: Event) => {
      const group = ref.current?.querySelector(`[data-group="${open}"]`);
      if (!group?.contains(e.target as Node)) setOpen(null);
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('focusin', outside);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('focusin', outside);
    };
  }, [open]);

  return (
    <nav aria-label="Main" className="nav" ref={ref}>
      {NAV_GROUPS.map((g) => (
        <Group
          key={g.id}
          group={g}
          route={route}
          current={g.id === current.id}
          open={open === g.id}
          setOpen={(o) => setOpen(o ? g.id : null)}
        />
      ))}
    </nav>
  );
}

function Group({
  group,
  route,
  current,
  open,
  setOpen,
}: {
  group: NavGroup;
  route: Route;
  current: boolean;
  open: boolean;
  setOpen: (open: boolean) => void;
}) {
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  const menuId = `nav-menu-${group.id}`;
  const links = () => [...(menu.current?.querySelectorAll<HTMLAnchorElement>('a') ?? [])];
  const focusLink = (i: number) => {
    const all = links();
    all[(i + all.length) % all.length]?.focus();
  };

  const onButtonKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      // The menu renders on the next frame.
      requestAnimationFrame(() => focusLink(0));
    } else if (e.key === 'Escape' && open) {
      setOpen(false);
    }
  };
  const onMenuKey = (e: KeyboardEvent) => {
    const all = links();
    const i = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (e.key === 'ArrowDown') focusLink(i + 1);
    else if (e.key === 'ArrowUp') focusLink(i - 1);
    else if (e.key === 'Home') focusLink(0);
    else if (e.key === 'End') focusLink(all.length - 1);
    else if (e.key === 'Escape') {
      setOpen(false);
      button.current?.focus();
    } else return;
    e.preventDefault();
  };

  return (
    <div className="nav-group" data-group={group.id} data-current={current}>
      <button
        ref={button}
        type="button"
        className="nav-group-button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen(!open)}
        onKeyDown={onButtonKey}
      >
        {group.title}
        {current && <span className="sr-only"> (current section)</span>}
        <span className="nav-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {/* A list of links (the disclosure pattern), not an ARIA menu: links stay links for assistive technology. */}
      <ul id={menuId} ref={menu} className="nav-menu" hidden={!open}>
        {group.routes.map((r) => (
          <li key={r}>
            <a
              href={href(r)}
              className="nav-menu-link"
              aria-current={r === route ? 'page' : undefined}
              onClick={() => setOpen(false)}
              onKeyDown={onMenuKey}
            >
              {ROUTE_TITLES[r]}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The current group's pages, under the header: where you are, and its neighbours one click away. */
export function SectionNav({ route }: { route: Route }) {
  const group = groupOf(route);
  return (
    <nav aria-label={`${group.title} pages`} className="subnav" data-testid="section-nav" data-group={group.id}>
      <span className="subnav-title" aria-hidden="true">
        {group.title}
      </span>
      {group.routes.map((r) => (
        <a key={r} href={href(r)} className="subnav-link" aria-current={r === route ? 'page' : undefined}>
          {ROUTE_TITLES[r]}
        </a>
      ))}
    </nav>
  );
}
