/**
 * Left navigation between the app's areas.
 */
import { AREAS, hrefFor, type AreaId } from '../routing';

/**
 * Navigation list.
 * @param props.current the area shown now (marked with aria-current)
 */
export function NavBar({ current }: { current: AreaId }) {
  return (
    <nav className="nav" aria-label="Main">
      <ul>
        {AREAS.map((a) => (
          <li key={a.id}>
            <a href={hrefFor({ area: a.id })} aria-current={a.id === current ? 'page' : undefined}>
              {a.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
