/**
 * Keeps a list element in step with an inbox's items (newest first): one row per id, built
 * once and reused, so rendering after every push moves nothing already in place and a row's
 * arrival flash is never restarted. `data-read` on each row carries its read state for CSS.
 *
 * @param build makes the row of a new item
 * @param update (optional) brings a row up to date with its item, after its data-read is set
 */
export function createListView(root, { build, update = () => {} }) {
  const rows = new Map();

  return {
    render(items) {
      const wanted = new Set(items.map((item) => item.id));
      for (const [id, row] of rows) {
        if (!wanted.has(id)) {
          row.remove();
          rows.delete(id);
        }
      }
      let at = root.firstElementChild;
      for (const item of items) {
        let row = rows.get(item.id);
        if (!row) {
          row = build(item);
          rows.set(item.id, row);
          // Only what arrives while the page is open flashes; what the list brought does not.
          if (item.fresh) {
            row.classList.add('is-arriving');
            row.addEventListener('animationend', () => row.classList.remove('is-arriving'), { once: true });
          }
        }
        row.dataset.read = String(item.read);
        update(row, item);
        if (row === at) at = at.nextElementSibling;
        else root.insertBefore(row, at);
      }
    },
  };
}
