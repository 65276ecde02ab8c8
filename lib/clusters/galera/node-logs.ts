import type { StartedContainer } from "../../runtime/container.ts";
import { describeDiagnoses, diagnoseGaleraLog } from "./diagnosis.ts";

/**
 * For a wait that expired: per node, the causes recognised in its whole log (in words), then
 * its last lines. A node whose log cannot be read says so instead of hiding the others.
 */
export async function nodeLogsWithDiagnosis(
  nodes: ReadonlyArray<{ name: string; container: StartedContainer }>,
  tail = 8,
): Promise<string> {
  const parts = await Promise.all(
    nodes.map(async (n) => {
      try {
        const log = await n.container.logs("all");
        const causes = describeDiagnoses(n.name, diagnoseGaleraLog(log));
        const last = log.trimEnd().split("\n").slice(-tail).join("\n");
        return `--- ${n.name}${causes ? `\n${causes}` : ""}\n${last}`;
      } catch (error) {
        return `--- ${n.name}: log unreadable (${error instanceof Error ? error.message : String(error)})`;
      }
    }),
  );
  return parts.join("\n");
}
