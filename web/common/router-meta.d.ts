import 'vue-router';
import type { RoleName } from './api/me.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in (the sign-in page). */
    public?: boolean;
    /** Only accounts holding one of these roles may open the page (and see it in the menu). */
    roles?: RoleName[];
    /** Message key of the page title, shown in the menu and the browser tab. */
    titleKey?: string;
    /** A page reached from another (a record's detail): not listed in the menu. */
    hideInMenu?: boolean;
    /** The menu entry to highlight while this page shows. */
    menuParent?: string;
    /** Pages with the same group are listed together under one sub-menu titled `layout.groups.<group>`. */
    menuGroup?: string;
  }
}
