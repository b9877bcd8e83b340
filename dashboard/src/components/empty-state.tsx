/**
 * @module dashboard/components/empty-state
 * What a panel says when it has nothing to show: why, and how to get data there.
 */
import type { ReactNode } from 'react';

export function EmptyState({ title, children }: { readonly title: string; readonly children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children === undefined ? null : <div className="empty-body">{children}</div>}
    </div>
  );
}
