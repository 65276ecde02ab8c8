import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A faultline.config.json holding `config`, in a fresh temporary directory; returns its path. */
export async function tempConfigFile(config: unknown, name = "faultline.config.json"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "fl-config-"));
  const file = join(dir, name);
  await writeFile(file, typeof config === "string" ? config : JSON.stringify(config));
  return file;
}
