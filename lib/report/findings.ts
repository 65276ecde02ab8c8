/** The findings a person needs first: non-empty lists (shortened), for a false or unknown verdict. */
export function findingLines(result: Record<string, unknown>, limit = 10): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(result)) {
    if (["checker", "valid", "reason", "attempted", "acknowledged"].includes(name)) continue;
    // A checker's report in lines (the transactional checkers'): shown as written, line by line.
    if (name === "explanation" && Array.isArray(value) && value.every((v) => typeof v === "string")) {
      lines.push(...value);
      continue;
    }
    if (!Array.isArray(value) || value.length === 0) continue;
    if (result.valid === true && name !== "recovered") continue;
    const shown = value.slice(0, limit).map((v) => (typeof v === "string" ? v : JSON.stringify(v)));
    lines.push(`${name} (${value.length}): ${shown.join(", ")}${value.length > limit ? ", ..." : ""}`);
  }
  return lines;
}
