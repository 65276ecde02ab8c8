import { Command, CommanderError, Option } from "commander";
import { loadConfig } from "../config/load.ts";
import { GALERA_TIMING, NDB_TIMING, REDIS_TIMING } from "../config/timing-defaults.ts";
import { BadInputError, errorMessage, FaultlineError } from "../core/errors.ts";
import { createLogger, type LogLevel } from "../core/logger.ts";
import { printable } from "../core/printable.ts";
import { setReportOutputs } from "../report/outputs.ts";
import { ignoreBrokenPipes } from "./broken-pipes.ts";
import { checkCommand } from "./check-command.ts";
import { cleanCommand } from "./clean-command.ts";
import { compareCommand, matrixCommand } from "./compare-command.ts";
import { configCommand } from "./config-command.ts";
import { guardEarlyExit } from "./exit-guard.ts";
import { imagesCommand } from "./images-command.ts";
import { createProgress, progressMode } from "./progress.ts";
import { configuredFlags, runConfigured } from "./run-config.ts";
import { runGalera } from "./run-galera.ts";
import { runNdb } from "./run-ndb.ts";
import { runRedis } from "./run-redis.ts";
import { refuseRepeatedValues } from "./single-value-options.ts";
import type { RunSession } from "./suite-plan.ts";

// Results can echo what a user gave (paths, names in a run's files): never raw control characters to the terminal.
const out = (text: string) => process.stdout.write(`${printable(text)}\n`);

