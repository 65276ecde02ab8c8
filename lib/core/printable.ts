/**
 * Text safe to show on a terminal. User input (a flag's value, a file's contents, a path)
 * ends up in messages; an escape sequence in it would otherwise be obeyed by the terminal
 * (recolour, move the cursor, rewrite the line with a carriage return, set the window title).
 * Control characters are shown escaped instead, as JSON writes them (ESC as \u001b), so the
 * user sees what they gave. Newlines and tabs are kept: messages are laid out with them.
 */

// C0 controls but tab and newline, DEL, C1 controls, and the bidirectional overrides that reorder what is shown.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export const escapeCharacter = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** `text` with every control character but newline and tab escaped (\u001b, \u000d, ...). */
export function printable(text: string): string {
  return text.replace(UNSAFE, escapeCharacter);
}

/** One line of text for a message: newlines and tabs escaped too. */
export function printableLine(text: string): string {
  return printable(text).replace(/[\n\t]/g, escapeCharacter);
}

/** Whether `text` holds a control character (newline and tab included): such a value cannot go into a config file or a command line. */
export function controlCharacterIn(text: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  const found = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.exec(text);
  return found ? found[0] : undefined;
}
