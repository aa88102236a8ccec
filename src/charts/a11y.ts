/**
 * Accessible names, descriptions and the "show as table" alternative. A chart
 * is announced by its name (what it is) and a description (what it shows
 * right now); the table carries the numbers for readers who cannot use the
 * graphic at all.
 */

let counter = 0;

export function uid(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

export type Cell = string | number;

export interface TableSpec {
  caption: string;
  columns: readonly string[];
  rows: readonly (readonly Cell[])[];
  /** The first cell of each row names the row (th scope=row). Default true. */
  rowHeaders?: boolean;
}

export function buildTable(spec: TableSpec, doc: Document = document): HTMLTableElement {
  const table = doc.createElement('table');
  table.className = 'chart-data';
  const caption = doc.createElement('caption');
  caption.textContent = spec.caption;
  table.append(caption);

  const thead = doc.createElement('thead');
  const headRow = doc.createElement('tr');
  for (const name of spec.columns) {
    const th = doc.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    headRow.append(th);
  }
  thead.append(headRow);
  table.append(thead);

  const tbody = doc.createElement('tbody');
  const rowHeaders = spec.rowHeaders ?? true;
  for (const row of spec.rows) {
    const tr = doc.createElement('tr');
    row.forEach((value, i) => {
      let cell: HTMLTableCellElement;
      if (rowHeaders && i === 0) {
        const th = doc.createElement('th');
        th.scope = 'row';
        cell = th;
      } else {
        cell = doc.createElement('td');
      }
      cell.textContent = String(value);
      tr.append(cell);
    });
    tbody.append(tr);
  }
  table.append(tbody);
  return table;
}

/** Evenly spaced indices into a series of length n, at most `max`, always including the last. */
export function sampleIndices(n: number, max: number): number[] {
  if (n <= 0) return [];
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let j = 0; j < max; j++) out.push(Math.round((j * (n - 1)) / (max - 1)));
  return [...new Set(out)];
}
