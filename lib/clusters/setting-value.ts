import { BadInputError } from "../core/errors.ts";
import { controlCharacterIn, escapeCharacter } from "../core/printable.ts";
import { shownSetting } from "../core/redact.ts";

/**
 * A value that lands in a server's configuration file or command line (a --set value, a
 * provider option, NDB's DataMemory) must hold no control character: a newline adds a line of
 * its own to my.cnf or config.ini, a carriage return or an escape sequence hides what was
 * written, and "80M\n" was written as it was. Throws bad input naming the field and the character.
 */
export function checkSettingValue(field: string, name: string, value: string): void {
  const found = controlCharacterIn(value);
  if (found === undefined) return;
  const what = found === "\n" ? "a newline" : found === "\r" ? "a carriage return" : found === "\t" ? "a tab" : "a control character";
  throw new BadInputError(
    field,
    `contains ${what} (${escapeCharacter(found)}) in ${shownSetting(name, value)}, which would go into the server's configuration as it is`,
    "Give the value on one line, printable characters only.",
  );
}
