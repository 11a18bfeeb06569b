"use client";

import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/**
 * False in the server's HTML and until React has taken over the page, then true. Submit buttons wait for it: a click
 * before that would submit the form natively, putting what was typed (a password…) into the URL. Local times wait for
 * it too: the server knows neither the viewer's locale nor their time zone. So do the controls whose change only
 * code acts on (the group page's lists of people and picture input; the number, page-size and users' role selects):
 * a box ticked, a file or an option chosen before then would be shown as chosen and forgotten.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
