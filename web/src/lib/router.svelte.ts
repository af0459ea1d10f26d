// A small hash router: "#/send", "#/transfer/12". Hash routes need nothing from the server and
// survive reloads; the server's SPA fallback still serves index.html for other paths.

export interface Route {
  name: string;
  id: number | null;
  /** A word after the name ("#/registers/asset"): [a-z_], at most 40 characters. */
  param: string | null;
}

function parse(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const parts = path.split('/').filter(Boolean);
  const name = parts[0] ?? '';
  const id = parts[1] !== undefined && /^[1-9][0-9]{0,15}$/.test(parts[1]) ? Number(parts[1]) : null;
  const param = parts[1] !== undefined && /^[a-z_]{1,40}$/.test(parts[1]) ? parts[1] : null;
  return { name, id, param };
}

export const router = $state<{ route: Route }>({ route: parse(location.hash) });

window.addEventListener('hashchange', () => {
  router.route = parse(location.hash);
});

export function navigate(path: string): void {
  const target = `#${path}`;
  if (location.hash === target) router.route = parse(target);
  else location.hash = target;
}