/** Parses argv, runs the command, and returns its exit code (0, 1, 2: docs/architecture.md, "Exit codes"). */
export async function main(argv: string[]): Promise<number> {
  ignoreBrokenPipes();
  let code = 0;
  const program = new Command("faultline")
    .description("Chaos and conformance harness for clustered data stores on real Docker containers")
    .option("-q, --quiet", "only results and errors (no progress)")
    .option("-v, --verbose", "log every container and network, and stream every container's output")
    .option("--config <file>", "config file (default: faultline.config.ts, .mts, .js or .json in the working directory)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(printable(s)) });
  const logger = () => {
    const o = program.opts<{ quiet?: boolean; verbose?: boolean }>();
    const level: LogLevel = o.quiet ? "quiet" : o.verbose ? "verbose" : "info";
    return createLogger(level);
  };
  /** A run's output: progress (live line on a terminal, plain lines in CI), the logger and results through it. */
  const session = (): RunSession => {
    const o = program.opts<{ quiet?: boolean; verbose?: boolean }>();
    const progress = createProgress(progressMode(o.quiet === true));
    const level: LogLevel = o.quiet ? "quiet" : o.verbose ? "verbose" : "info";
    const logger = createLogger(level, (line) => progress.write(line, "err"));
    return {
      logger,
      print: (text) => progress.write(text, "out"),
      progress,
      ...(o.verbose ? { containerLogs: (name: string, line: string) => progress.write(`${name} | ${line}`, "err") } : {}),
    };
  };
  const inSession = async (body: (s: RunSession) => Promise<number>) => {
    // The config file's `reports` choose where reports go (default: reports/ in the working directory).
    setReportOutputs((await loadConfig(process.cwd(), configOf())).config.reports);
    const s = session();
    // An interrupted run exits from its signal handler: the status line is cleared then too.
    const clear = () => s.progress.done();
    process.once("exit", clear);
    try {
      return await body(s);
    } finally {
      process.off("exit", clear);
      s.progress.done();
    }
  };

  program
    .command("images")
    .description("prepare every image (present, pulled or built locally) and list name, source, engine version, size")
    .option("--json", "machine-readable output")
    .option("--only <names>", "comma-separated catalog names")
    .action(async (flags) => {
      code = await imagesCommand(flags, logger(), out);
    });

  program
    .command("config")
    .description("load and validate the config file (exit 2 on bad input); --print shows it resolved, defaults filled in")
    .option("--print", "show the resolved config and the file it came from")
    .option("--json", "with --print: the config as JSON on stdout (the file it came from on stderr)")
    .action(async (flags) => {
      code = await configCommand({ ...flags, config: program.opts<{ config?: string }>().config }, out);
    });

  program
    .command("clean")
    .description("remove containers, volumes and networks left by runs whose process is gone")
    .option("--all", "also remove resources of runs that still seem alive")
    .option("--dry-run", "list what would be removed")
    .action(async (flags) => {
      code = await cleanCommand(flags, logger(), out);
    });

  program
    .command("check")
    .description("re-judge a history (JSON Lines) with one or more checkers; exit 0 valid, 1 invalid, 2 unknown or bad input")
    .argument("<history>", "path of a history.jsonl")
    .requiredOption("--checker <names>", "comma-separated: set, register, availability, convergence")
    .option("--json", "print the result as JSON")
    .option("--option <name=value...>", "checker options, values as JSON (e.g. maxRecoveryMs=5000)")
    .action(async (history: string, flags) => {
      code = await checkCommand(history, flags, out);
    });

  program
    .command("compare")
    .description("two runs side by side (verdicts, timings, findings) with the differences marked; exit 1 when a verdict regressed")
    .argument("<runA>", "run directory (e.g. reports/runs/redis/latest)")
    .argument("<runB>", "run directory")
    .option("--json", "machine-readable output")
    .action(async (a: string, b: string, flags) => {
      code = await compareCommand(a, b, flags, out);
    });

  program
    .command("matrix")
    .description("scenario x target table of run verdicts, in Markdown (and HTML with --html)")
    .argument("<runs...>", "run directories")
    .option("--html <file>", "also write an HTML table")
    .action(async (dirs: string[], flags) => {
      code = await matrixCommand(dirs, flags, out);
    });

  const configOf = () => program.opts<{ config?: string }>().config;
  const run = program
    .command("run")
    .description("run a suite; with no suite, every suite the config file names (or the suites of --target)")
    .addOption(
      new Option(
        "--target <names>",
        "targets of any suites, comma-separated; each picks its suite by name (redis-7.0, mariadb-11.8, ndb-8.0)",
      ),
    )
    .addOption(
      new Option(
        "--repeat <n>",
        "run every scenario n times: timing distributions, and flaky scenarios named (default: the file's repeat, 1)",
      ),
    )
    .addOption(new Option("--json", "print one JSON summary on stdout (people's lines go to stderr)"))
    // A suite name that is none of the subcommands lands here, to be named in the message.
    .argument("[suite]", "redis, galera or ndb (omitted: the config file's suites)")
    .action(async (suite: string | undefined, flags) => {
      if (suite !== undefined)
        throw new BadInputError("suite", `"${suite}" is not a suite`, "Use redis, galera or ndb, or no suite to run the config file's.");
      code = await inSession((s) => runConfigured(configOf(), flags, s));
    });
  // `run redis --target x --repeat 2`: commander gives options that `run` knows too to `run`, wherever they stand.
  const withRunOptions = <F extends object>(flags: F): F => ({ ...run.opts(), ...flags });
  const repeatOption = () =>
    new Option(
      "--repeat <n>",
      "run every scenario n times: min/median/p95/max of each timing, and any scenario whose verdict changed (flaky)",
    );
  run
    .command("redis")
    .description("Redis Cluster scenarios through the mesh, each on a fresh cluster, judged; tear down")
    .addOption(new Option("--target <names>", "catalog images, comma-separated (redis-7.0, redis-8.0, valkey-8.1, ...)"))
    .addOption(new Option("--image <name>", "same as --target with one image").hideHelp())
    .addOption(new Option("--scenario <names>", "comma-separated scenario names, or all (default set); see README"))
    .addOption(new Option("--set <name=value...>", "redis.conf setting for every node (repeatable)"))
    .addOption(new Option("--masters <n>", "masters (3 or more)"))
    .addOption(new Option("--replicas <n>", "replicas per master"))
    .addOption(new Option("--node-timeout <ms>", "cluster-node-timeout (default 2000)"))
    .addOption(
      new Option(
        "--ready-timeout <ms>",
        `deadline for the cluster to become ready, and ready again after a fault (default ${REDIS_TIMING.readyMs})`,
      ),
    )
    .addOption(new Option("--duration <ms>", `how long the workload runs (default ${REDIS_TIMING.durationMs})`))
    .addOption(new Option("--fault <kind>", "set scenario: partition | kill | pause | none, on the first master (default partition)"))
    .addOption(new Option("--fault-ms <ms>", `how long the fault lasts (default ${REDIS_TIMING.faultMs})`))
    .addOption(new Option("--workers <n>", `concurrent clients (default ${REDIS_TIMING.workers})`))
    .addOption(new Option("--margin-ms <ms>", `added to timing bounds such as the failover bound (default ${REDIS_TIMING.marginMs})`))
    .addOption(new Option("--model <name>", "append scenarios: the isolation model judged against (default: serializable, Redis's claim)"))
    // Taken only to be refused with the reason (a MULTI/EXEC has no level to choose), not commander's "unknown option".
    .addOption(new Option("--isolation <level>", "not for Redis").hideHelp())
    .addOption(
      new Option("--seed <n>", "append scenarios: seed of the transactions and of append-chaos's faults (default: a fresh one, printed)"),
    )
    .addOption(new Option("--chaos-ms <ms>", "how long append-chaos runs (default 60000)"))
    .addOption(repeatOption())
    .addOption(new Option("--json", "print one JSON summary on stdout (people's lines go to stderr)"))
    .action(async (flags) => {
      const merged = await configuredFlags("redis", withRunOptions(flags), configOf());
      code = await inSession((s) => runRedis(merged, s));
    });

  const collect = (value: string, previous: string[] = []) => [...previous, value];
  run
    .command("galera")
    .description("Galera (MariaDB Galera, Percona XtraDB Cluster) scenarios through the mesh, each on a fresh cluster, judged; tear down")
    .addOption(
      new Option("--target <names>", "mariadb-10.11, mariadb-11.8, pxc-8.0 or an image reference, comma-separated (default mariadb-10.11)"),
    )
    .addOption(new Option("--flavor <name>", "mariadb | pxc, for an image reference outside the catalog (default: guessed from its name)"))
    .addOption(new Option("--scenario <names>", "comma-separated scenario names, or all (the default); see README"))
    .addOption(new Option("--nodes <n>", "nodes (3 or more; even-split makes it even)"))
    .addOption(new Option("--sst <method>", "SST method: rsync | mariabackup (MariaDB), xtrabackup-v2 (PXC)"))
    .addOption(new Option("--set <name=value>", "server (my.cnf) setting for every node (repeatable)").argParser(collect))
    .addOption(
      new Option("--provider-option <name=value>", "wsrep provider option, e.g. evs.suspect_timeout=PT3S (repeatable)").argParser(collect),
    )
    .addOption(new Option("--duration <ms>", `how long each scenario's workload runs (default ${GALERA_TIMING.durationMs})`))
    .addOption(new Option("--fault-ms <ms>", `how long a partition is held (default ${GALERA_TIMING.faultMs})`))
    .addOption(new Option("--workers <n>", `concurrent clients (default ${GALERA_TIMING.workers})`))
    .addOption(
      new Option(
        "--margin-ms <ms>",
        `added to timing bounds: non-Primary within evs.inactive_timeout + margin (default ${GALERA_TIMING.marginMs})`,
      ),
    )
    .addOption(new Option("--ready-timeout <ms>", `deadline for a cluster to become ready (default ${GALERA_TIMING.readyMs})`))
    .addOption(
      new Option(
        "--recovery-ms <ms>",
        `bound on Primary and Synced everywhere after a heal or crash recovery (default ${GALERA_TIMING.recoveryMs})`,
      ),
    )
    .addOption(
      new Option(
        "--isolation <level>",
        "append scenarios: read-uncommitted | read-committed | repeatable-read | serializable (default: the server's own)",
      ),
    )
    .addOption(
      new Option("--model <name>", "append scenarios: the isolation model judged against (default: snapshot-isolation, Galera's claim)"),
    )
    .addOption(
      new Option("--seed <n>", "append scenarios: seed of the transactions and of append-chaos's faults (default: a fresh one, printed)"),
    )
    .addOption(new Option("--chaos-ms <ms>", "how long append-chaos runs (default 60000)"))
    .addOption(new Option("--bank-gating", "bank anomalies fail the run (default: advisory, Galera is not serializable)"))
    .addOption(new Option("--no-bank-gating", "bank anomalies are advisory even if the config file says bankGating: true"))
    .addOption(repeatOption())
    .addOption(new Option("--json", "print one JSON summary on stdout (people's lines go to stderr)"))
    .action(async (flags) => {
      const merged = await configuredFlags("galera", withRunOptions(flags), configOf());
      code = await inSession((s) => runGalera(merged, s));
    });

  run
    .command("ndb")
    .description("MySQL NDB Cluster scenarios from the official image (skipped, with the reason, where it cannot be had)")
    .addOption(
      new Option(
        "--image <name>",
        "ndb-8.0 (mysql/mysql-cluster:8.0) or an image reference, e.g. container-registry.oracle.com/mysql/community-cluster:8.0",
      ),
    )
    .addOption(new Option("--scenario <names>", "comma-separated scenario names, or all (the default)"))
    .addOption(new Option("--data-nodes <n>", "data nodes, a multiple of --replicas (default 2)"))
    .addOption(new Option("--replicas <n>", "NoOfReplicas (default 2)"))
    .addOption(new Option("--sql-nodes <n>", "SQL nodes (default 1)"))
    .addOption(new Option("--heartbeat-ms <ms>", "HeartbeatIntervalDbDb (default 1000)"))
    .addOption(new Option("--heartbeat-db-api <ms>", "HeartbeatIntervalDbApi (default 1000)"))
    .addOption(new Option("--data-memory <size>", "DataMemory, e.g. 80M (default 80M)"))
    .addOption(new Option("--arbitration <mode>", "Arbitration: Default | Disabled | WaitExternal (default Default)"))
    .addOption(new Option("--arbitration-timeout <ms>", "ArbitrationTimeout (default 3000)"))
    .addOption(new Option("--set <name=value>", "config.ini [ndbd default] parameter (repeatable)").argParser(collect))
    .addOption(new Option("--duration <ms>", `how long each scenario's workload runs (default ${NDB_TIMING.durationMs})`))
    .addOption(new Option("--fault-ms <ms>", `how long a fault is held (default ${NDB_TIMING.faultMs})`))
    .addOption(new Option("--workers <n>", `concurrent clients (default ${NDB_TIMING.workers})`))
    .addOption(new Option("--margin-ms <ms>", `added to timing bounds (default ${NDB_TIMING.marginMs})`))
    .addOption(new Option("--ready-timeout <ms>", `deadline for the cluster to become ready (default ${NDB_TIMING.readyMs})`))
    .addOption(new Option("--recovery-ms <ms>", `bound on a node or the cluster being started again (default ${NDB_TIMING.recoveryMs})`))
    .addOption(
      new Option(
        "--isolation <level>",
        "append scenarios: read-uncommitted | read-committed | repeatable-read | serializable (default: the server's own)",
      ),
    )
    .addOption(new Option("--model <name>", "append scenarios: the isolation model judged against (default: read-committed, NDB's claim)"))
    .addOption(
      new Option("--seed <n>", "append scenarios: seed of the transactions and of append-chaos's faults (default: a fresh one, printed)"),
    )
    .addOption(new Option("--chaos-ms <ms>", "how long append-chaos runs (default 60000)"))
    .addOption(repeatOption())
    .addOption(new Option("--json", "print one JSON summary on stdout (people's lines go to stderr)"))
    .action(async (flags) => {
      // NDB takes one image; `--target` (run's) names it as --image does.
      const { target, ...rest } = withRunOptions(flags) as { target?: string; image?: string };
      if (target !== undefined && rest.image !== undefined)
        throw new BadInputError("--target", "and --image both name the image", "Give one of them: run ndb takes one image.");
      const merged = await configuredFlags("ndb", { ...rest, ...(target !== undefined ? { image: target } : {}) }, configOf());
      code = await inSession((s) => runNdb(merged, s));
    });

  refuseRepeatedValues(program);
  // Until the command has its exit code, nothing may end the process with 0 or 1 (a verdict it did not reach).
  const disarm = guardEarlyExit();
  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; a usage error is bad input: 2.
      return error.exitCode === 0 ? 0 : 2;
    }
    const exitCode = error instanceof FaultlineError ? error.exitCode : 2;
    const verbose = program.opts<{ verbose?: boolean }>().verbose === true;
    process.stderr.write(`${failureReport(error, verbose || debugRequested())}\n`);
    return exitCode;
  } finally {
    disarm();
  }
}

/** FAULTLINE_DEBUG set to anything but "" or 0: internal errors come with their stack. */
export const debugRequested = (env: NodeJS.ProcessEnv = process.env): boolean =>
  env.FAULTLINE_DEBUG !== undefined && env.FAULTLINE_DEBUG !== "" && env.FAULTLINE_DEBUG !== "0";

/**
 * What the user sees of an error: always one clear line. Errors faultline raises on purpose
 * (bad input, infrastructure, deadlines) say everything in it; a stack would only hide it. Any
 * other error is faultline's own fault: said so, with its stack only when asked for (--verbose
 * or FAULTLINE_DEBUG), as the stack helps whoever fixes faultline and nobody else.
 */
export function failureReport(error: unknown, withStack: boolean): string {
  const line = `faultline: ${printable(errorMessage(error))}`;
  if (error instanceof FaultlineError) return line;
  const stack = error instanceof Error && error.stack ? error.stack : undefined;
  if (withStack && stack) return `${line}\n${printable(stack)}`;
  return `${line}\n(an internal error of faultline, not of your input: run again with --verbose or FAULTLINE_DEBUG=1 for its stack, and report it)`;
}
