/**
 * @module dashboard/components/tabs
 * A WAI-ARIA tablist (automatic activation): one tab in the Tab order, arrow keys move
 * between tabs, Home and End jump to the first and last. The panel is rendered by the
 * caller with {@link tabPanelProps}.
 */
import { useRef } from 'react';
import type { KeyboardEvent } from 'react';

export interface TabSpec {
  readonly id: string;
  readonly label: string;
}

export interface TabsProps {
  readonly tabs: readonly TabSpec[];
  readonly selected: string;
  readonly onSelect: (id: string) => void;
  /** Names the tablist for assistive technology. */
  readonly label: string;
}

/** Props of the panel of tab `id`. */
export function tabPanelProps(id: string): { id: string; role: 'tabpanel'; 'aria-labelledby': string; tabIndex: 0 } {
  return { id: `panel-${id}`, role: 'tabpanel', 'aria-labelledby': `tab-${id}`, tabIndex: 0 };
}

export function Tabs({ tabs, selected, onSelect, label }: TabsProps) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const move = (index: number): void => {
    const n = tabs.length;
    const target = tabs[((index % n) + n) % n];
    if (target === undefined) return;
    onSelect(target.id);
    refs.current[tabs.indexOf(target)]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number): void => {
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    move(next);
  };
  return (
    <div role="tablist" aria-label={label} className="tabs">
      {tabs.map((tab, i) => {
        const active = tab.id === selected;
        return (
          <button
            key={tab.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={active}
            {...(active ? { 'aria-controls': `panel-${tab.id}` } : {})}
            tabIndex={active ? 0 : -1}
            className="tab"
            onClick={() => onSelect(tab.id)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            {tab.label}
          </button>
        );
      })}
    </div>
  );
}
