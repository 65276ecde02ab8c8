/**
 * The shape compare and matrix need of a stored run's files (run.json, results.json), checked
 * before anything reads them: a run directory is user input, and one whose results.json is {},
 * null, or holds a null result must be refused by name, not crash the reader. Extra keys are
 * kept (newer and older faultlines write more or less), wrong shapes are not.
 */
import { z } from "zod";
import { BadInputError } from "../core/errors.ts";

const validity = z.union([z.literal(true), z.literal(false), z.literal("unknown")], {
  error: 'expected a verdict: true, false or "unknown"',
});

export const storedRunSchema = z.looseObject({
  runId: z.string().optional(),
  suite: z.string().optional(),
  scenario: z.string().optional(),
  target: z.string().optional(),
  images: z.array(z.looseObject({ engineVersion: z.string().optional() })).optional(),
});

export const storedResultsSchema = z.looseObject({
  valid: validity,
  results: z.record(z.string(), z.looseObject({ checker: z.string(), valid: validity })),
  reason: z.string().optional(),
  timings: z.record(z.string(), z.unknown()).optional(),
});

export type StoredRun = z.output<typeof storedRunSchema>;
export type StoredResults = z.output<typeof storedResultsSchema>;

/** `data` (the parsed contents of `file`) checked against `schema`, or bad input naming the file, the field and what it holds. */
export function storedFile<S extends z.ZodType>(schema: S, data: unknown, file: string): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : "the whole file";
  throw new BadInputError(
    "run",
    `${file} is not a run's file as faultline writes it: ${field}: ${issue?.message ?? "not valid"}`,
    "Give a run directory that faultline run wrote (under reports/runs/<suite>/), not a hand-edited or truncated one.",
  );
}
