const TOAST_MS = 6000;

/** A short-lived card for an incoming notification; click to dismiss early. */
export function showToast(container, { title, detail }) {
  const toast = document.createElement('div');
  toast.className = 'toast';
  toast.dataset.testid = 'toast';
  const heading = document.createElement('strong');
  heading.textContent = title;
  const body = document.createElement('span');
  body.textContent = detail;
  toast.append(heading, body);
  toast.addEventListener('click', () => toast.remove());
  container.prepend(toast);
  setTimeout(() => toast.remove(), TOAST_MS);
  while (container.children.length > 4) container.lastElementChild.remove(); // never cover the page
}
