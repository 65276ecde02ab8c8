#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx faultline` never uses a stale build.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../lib/cli/main.ts");
const code = await main(process.argv);
// Open sockets (Docker, Redis) must not keep a finished run alive.
process.exit(code);
