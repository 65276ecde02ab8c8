import { constants, createWriteStream, openSync, type WriteStream } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A log file in a directory of its own that only the current user can enter. */
export interface PrivateLog {
  /** The directory (mode 0700), created for this log alone. */
  dir: string;
  /** The log file (mode 0600) inside it. */
  path: string;
  stream: WriteStream;
  /** Removes the directory with the log: when nothing went wrong, nobody needs it. */
  remove(): Promise<void>;
}

/**
 * A log for a command faultline runs as root (debootstrap). A fixed name in the shared /tmp
 * (/tmp/faultline-debootstrap-<suite>.log) let any local user plant a symlink there, and
 * opening it for writing as root truncated whatever it pointed at. Here the directory is new
 * and private (mkdtemp, 0700), and the file is created, never reused: O_EXCL refuses anything
 * already at the path and O_NOFOLLOW refuses a symlink. The caller keeps the directory when
 * the command failed, so that the error can name the log, and removes it otherwise.
 */
export async function openPrivateLog(name: string, parent: string = tmpdir()): Promise<PrivateLog> {
  const dir = await mkdtemp(join(parent, `faultline-${name}-`));
  await chmod(dir, 0o700);
  const path = join(dir, `${name}.log`);
  // A plain descriptor, owned by the stream from here on (it closes it).
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  const stream = createWriteStream(path, { fd });
  return {
    dir,
    path,
    stream,
    async remove() {
      await new Promise<void>((resolve) => (stream.closed ? resolve() : stream.end(() => resolve())));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
