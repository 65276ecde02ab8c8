// Preloaded by bench/harness-memory.ts (`node --require bench/vmhwm-at-exit.cjs bin/faultline.js ...`):
// on the process's 'exit' event (process.exit included) writes its own /proc/self/status memory lines
// to the file named by FAULTLINE_BENCH_VMHWM_FILE, so the last value before exit is exact, not the
// last 100 ms poll. CommonJS on purpose: --require runs it synchronously before bin/faultline.js.
const { readFileSync, writeFileSync } = require("node:fs");

const target = process.env.FAULTLINE_BENCH_VMHWM_FILE;
if (target) {
  // Not passed on to anything the harness itself spawns.
  delete process.env.FAULTLINE_BENCH_VMHWM_FILE;
  process.on("exit", (code) => {
    const status = readFileSync("/proc/self/status", "utf8");
    const pick = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? Number.NaN);
    writeFileSync(
      target,
      `${JSON.stringify({ pid: process.pid, code, vmHwmKb: pick("VmHWM"), vmRssKb: pick("VmRSS"), threads: pick("Threads") })}\n`,
    );
  });
}
