/**
 * A windowed table: only the rows in view (plus a margin) are in the DOM, so 5,000 inventory rows
 * scroll as smoothly as 50. Rows have one fixed height; columns are a CSS grid template shared by
 * the header and the rows. Announced as a table (`role="table"`, `aria-rowcount`).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';

/** Rows rendered above and below the visible window. */
const OVERSCAN = 8;

/**
 * Windowed rows.
 * @param props.count number of rows
 * @param props.rowHeight height of every row, px
 * @param props.columns CSS `grid-template-columns` for header and rows
 * @param props.header header cells (`role="columnheader"` elements)
 * @param props.row renders row `index` (its cells, `role="cell"`)
 * @param props.rowKey stable key of row `index`
 * @param props.label accessible name of the table
 * @param props.onRowClick called with the row index
 */
export function VirtualRows({
  count,
  rowHeight,
  columns,
  header,
  row,
  rowKey,
  label,
  onRowClick,
  rowClass,
}: {
  count: number;
  rowHeight: number;
  columns: string;
  header: ReactNode;
  row: (index: number) => ReactNode;
  rowKey: (index: number) => string;
  label: string;
  onRowClick?: (index: number) => void;
  rowClass?: (index: number) => string;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    let frame = 0;
    const onScroll = (): void => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setTop(el.scrollTop));
    };
    const resize = new ResizeObserver(() => setViewport(el.clientHeight));
    resize.observe(el);
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      el.removeEventListener('scroll', onScroll);
      resize.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);
  const first = Math.max(0, Math.floor(top / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((top + viewport) / rowHeight) + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div
        key={rowKey(i)}
        role="row"
        aria-rowindex={i + 2}
        className={`vt-row${onRowClick ? ' clickable' : ''}${rowClass ? ` ${rowClass(i)}` : ''}`}
        style={{ gridTemplateColumns: columns, height: rowHeight, transform: `translateY(${i * rowHeight}px)` }}
        onClick={onRowClick ? () => onRowClick(i) : undefined}
      >
        {row(i)}
      </div>,
    );
  }
  return (
    <div ref={scroller} className="vt" role="table" aria-label={label} aria-rowcount={count + 1}>
      <div role="row" aria-rowindex={1} className="vt-head" style={{ gridTemplateColumns: columns }}>
        {header}
      </div>
      <div className="vt-body" role="rowgroup" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
