import type { GaleraFlavorDriver } from "./flavor.ts";
import { mariadbFlavor } from "./flavor-mariadb.ts";
import { pxcFlavor } from "./flavor-pxc.ts";
import type { GaleraFlavor } from "./topology.ts";

const DRIVERS: Partial<Record<GaleraFlavor, GaleraFlavorDriver>> = { mariadb: mariadbFlavor, pxc: pxcFlavor };

export function flavorDriver(flavor: GaleraFlavor): GaleraFlavorDriver {
  const driver = DRIVERS[flavor];
  if (!driver) throw new Error(`no driver for the ${flavor} flavor`);
  return driver;
}
